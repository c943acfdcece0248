"""Make the server's invitation HTML safe to render and copy, and decide which links may open.

The invitation comes from the network, so it is treated as hostile: only the tags
and attributes an invitation needs survive, inline styles keep only layout and
typography properties, links keep only https/mailto (and http to a loopback host,
where the local sandbox lives), and images only with an https source. Nothing here
loads anything; the preview additionally refuses every resource load.
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from urllib.parse import urlsplit

from spaces_desktop.domain.invite_result import text_to_html

# The word lists below are laid out by hand (fmt: skip): tables, not a column of
# one name per line.

# Past this size an "invitation" is not one; render the plain text instead of
# handing Qt's rich-text engine megabytes of markup.
MAX_PREVIEW_HTML_BYTES = 512 * 1024

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "col",
        "colgroup", "dd", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small", "span",
        "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "u", "ul",
    }
)  # fmt: skip

_TABLE_ATTRIBUTES = {"align", "valign", "width", "height", "bgcolor", "border", "colspan",
                     "rowspan", "cellpadding", "cellspacing"}  # fmt: skip

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"style", "title", "dir", "lang", "align"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "font": {"color", "face", "size"},
    "table": _TABLE_ATTRIBUTES,
    "td": _TABLE_ATTRIBUTES,
    "th": _TABLE_ATTRIBUTES,
    "tr": _TABLE_ATTRIBUTES,
    "col": {"width", "span"},
    "colgroup": {"width", "span"},
}

# Layout and typography only: nothing that can fetch (background-image, url()),
# reposition over other content (position) or run code (behavior, expression).
ALLOWED_STYLE_PROPERTIES = frozenset(
    {
        "color", "background-color", "font", "font-family", "font-size", "font-style",
        "font-weight", "text-align", "text-decoration", "line-height", "vertical-align",
        "white-space", "width", "height", "max-width", "min-width", "margin",
        "margin-top", "margin-right", "margin-bottom", "margin-left", "padding",
        "padding-top", "padding-right", "padding-bottom", "padding-left", "border",
        "border-top", "border-right", "border-bottom", "border-left", "border-color",
        "border-style", "border-width", "border-collapse", "border-spacing", "display",
    }
)  # fmt: skip

# Removed with everything inside them, not just unwrapped.
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript",
                                   "template", "title", "head", "svg", "math"})  # fmt: skip

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def link_refusal(url: str) -> str | None:
    """Why ``url`` may not be opened from an invitation, or None when it may.

    https and mailto are allowed; http only to a loopback host (the local sandbox).
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return "The link is malformed."
    scheme = parts.scheme.lower()
    if scheme == "https" and parts.hostname:
        return None
    if scheme == "mailto" and parts.path:
        return None
    if scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return None
    if scheme == "http":
        return "The link is not encrypted (http); only https links are opened."
    if not scheme:
        return "The link has no scheme; only https and mailto links are opened."
    return f"“{scheme}:” links are never opened from an invitation."


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if link_refusal(value) is None else None
    if tag == "img" and attribute == "src":
        parts = urlsplit(value.strip())
        return value if parts.scheme.lower() == "https" and parts.hostname else None
    return value


def sanitize_invite_html(html: str) -> str:
    """The invitation HTML with everything unsafe removed (a fragment, no <html>/<body>)."""
    import nh3  # loaded on first use: start-up does not need it

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes={"https", "http", "mailto"},
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


@dataclass(frozen=True)
class PreviewHtml:
    """What the preview may render: sanitised HTML, or None when it was too large."""

    html: str | None
    original_bytes: int

    @property
    def too_large(self) -> bool:
        return self.html is None


def preview_html(html: str, max_bytes: int = MAX_PREVIEW_HTML_BYTES) -> PreviewHtml:
    """Sanitise ``html`` for display unless it is larger than ``max_bytes``."""
    size = len(html.encode("utf-8", errors="replace"))
    if size > max_bytes:
        return PreviewHtml(None, size)
    return PreviewHtml(sanitize_invite_html(html), size)


# The one plain-text-to-HTML conversion lives in domain/ (pure); this name stays for
# the preview pane, which imports it from here.
text_as_html = text_to_html

FRAGMENT_START = "<!--StartFragment-->"
FRAGMENT_END = "<!--EndFragment-->"


def html_document(body: str, title: str = "", *, fragment_markers: bool = False) -> str:
    """A complete UTF-8 HTML document around ``body`` (an export, an email, the clipboard).

    With ``fragment_markers`` the body stands between StartFragment/EndFragment comments:
    Outlook and Word paste only what is between them, and Qt builds the Windows
    CF_HTML header offsets from them.
    """
    head_title = f"<title>{html_lib.escape(title)}</title>" if title else ""
    content = f"{FRAGMENT_START}{body}{FRAGMENT_END}" if fragment_markers else body
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta charset="utf-8">\n'
        f"{head_title}\n</head>\n<body>\n"
        f"{content}\n"
        "</body>\n</html>\n"
    )


def clipboard_html_document(fragment: str, title: str = "") -> str:
    """The clipboard's document: ``html_document`` with the fragment markers."""
    return html_document(fragment, title, fragment_markers=True)
