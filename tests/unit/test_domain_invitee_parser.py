"""Pasted invitee text: forms, separators, problems with positions, duplicates, properties."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spaces_desktop.domain.invite_request import Invitee, InviteeType, Role, identities_of
from spaces_desktop.domain.invitee_parser import (
    _HARD,
    _SEPARATOR_CHARACTERS,
    ParseOutcome,
    ParseProblem,
    _parse_bare_addresses,
    _parse_with_scanner,
    identity_of,
    parse_invitee_text,
)

USER_ID = "59039e47e2cda45e3bbbfc7f"


def addresses(outcome: ParseOutcome) -> list[str]:
    return [parsed.invitee.address for parsed in outcome.invitees]


def names(outcome: ParseOutcome) -> list[str | None]:
    return [parsed.display_name for parsed in outcome.invitees]


def tokens(outcome: ParseOutcome) -> list[str]:
    return [problem.token for problem in outcome.problems]


@pytest.mark.parametrize(
    "text",
    [
        "a@x.com,b@x.com;c@x.com",
        "a@x.com b@x.com\tc@x.com",
        "a@x.com\nb@x.com\r\nc@x.com",
        " a@x.com ,, b@x.com ;\n\n c@x.com ; ",
        "a@x.com\uff0cb@x.com\uff1bc@x.com",
    ],
)
def test_separators(text: str) -> None:
    outcome = parse_invitee_text(text)
    assert addresses(outcome) == ["a@x.com", "b@x.com", "c@x.com"]
    assert outcome.problems == ()


def test_two_addresses_on_one_line_are_two_never_glued() -> None:
    assert addresses(parse_invitee_text("a@b.com c@d.com")) == ["a@b.com", "c@d.com"]


def test_name_then_angle_address() -> None:
    outcome = parse_invitee_text("John Smith <js@x.com>")
    assert addresses(outcome) == ["js@x.com"]
    assert names(outcome) == ["John Smith"]


def test_quoted_name_may_hold_commas_and_semicolons() -> None:
    outcome = parse_invitee_text('"Smith, John; Jr." <js@x.com>, b@x.com')
    assert addresses(outcome) == ["js@x.com", "b@x.com"]
    assert names(outcome) == ["Smith, John; Jr.", None]
    assert outcome.problems == ()


def test_single_quoted_name_with_an_apostrophe_inside() -> None:
    outcome = parse_invitee_text("'Dan O'Brien' <dan@x.com>")
    assert names(outcome) == ["Dan O'Brien"]
    assert addresses(outcome) == ["dan@x.com"]


def test_escaped_quote_in_a_name() -> None:
    assert names(parse_invitee_text(r'"Bob \"The Builder\"" <b@x.com>')) == ['Bob "The Builder"']


def test_bare_angle_address_has_no_name() -> None:
    outcome = parse_invitee_text("<a@x.com>")
    assert addresses(outcome) == ["a@x.com"]
    assert names(outcome) == [None]


def test_spaces_inside_angle_brackets_are_ignored() -> None:
    assert addresses(parse_invitee_text("< a@x.com >")) == ["a@x.com"]


def test_name_glued_to_the_bracket() -> None:
    outcome = parse_invitee_text("Ann<ann@x.com>")
    assert (addresses(outcome), names(outcome)) == (["ann@x.com"], ["Ann"])


def test_address_glued_to_the_next_bracket_stays_two() -> None:
    assert addresses(parse_invitee_text("a@x.com<b@x.com>")) == ["a@x.com", "b@x.com"]


def test_mailto_prefix_is_stripped_bare_and_in_brackets() -> None:
    outcome = parse_invitee_text("mailto:a@x.com, Bee <MAILTO:b@x.com>")
    assert addresses(outcome) == ["a@x.com", "b@x.com"]


def test_24_hex_becomes_a_user_id_and_keeps_its_role() -> None:
    outcome = parse_invitee_text(f"{USER_ID} a@x.com", Role.GUEST)
    assert [p.invitee for p in outcome.invitees] == [
        Invitee(InviteeType.USER_ID, USER_ID, Role.GUEST),
        Invitee(InviteeType.EMAIL, "a@x.com", Role.GUEST),
    ]


def test_hex_of_the_wrong_length_explains_user_ids() -> None:
    outcome = parse_invitee_text(USER_ID[:-1])
    assert outcome.problems[0].reason == (
        f"“{USER_ID[:-1]}” is not a valid email address or Spaces user id "
        "(24 characters, 0-9 and a-f; this one has 23)."
    )


def test_bad_token_reports_line_and_column() -> None:
    outcome = parse_invitee_text("alice@x.com\nfoo bob@")
    assert addresses(outcome) == ["alice@x.com"]
    assert outcome.problems[1] == ParseProblem(
        "bob@", 16, 2, 5, "“bob@” is not a valid email address."
    )


def test_columns_count_from_the_line_start_after_crlf() -> None:
    problem = parse_invitee_text("a@x.com\r\n\r\n  nope").problems[0]
    assert (problem.line, problem.column, problem.position) == (3, 3, 13)


def test_bare_words_before_an_address_are_problems_not_names() -> None:
    outcome = parse_invitee_text("john smith@x.com")
    assert addresses(outcome) == ["smith@x.com"]
    assert names(outcome) == [None]
    assert tokens(outcome) == ["john"]


def test_words_separated_by_a_comma_from_the_bracket_are_not_its_name() -> None:
    outcome = parse_invitee_text("Smith, John <j@x.com>")
    assert names(outcome) == ["John"]
    assert tokens(outcome) == ["Smith"]


def test_words_on_the_line_before_the_bracket_are_not_its_name() -> None:
    outcome = parse_invitee_text("John\n<j@x.com>")
    assert names(outcome) == [None]
    assert tokens(outcome) == ["John"]


def test_address_before_a_bracket_is_an_address_not_a_name() -> None:
    outcome = parse_invitee_text("a@x.com <b@x.com>")
    assert addresses(outcome) == ["a@x.com", "b@x.com"]
    assert names(outcome) == [None, None]


def test_quoted_address_alone_is_accepted() -> None:
    assert addresses(parse_invitee_text("'a@x.com', \"b@x.com\"")) == ["a@x.com", "b@x.com"]


def test_quoted_name_without_address_is_a_problem() -> None:
    outcome = parse_invitee_text('"Bob Smith", a@x.com')
    assert addresses(outcome) == ["a@x.com"]
    assert outcome.problems[0].reason == '"Bob Smith" is a name without an <address> after it.'


def test_unclosed_double_quote_is_reported_and_scanning_goes_on() -> None:
    outcome = parse_invitee_text('"Smith, Jo <jo@x.com>\nb@x.com')
    assert addresses(outcome) == ["jo@x.com", "b@x.com"]
    assert outcome.problems[0].token == '"Smith'
    assert outcome.problems[0].reason == '“"Smith” opens a quote that is not closed.'


def test_quote_never_spans_lines() -> None:
    outcome = parse_invitee_text('"Ann\n" <a@x.com>')
    assert addresses(outcome) == ["a@x.com"]
    assert [p.line for p in outcome.problems] == [1, 2]


def test_unclosed_angle_bracket_is_reported() -> None:
    outcome = parse_invitee_text("Bob <bob@x.com\nc@x.com")
    assert addresses(outcome) == ["c@x.com"]
    assert outcome.problems[-1].reason == "“<bob@x.com” has “<” without a closing “>”."
    assert tokens(outcome) == ["Bob", "<bob@x.com"]


def test_two_addresses_in_one_bracket_are_refused_not_split() -> None:
    outcome = parse_invitee_text("<a@x.com, b@x.com>")
    assert outcome.invitees == ()
    assert outcome.problems[0].reason == "“a@x.com, b@x.com” is not a valid email address."


def test_empty_brackets_are_a_problem() -> None:
    assert parse_invitee_text("<>").problems[0].reason == "“<>” holds no address."


def test_stray_closing_bracket_is_a_problem() -> None:
    outcome = parse_invitee_text("a@x.com > b@x.com")
    assert addresses(outcome) == ["a@x.com", "b@x.com"]
    assert tokens(outcome) == [">"]


def test_apostrophe_inside_an_address_is_part_of_it() -> None:
    assert addresses(parse_invitee_text("o'brien@x.ie")) == ["o'brien@x.ie"]


def test_duplicates_are_dropped_case_insensitively_and_listed() -> None:
    outcome = parse_invitee_text(f"Ann@X.com, ann@x.COM, {USER_ID}, {USER_ID.upper()}")
    assert addresses(outcome) == ["Ann@X.com", USER_ID]
    assert outcome.duplicates == ("ann@x.COM", USER_ID.upper())


def test_duplicates_of_existing_invitees_are_dropped() -> None:
    existing = [Invitee.from_address("a@x.com"), Invitee.from_address(USER_ID)]
    outcome = parse_invitee_text(f"A@x.com b@x.com {USER_ID}", existing=existing)
    assert addresses(outcome) == ["b@x.com"]
    assert outcome.duplicates == ("A@x.com", USER_ID)


def test_position_is_where_the_entry_starts() -> None:
    outcome = parse_invitee_text("a@x.com; Bob B <b@x.com>")
    assert [p.position for p in outcome.invitees] == [0, 9]


def test_empty_text_gives_nothing() -> None:
    assert parse_invitee_text(" \n, ;") == ParseOutcome((), (), ())


def test_five_thousand_addresses_parse_completely() -> None:
    text = "\n".join(f"User {i} <user{i}@example.com>" for i in range(5000))
    outcome = parse_invitee_text(text)
    assert len(outcome.invitees) == 5000
    assert outcome.problems == ()


# --- properties -------------------------------------------------------------------

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
# Plain text strategies, not from_regex: the latter made this module take seconds.
_local = st.text(alphabet=_ALNUM + "_+-'.", max_size=8).map(
    lambda middle: "a" + ".".join(part or "p" for part in middle.split("."))
)
_domain = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.text(alphabet="abcdefghij-.", min_size=1, max_size=10).map(
        lambda text: [label.strip("-") or "d" for label in text.split(".")]
    ),
    st.sampled_from(["com", "org", "io", "uk"]),
)
emails = st.builds(lambda local, domain: f"{local}@{domain}", _local, _domain)
user_ids = st.text(alphabet="0123456789abcdefABCDEF", min_size=24, max_size=24)
display_names = st.one_of(
    st.text(alphabet="ABCXYZabcxyz ", min_size=1, max_size=16).map(
        lambda text: " ".join(text.split()) or "Ann"
    ),
    st.text(alphabet="ABCabc ,;.'", min_size=1, max_size=20).map(lambda name: f'"{name}"'),
)
separators = st.sampled_from([",", ";", " ", "\n", "\t", ", ", " ;\n", "\r\n", ",,"])


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, str]:
    """(address, text of its entry): bare, <addr>, Name <addr> or "Quoted, Name" <addr>."""
    address = draw(st.one_of(emails, user_ids))
    form = draw(st.sampled_from(["bare", "angle", "named", "mailto"]))
    if form == "angle":
        return address, f"<{address}>"
    if form == "named":
        return address, f"{draw(display_names)} <{address}>"
    if form == "mailto" and "@" in address:
        return address, f"mailto:{address}"
    return address, address


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(entries(), separators), max_size=8))
def test_valid_lists_parse_to_the_deduplicated_input_in_order(
    items: list[tuple[tuple[str, str], str]],
) -> None:
    text = "".join(entry + separator for (_, entry), separator in items)
    expected: list[str] = []
    for (address, _), _separator in items:
        if address.lower() not in {e.lower() for e in expected}:
            expected.append(address)
    outcome = parse_invitee_text(text)
    assert outcome.problems == ()
    assert addresses(outcome) == expected
    assert len(outcome.duplicates) == len(items) - len(expected)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet="ab@.xo<>\"' ,;\n\t\\:mailto0f\ré\uff0c",
        max_size=60,
    )
)
def test_garbage_never_raises_and_never_invents_an_address(text: str) -> None:
    outcome = parse_invitee_text(text)
    for parsed in outcome.invitees:
        assert parsed.invitee.address in text
        assert parsed.invitee.problem() is None
    for problem in outcome.problems:
        assert text[problem.position : problem.position + len(problem.token)] == problem.token


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_text_never_raises(text: str) -> None:
    outcome = parse_invitee_text(text)
    assert all(parsed.invitee.address in text for parsed in outcome.invitees)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(InviteeType)), st.text(max_size=30))
def test_identity_of_is_the_invitee_identity(kind: InviteeType, address: str) -> None:
    assert identity_of(kind, address) == Invitee(kind, address).identity


# --- the bare-address fast path gives what the general scanner gives --------------

_TRICKY_TEXTS = [
    # Bare addresses only: the fast path takes these.
    "a@x.com",
    "a@x.com\nb@x.com\n",
    "\r\n a@x.com,\tb@x.com;;c@x.com\uff0c d@x.com\uff1b\r\n",
    f"{USER_ID}\n{USER_ID.upper()}\na@x.com",
    "Ann@X.com\nann@x.COM\nb@x.com\nANN@x.com",
    "a@x.com b@x.com\u00a0c@x.com\u3000d@x.com",
    "o'brien@x.ie, a+tag@sub.x.co.uk",
    "a@x.com\ta@x.com",
    # Anything else: the scanner reads these.
    '"Last, First" <a@x.com>; b@x.com',
    "Name <a@x.com>, b@x.com",
    "<a@x.com>",
    "'bob@x.com' c@x.com",
    "'bob@x.com c@x.com'",
    "'o'brien@x.ie",
    "john smith@x.com",
    "mailto:a@x.com b@x.com",
    "a@x.com<b@x.com>",
    "a@x.com\nnot-an-address\nb@x.com",
    f"{USER_ID}0 a@x.com",
    "0123456789abcdef0123456789 a@x.com",
    "a@x",
    'a@x.com\n"unclosed\nb@x.com',
    "a@x.com <unclosed",
    "a@x.com >",
    "jörg@x.com a@x.com",
    "x" * 250 + "@example.com a@x.com",
    "a@" + ("b" * 60 + ".") * 5 + "com b@x.com",  # matches the pattern, but too long
    "a" * 64 + "@x.com " + "a" * 65 + "@x.com",
    "",
    " \n, ;",
]


@pytest.mark.parametrize("text", _TRICKY_TEXTS)
def test_parse_gives_what_the_general_scanner_gives(text: str) -> None:
    existing = [Invitee.from_address("b@x.com"), Invitee.from_address(USER_ID.upper())]
    for given_existing in ([], existing):
        for role in (Role.MEMBER, Role.GUEST):
            expected = _parse_with_scanner(text, role, given_existing)
            assert parse_invitee_text(text, role, existing=given_existing) == expected


def test_the_fast_path_takes_bare_lists_and_declines_the_rest() -> None:
    """The comparison above is only worth something if both paths are exercised."""
    bare, other = _TRICKY_TEXTS[:8], _TRICKY_TEXTS[8:]
    assert all(_parse_bare_addresses(text, Role.MEMBER, ()) is not None for text in bare)
    assert all(_parse_bare_addresses(text, Role.MEMBER, ()) is None for text in other)


def test_the_fast_path_reads_existing_only_when_it_answers() -> None:
    # A generator of existing invitees can be read once: declining must leave it whole.
    existing = (invitee for invitee in [Invitee.from_address("b@x.com")])
    outcome = parse_invitee_text("Ann <a@x.com> b@x.com", existing=existing)
    assert addresses(outcome) == ["a@x.com"]
    assert outcome.duplicates == ("b@x.com",)


def test_fast_path_keeps_positions_and_repeats_of_a_large_paste() -> None:
    # Rows 4,000 on repeat earlier ones, in capitals.
    lines = [f"person.{n % 4000}@example{n % 4000 % 37}.com" for n in range(5000)]
    lines[4000:] = [line.upper() for line in lines[4000:]]
    text = " \n" + "\r\n".join(lines) + "\n"
    outcome = parse_invitee_text(text)
    assert outcome == _parse_with_scanner(text, Role.MEMBER, ())
    assert len(outcome.invitees) == 4000
    assert len(outcome.duplicates) == 1000
    assert all(text.startswith(p.invitee.address, p.position) for p in outcome.invitees)


_mixed_tokens = st.one_of(
    emails,
    user_ids,
    st.sampled_from(
        [
            '"Last, First"',
            "'Quoted'",
            "<a@x.com>",
            "Name",
            "mailto:b@x.com",
            "A@X.COM",
            "a@x",
            "'",
            '"',
            "<",
            ">",
            "jörg@x.com",
            "x" * 250 + "@x.com",
        ]
    ),
)
_mixed_separators = st.sampled_from(
    [",", ";", " ", "\n", "\t", "\r\n", "\r", ",,", "\u00a0", "\u3000", "\uff0c", "\uff1b", ""]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_mixed_tokens, _mixed_separators), max_size=10),
    st.sampled_from(["", " ", "\n", ", "]),
)
def test_any_list_parses_as_the_general_scanner_reads_it(
    items: list[tuple[str, str]], lead: str
) -> None:
    text = lead + "".join(token + separator for token, separator in items)
    existing = [Invitee.from_address("a@x.com")]
    assert parse_invitee_text(text, existing=existing) == _parse_with_scanner(
        text, Role.MEMBER, existing
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(emails, user_ids), separators), min_size=1, max_size=10))
def test_bare_lists_take_the_fast_path_and_match_the_scanner(
    items: list[tuple[str, str]],
) -> None:
    text = "".join(address + separator for address, separator in items)
    fast = _parse_bare_addresses(text, Role.ADMIN, ())
    if any(address.startswith("'") for address, _ in items):
        return  # the scanner may read a leading quote as a quoted name: not fast
    assert fast is not None
    assert fast == _parse_with_scanner(text, Role.ADMIN, ())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(InviteeType)), st.text(max_size=30))
def test_identity_is_a_prefix_and_the_stripped_lower_case_address(
    kind: InviteeType, address: str
) -> None:
    # The fast path and the table model build identities this way, 5,000 at a time.
    assert identity_of(kind, address) == identity_of(kind, "") + address.strip().lower()


def test_separator_characters_are_what_the_scanner_splits_on() -> None:
    # The fast path strips these off its pieces; the scanner splits on \s and _HARD.
    splits = re.compile(rf"[\s{_HARD}]")
    expected = {chr(c) for c in range(sys.maxunicode + 1) if splits.match(chr(c))}
    assert set(_SEPARATOR_CHARACTERS) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(InviteeType)), st.text(max_size=30)), max_size=20))
def test_identities_of_is_each_invitee_s_identity(rows: list[tuple[InviteeType, str]]) -> None:
    invitees = [Invitee(kind, address) for kind, address in rows]
    assert identities_of(invitees) == [invitee.identity for invitee in invitees]
