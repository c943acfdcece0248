"""What ``POST /api/spaces/invite`` answered: the space, its invitation, text and join link.

Read tolerantly, as API_NOTES.md decides: ``data`` is a list or one object;
``inviteContent`` stands beside it or inside ``data[0]`` and is an object with any of
``html``/``text``/``subject`` or a bare string (HTML). Whatever is missing is derived.
Unknown fields are ignored; missing ids and wrongly typed known fields are a
ResponseFormatError.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

from spaces_desktop.domain.invite_request import (
    InformChannel,
    Invitee,
    InviteeType,
    InviteRequest,
    Role,
)
from spaces_desktop.domain.timestamps import parse_utc_timestamp

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?*'\""
_PAIRS = {")": "(", "]": "[", "}": "{"}


class ResponseFormatError(ValueError):
    """The server said yes (2xx) but the body is not an invite response."""


@dataclass(frozen=True)
class InviteResult:
    space_id: str
    invite_id: str
    space_url: str
    join_url: str | None
    subject: str
    html: str
    text: str
    created: datetime | None
    start: datetime | None
    end: datetime | None
    invitees: tuple[Invitee, ...]
    channel: InformChannel


def _problem(detail: str) -> ResponseFormatError:
    return ResponseFormatError(
        f"The server accepted the request but its answer is not an invitation: {detail}"
    )


def _first_item(body: Mapping[str, object]) -> Mapping[str, object]:
    data = body.get("data")
    if isinstance(data, list):
        if not data:
            raise _problem("“data” is an empty list.")
        data = data[0]
        where = "data[0]"
    else:
        where = "data"
    if data is None:
        raise _problem("it has no “data”.")
    if not isinstance(data, Mapping):
        raise _problem(f"“{where}” is {_type_name(data)}, not an object.")
    return data


def _type_name(value: object) -> str:
    """The JSON kind of ``value`` with its article: "a list", "an object", "null"."""
    names = {bool: "a true/false value", int: "a number", float: "a number", str: "a string"}
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    if value is None:
        return "null"
    return names.get(type(value), f"a {type(value).__name__}")


def _required_id(item: Mapping[str, object], key: str, what: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        shown = "empty" if isinstance(value, str) else _type_name(value)
        shown = "missing" if value is None else shown
        raise _problem(f"the {what} (“{key}”) is {shown}.")
    return value.strip()


def _optional_string(item: Mapping[str, object], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _problem(f"“{key}” is {_type_name(value)}, not text.")
    return value


def _optional_time(item: Mapping[str, object], key: str) -> datetime | None:
    value = _optional_string(item, key)
    if value is None or not value.strip():
        return None
    try:
        return parse_utc_timestamp(value)
    except ValueError as error:
        raise _problem(f"“{key}” is “{value}”, not a timestamp.") from error


def _invitees(item: Mapping[str, object], request: InviteRequest) -> tuple[Invitee, ...]:
    """The invitees as the server recorded them; the request's when it does not say."""
    raw = item.get("invitees")
    if raw is None:
        return request.invitees
    if not isinstance(raw, list):
        raise _problem(f"“invitees” is {_type_name(raw)}, not a list.")
    invitees = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            raise _problem(f"invitees[{index}] is {_type_name(entry)}, not an object.")
        address = _optional_string(entry, "invitee")
        if not address or not address.strip():
            raise _problem(f"invitees[{index}] has no “invitee”.")
        kind_text = (_optional_string(entry, "inviteeType") or "").lower()
        role_text = (_optional_string(entry, "role") or "").lower()
        # Older servers spell the type "userid"; an unknown one is guessed from the text.
        kinds = {kind.value.lower(): kind for kind in InviteeType}
        guessed = Invitee.from_address(address)
        kind = kinds.get(kind_text, guessed.kind)
        # "member" is the API's documented default role.
        role = Role(role_text) if role_text in {r.value for r in Role} else Role.MEMBER
        invitees.append(Invitee(kind, address.strip(), role))
    return tuple(invitees)


@dataclass(frozen=True)
class _Content:
    html: str | None = None
    text: str | None = None
    subject: str | None = None


def _content(body: Mapping[str, object], item: Mapping[str, object]) -> _Content:
    raw = body.get("inviteContent")
    if raw is None:
        raw = item.get("inviteContent")
    if raw is None:
        return _Content()
    if isinstance(raw, str):
        return _Content(html=raw)
    if not isinstance(raw, Mapping):
        raise _problem(f"“inviteContent” is {_type_name(raw)}, not an object or text.")
    return _Content(
        html=_optional_string(raw, "html"),
        text=_optional_string(raw, "text"),
        subject=_optional_string(raw, "subject"),
    )


