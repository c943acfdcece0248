"""Turn pasted text (address lists, ``Name <addr>`` lines, user ids) into invitees and problems.

Rules, chosen so that a paste never invents an invitee:

- Entries are separated by commas, semicolons, line breaks and whitespace.
- ``Name <addr>``, ``"Last, First" <addr>``, ``'Name' <addr>`` and ``<addr>`` give an
  address with a display name; names in quotes may hold commas and semicolons.
- Unquoted words only count as a name when ``<addr>`` follows on the same line with
  nothing but spaces between. A word before a bare address is reported, never joined
  to it: ``john smith@x.com`` is a problem ("john") and one address.
- A word that contains ``@`` or is a user id is always an address of its own.
- ``mailto:`` is stripped; 24 hexadecimal characters make a user id.
- Repeats (emails and ids without case) are dropped and listed, also against ``existing``.
- Unbalanced quotes and angle brackets are reported where they start; scanning goes on.

The common paste, nothing but bare addresses, takes a fast path that reads the same
invitees and repeats as the general scanner with work done by the regex engine and
``map`` instead of a Python step per token; any other text goes to the scanner.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from operator import methodcaller
from typing import NamedTuple

from spaces_desktop.domain.invite_request import (
    EMAIL_PATTERN,
    MAX_EMAIL_LENGTH,
    Invitee,
    InviteeType,
    Role,
    is_user_id,
    is_valid_email,
)

# Re-exported: the invitee table model imports it from here.
from spaces_desktop.domain.invite_request import identity_of as identity_of

_HARD = ",;\r\n\uff0c\uff1b"  # the last two: full-width comma and semicolon (CJK input)
_TOKENS = re.compile(
    rf"""
    (?P<hard>[{_HARD}])
    | (?P<space>[^\S{_HARD}]+)
    | (?P<dq>"(?:[^"\\\r\n]|\\[^\r\n])*")
    | (?P<dq_open>"[^\s{_HARD}<]*)
    | (?P<sq>'(?:[^'\r\n]|'(?![\s{_HARD}<]|$))*'(?=[\s{_HARD}<]|$))
    | (?P<angle><[^<>\r\n]*>)
    | (?P<angle_open><[^\s{_HARD}<>]*)
    | (?P<email>{EMAIL_PATTERN})(?:[\s{_HARD}]+|(?=<)|\Z)
    | (?P<user_id>[0-9a-fA-F]{{24}})(?:[\s{_HARD}]+|(?=<)|\Z)
    | (?P<word>[^\s{_HARD}<]+)
    """,
    re.VERBOSE,
)
# The fast path: a bare address (an email, not starting with a quote the scanner could
# take for a quoted name, or a user id) with the separators after it. findall over the
# text gives these pieces as plain strings (no tuple per address for the garbage
# collector to count); they cover the text exactly when it holds nothing else, which
# their lengths tell.
_BARE_ADDRESS = re.compile(rf"(?!')(?:{EMAIL_PATTERN}|[0-9a-fA-F]{{24}})(?:[\s{_HARD}]+|\Z)")
_LEADING_SEPARATORS = re.compile(rf"[\s{_HARD}]*")
# What regex \s matches (tests/unit check it), and the hard separators: rstrip() with
# these takes a piece's separators off, as no address ends with one.
_SEPARATOR_CHARACTERS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" + _HARD
)
_strip_separators = methodcaller("rstrip", _SEPARATOR_CHARACTERS)
_ESCAPE = re.compile(r"\\(.)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HEXISH = re.compile(r"[0-9a-fA-F]{16,}")
_MAILTO = "mailto:"
_KIND_OF_GROUP = {"email": InviteeType.EMAIL, "user_id": InviteeType.USER_ID}
# "email:", "userId:": what Invitee.identity puts before the lower-case address.


# Slots: a 5,000-row paste makes 5,000 of these, and a __dict__ each was as many more
# objects to allocate and for the garbage collector to visit.
@dataclass(frozen=True, slots=True)
class ParsedInvitee:
    """An accepted invitee; ``position`` is where its entry (name or address) starts."""

    invitee: Invitee
    display_name: str | None
    position: int


@dataclass(frozen=True)
class ParseProblem:
    """A piece of the text that gave no invitee: 0-based ``position``, 1-based line/column."""

    token: str
    position: int
    line: int
    column: int
    reason: str


@dataclass(frozen=True)
class ParseOutcome:
    invitees: tuple[ParsedInvitee, ...]
    problems: tuple[ParseProblem, ...]
    duplicates: tuple[str, ...]


class _Piece(NamedTuple):
    kind: str
    text: str
    start: int


def _strip_mailto(address: str) -> str:
    if address[: len(_MAILTO)].lower() == _MAILTO:
        return address[len(_MAILTO) :].strip()
    return address


def _kind_of(address: str) -> InviteeType | None:
    if is_user_id(address):
        return InviteeType.USER_ID
    if is_valid_email(address):
        return InviteeType.EMAIL
    return None


def _address_problem(address: str, token: str) -> str:
    """Why ``address`` (read from ``token``) is neither an email nor a user id."""
    if not address:
        return f"“{token}” holds no address."
    if _HEXISH.fullmatch(address):
        return (
            f"“{address}” is not a valid email address or Spaces user id "
            f"(24 characters, 0-9 and a-f; this one has {len(address)})."
        )
    return f"“{address}” is not a valid email address."


class _Parser:
    def __init__(self, text: str, role: Role, existing: Iterable[Invitee]) -> None:
        self.text = text
        self.role = role
        self.seen = {invitee.identity for invitee in existing}
        self.invitees: list[ParsedInvitee] = []
        self.problems: list[ParseProblem] = []
        self.duplicates: list[str] = []
        self.pending: list[_Piece] = []  # name candidates since the last hard separator
        self._line_starts: list[int] | None = None

    def run(self) -> ParseOutcome:
        for match in _TOKENS.finditer(self.text):
            kind = match.lastgroup
            if kind == "email" or kind == "user_id":
                # The common case, kept to a few lines: a bare address the scanner has
                # already checked, with the separators after it (nothing to flush there,
                # so skipping them changes nothing). It ends any pending name.
                address = match[kind]
                if kind == "user_id" or len(address) <= MAX_EMAIL_LENGTH:
                    if self.pending:
                        self.flush_pending()
                    self.add(_KIND_OF_GROUP[kind], address, None, match.start())
                else:  # too long to be an email: the word path explains why
                    self.take_word(_Piece("word", address, match.start()))
            elif kind == "space":
                continue
            elif kind == "hard":
                self.flush_pending()
            else:
                self.take_piece(_Piece(kind or "", match.group(), match.start()))
        self.flush_pending()
        return ParseOutcome(tuple(self.invitees), tuple(self.problems), tuple(self.duplicates))

    def take_piece(self, piece: _Piece) -> None:
        kind = piece.kind
        if kind == "angle":
            self.take_angle(piece)
        elif kind == "dq" or kind == "sq":
            self.pending.append(piece)
        elif kind == "word":
            self.take_word(piece)
        elif kind == "dq_open":
            self.flush_pending()
            self.problem(piece, f"“{piece.text}” opens a quote that is not closed.")
        else:  # angle_open
            self.flush_pending()
            self.problem(piece, f"“{piece.text}” has “<” without a closing “>”.")

    def take_word(self, piece: _Piece) -> None:
        address = _strip_mailto(piece.text)
        if "@" in address or is_user_id(address) or address != piece.text:
            self.flush_pending()
            self.accept(address, piece, None, piece.start)
        else:
            self.pending.append(piece)

    def take_angle(self, piece: _Piece) -> None:
        address = _strip_mailto(piece.text[1:-1].strip())
        names = self.pending
        self.pending = []
        parts = [_ESCAPE.sub(r"\1", p.text[1:-1]) if p.kind != "word" else p.text for p in names]
        display = " ".join(" ".join(parts).split()) or None
        self.accept(address, piece, display, names[0].start if names else piece.start)

    def flush_pending(self) -> None:
        """Name candidates with no ``<addr>`` after them: quoted addresses, else problems."""
        pending, self.pending = self.pending, []
        for piece in pending:
            if piece.kind == "word":
                self.problem(piece, _address_problem(piece.text, piece.text))
                continue
            # A quoted address ('bob@x.com') counts; the raw inside, never unescaped, so
            # an address is always a substring of what was typed.
            inside = _strip_mailto(piece.text[1:-1].strip())
            if "@" in inside or is_user_id(inside):
                self.accept(inside, piece, None, piece.start)
            else:
                self.problem(piece, f"{piece.text} is a name without an <address> after it.")

    def accept(self, address: str, piece: _Piece, display: str | None, position: int) -> None:
        kind = _kind_of(address)
        if kind is None:
            self.problem(piece, _address_problem(address, piece.text))
        else:
            self.add(kind, address, display, position)

    def add(self, kind: InviteeType, address: str, display: str | None, position: int) -> None:
        """Keep a checked address, unless it repeats one seen before."""
        identity = identity_of(kind, address)  # a repeat then costs no Invitee
        if identity in self.seen:
            self.duplicates.append(address)
            return
        self.seen.add(identity)
        self.invitees.append(ParsedInvitee(Invitee(kind, address, self.role), display, position))

    def problem(self, piece: _Piece, reason: str) -> None:
        line, column = self.line_and_column(piece.start)
        self.problems.append(ParseProblem(piece.text, piece.start, line, column, reason))

    def line_and_column(self, position: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        line = bisect_right(self._line_starts, position)
        return line, position - self._line_starts[line - 1] + 1


def _parse_bare_addresses(
    text: str, role: Role, existing: Iterable[Invitee]
) -> ParseOutcome | None:
    """What ``_Parser`` gives when ``text`` holds only bare addresses; else None.

    The same outcome by construction: each address here is a token the scanner's
    ``email`` or ``user_id`` branch takes whole (it cannot open a quoted name or a
    bracket), no name is ever pending, nothing is a problem, and repeats follow the
    same rule. ``existing`` is read only once the text qualifies, so a None leaves it
    unread for the scanner.
    """
    lead = _LEADING_SEPARATORS.match(text)
    start = lead.end() if lead is not None else 0
    pieces = _BARE_ADDRESS.findall(text, start)
    if not pieces:
        return None
    # The pieces come in order and never overlap, so they cover the text exactly when
    # their lengths add up to it; a gap is something only the scanner can read.
    lengths = list(map(len, pieces))
    if sum(lengths) != len(text) - start:
        return None
    addresses = list(map(_strip_separators, pieces))
    if max(map(len, addresses)) > MAX_EMAIL_LENGTH:
        return None  # the scanner's word branch explains why it is too long
    # Each address starts where the pieces before it end.
    positions = list(accumulate(lengths[:-1], initial=start))
    # An email holds exactly one "@", a user id none: all emails is one count.
    kinds: list[InviteeType] | None = None
    existing_identities = {invitee.identity for invitee in existing}
    if text.count("@", start) == len(addresses):
        # All emails: their identities all start with the email prefix, so compare the
        # lower-case addresses with the existing emails' identities without it.
        prefix = identity_of(InviteeType.EMAIL, "")
        identities = list(map(str.lower, addresses))
        seen = {
            identity[len(prefix) :]
            for identity in existing_identities
            if identity.startswith(prefix)
        }
    else:
        kinds = [
            InviteeType.EMAIL if "@" in address else InviteeType.USER_ID for address in addresses
        ]
        identities = list(map(identity_of, kinds, addresses))
        seen = existing_identities

    kept_addresses: Iterable[str] = addresses
    kept_positions: Iterable[int] = positions
    duplicates: list[str] = []
    # Repeats are rare: two set operations in C tell, and only then a step per address.
    if len(set(identities)) != len(identities) or not seen.isdisjoint(identities):
        keep = []
        for address, identity in zip(addresses, identities, strict=True):
            repeated = identity in seen
            keep.append(not repeated)
            if repeated:
                duplicates.append(address)
            else:
                seen.add(identity)
        kept_addresses = compress(addresses, keep)
        kept_positions = compress(positions, keep)
        if kinds is not None:
            kinds = list(compress(kinds, keep))
    invitees = map(
        Invitee,
        repeat(InviteeType.EMAIL) if kinds is None else kinds,
        kept_addresses,
        repeat(role),
    )
    parsed = tuple(map(ParsedInvitee, invitees, repeat(None), kept_positions))
    return ParseOutcome(parsed, (), tuple(duplicates))


def _parse_with_scanner(text: str, role: Role, existing: Iterable[Invitee]) -> ParseOutcome:
    """The general path: every rule of the module docstring, one token at a time."""
    return _Parser(text, role, existing).run()


def parse_invitee_text(
    text: str, role: Role = Role.MEMBER, *, existing: Iterable[Invitee] = ()
) -> ParseOutcome:
    """Every invitee in ``text`` (in order, each once) with ``role``, and every problem."""
    fast = _parse_bare_addresses(text, role, existing)
    return fast if fast is not None else _parse_with_scanner(text, role, existing)