def parse_invite_response(
    body: object, *, web_base_url: str, request: InviteRequest
) -> InviteResult:
    """The result of a 2xx answer to ``request``; ResponseFormatError if it is not one."""
    if not isinstance(body, Mapping):
        raise _problem(f"it is {_type_name(body)}, not a JSON object.")
    item = _first_item(body)
    space_id = _required_id(item, "topicId", "space id")
    invite_id = _required_id(item, "_id", "invitation id")
    content = _content(body, item)
    html = (content.html or "").strip()
    text = (content.text or "").strip()
    join_url: str | None
    if not text and html:
        # The text spells out every web link of the HTML, so one scan of it finds them.
        text = html_to_text(html)
        join_url = _join_url(text)
    elif not html and text:
        html = text_to_html(text)
        join_url = _join_url(text)
    else:
        # Both came from the server: the text may lack a link the HTML has.
        join_url = _join_url(text) or _last_href(html)
    subject = (content.subject or "").strip() or f"Invitation: {request.space.title.strip()}"
    return InviteResult(
        space_id=space_id,
        invite_id=invite_id,
        space_url=f"{web_base_url.rstrip('/')}/spaces/{space_id}",
        join_url=join_url,
        subject=subject,
        html=html,
        text=text,
        created=_optional_time(item, "created"),
        start=_optional_time(item, "startDateTime"),
        end=_optional_time(item, "endDateTime"),
        invitees=_invitees(item, request),
        channel=request.delivery.channel,
    )


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets glued to a URL's end."""
    while url:
        last = url[-1]
        unbalanced = last in _PAIRS and url.count(_PAIRS[last]) < url.count(last)
        if last in _TRAILING or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def last_url(text: str) -> str | None:
    """The last http(s) URL in ``text`` (where clients find the join link), or None."""
    urls = _urls(text)
    return urls[-1] if urls else None


def _urls(text: str) -> list[str]:
    """The http(s) URLs in ``text``, trimmed, in order; a bare scheme is not one."""
    trimmed = (_trim_url(match.group()) for match in _URL.finditer(text))
    return [url for url in trimmed if len(url) > len("https://")]


def _join_url(text: str) -> str | None:
    """The last invite link (``/spaces/invites/<id>/join``) in the text, else its last URL.

    Clients take the last URL; preferring an invite link keeps a signature or a
    space link placed after it from being mistaken for the join link.
    """
    urls = _urls(text)
    invite_links = [url for url in urls if "/invites/" in url or "/join" in url]
    candidates = invite_links or urls
    return candidates[-1] if candidates else None


# Laid out by hand (fmt: skip): a table, not a column of one tag per line.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main",
        "nav", "ol", "p", "pre", "section", "table", "ul",
    }
)  # fmt: skip
_HIDDEN = frozenset({"head", "script", "style", "template", "title", "noscript"})
_CELLS = frozenset({"td", "th"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.preformatted = 0
        self.link: tuple[str, int] | None = None  # (href, index of the first label part)
        self.hrefs: list[str] = []
        self.cell_in_row = 0

    # Breaks are appended freely ("\n" line, "\n\n" paragraph); text() collapses runs,
    # so nested blocks never add up to more than one blank line.
    def _break(self, newlines: int) -> None:
        self.parts.append("\n" * newlines)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "tr":
            self._break(1)
            self.cell_in_row = 0
        elif tag in _CELLS:
            if self.cell_in_row:
                self.parts.append("\t")
            self.cell_in_row += 1
        elif tag == "li":
            self._break(1)
            self.parts.append("• ")
        elif tag in _BLOCKS:
            self._break(2)
            if tag == "pre":
                self.preformatted += 1
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self.link = (href, len(self.parts))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in {"br", "hr"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._break(2)
            if tag == "pre":
                self.preformatted = max(0, self.preformatted - 1)
        elif tag == "a" and self.link is not None:
            self._close_link(*self.link)
            self.link = None

    def _close_link(self, href: str, first: int) -> None:
        label = " ".join("".join(self.parts[first:]).split())
        target = href[7:] if href.lower().startswith("mailto:") else href
        if not href.lower().startswith(("http://", "https://", "mailto:")) or not target:
            return  # an anchor or script link: its label is all a reader needs
        self.hrefs.append(href)
        if not label:
            self.parts.append(target)
        elif label.rstrip("/") != target.rstrip("/"):
            self.parts.append(f" ({target})")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.preformatted:
            self.parts.append(data)
        else:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = "".join(self.parts).split("\n")
        cleaned = [re.sub(r" *\t *", "\t", line).strip(" \t") for line in lines]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(cleaned)).strip()


def html_to_text(html: str) -> str:
    """Readable plain text of invite HTML: paragraphs, line breaks and table rows kept,
    links as ``label (url)`` (or the URL alone when the label is the URL)."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return extractor.text()


def _last_href(html: str) -> str | None:
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    for href in reversed(extractor.hrefs):
        if href.lower().startswith(("http://", "https://")):
            return href
    return None


def text_to_html(text: str) -> str:
    """Simple HTML for a plain-text invitation: paragraphs, line breaks and live links."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rendered = []
    for paragraph in paragraphs:
        pieces, position = [], 0
        for match in _URL.finditer(paragraph):
            url = _trim_url(match.group())
            pieces.append(html_lib.escape(paragraph[position : match.start()]))
            pieces.append(f'<a href="{html_lib.escape(url)}">{html_lib.escape(url)}</a>')
            position = match.start() + len(url)
        pieces.append(html_lib.escape(paragraph[position:]))
        rendered.append("<p>" + "".join(pieces).replace("\n", "<br>\n") + "</p>")
    return "\n".join(rendered)
