"""The invitation sanitiser, the preview size cap, the link policy, the clipboard document."""

from __future__ import annotations

import pytest

from spaces_desktop.services.invite_html import (
    FRAGMENT_END,
    FRAGMENT_START,
    clipboard_html_document,
    link_refusal,
    preview_html,
    sanitize_invite_html,
    text_as_html,
)


def test_script_and_its_content_are_removed() -> None:
    cleaned = sanitize_invite_html("<p>Hi</p><script>alert('x')</script>")
    assert "script" not in cleaned
    assert "alert" not in cleaned
    assert "<p>Hi</p>" in cleaned


def test_event_handler_attributes_are_removed() -> None:
    cleaned = sanitize_invite_html('<p onclick="steal()" onmouseover="x()">Hi</p>')
    assert "onclick" not in cleaned
    assert "onmouseover" not in cleaned
    assert "Hi" in cleaned


def test_iframe_and_object_are_removed_with_content() -> None:
    cleaned = sanitize_invite_html(
        '<iframe src="https://evil.example">inner</iframe><object data="x">obj</object>ok'
    )
    assert "iframe" not in cleaned
    assert "inner" not in cleaned
    assert "object" not in cleaned
    assert cleaned.endswith("ok")


def test_external_http_image_loses_its_source() -> None:
    cleaned = sanitize_invite_html('<img src="http://tracker.example/pixel.gif" alt="p">')
    assert "tracker.example" not in cleaned


def test_data_uri_image_loses_its_source() -> None:
    cleaned = sanitize_invite_html('<img src="data:image/png;base64,AAAA">')
    assert "data:" not in cleaned


def test_https_image_is_kept() -> None:
    cleaned = sanitize_invite_html('<img src="https://cdn.example/logo.png" alt="logo">')
    assert 'src="https://cdn.example/logo.png"' in cleaned


def test_tables_and_their_layout_attributes_are_kept() -> None:
    source = (
        '<table width="100%" cellpadding="4"><tr><td colspan="2" valign="top">'
        "Join</td></tr></table>"
    )
    cleaned = sanitize_invite_html(source)
    assert "<table" in cleaned
    assert 'width="100%"' in cleaned
    assert 'colspan="2"' in cleaned
    assert "<td" in cleaned
    assert "Join" in cleaned


def test_unsafe_style_properties_are_dropped_and_safe_ones_kept() -> None:
    cleaned = sanitize_invite_html(
        '<div style="color: #333; background-image: url(https://x.example/a.png); '
        'position: fixed">Hi</div>'
    )
    assert "color:#333" in cleaned.replace(" ", "")
    assert "background-image" not in cleaned
    assert "position" not in cleaned


def test_javascript_link_loses_its_href_but_keeps_text() -> None:
    cleaned = sanitize_invite_html('<a href="javascript:alert(1)">Join</a>')
    assert "javascript" not in cleaned
    assert "Join" in cleaned


def test_https_and_mailto_links_are_kept() -> None:
    cleaned = sanitize_invite_html(
        '<a href="https://spaces.avayacloud.com/spaces/abc">Join</a>'
        '<a href="mailto:ann@example.com">Ann</a>'
    )
    assert 'href="https://spaces.avayacloud.com/spaces/abc"' in cleaned
    assert 'href="mailto:ann@example.com"' in cleaned


def test_http_link_is_kept_only_for_loopback() -> None:
    cleaned = sanitize_invite_html(
        '<a href="http://127.0.0.1:8123/spaces/a">local</a><a href="http://evil.example/">far</a>'
    )
    assert 'href="http://127.0.0.1:8123/spaces/a"' in cleaned
    assert "evil.example" not in cleaned


@pytest.mark.parametrize(
    "url",
    ["https://spaces.avayacloud.com/spaces/1", "mailto:ann@example.com", "http://localhost:9/x"],
)
def test_link_policy_allows(url: str) -> None:
    assert link_refusal(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://example.com/",
        "data:text/html,hi",
        "spaces/relative",
        "https://",
    ],
)
def test_link_policy_refuses(url: str) -> None:
    reason = link_refusal(url)
    assert reason is not None
    assert reason


def test_preview_over_the_cap_has_no_html() -> None:
    result = preview_html("<p>" + "x" * 2000 + "</p>", max_bytes=1000)
    assert result.too_large
    assert result.html is None
    assert result.original_bytes > 1000


def test_preview_under_the_cap_is_sanitised() -> None:
    result = preview_html("<p>ok</p><script>x</script>", max_bytes=1000)
    assert not result.too_large
    assert result.html == "<p>ok</p>"


def test_clipboard_document_has_fragment_markers_inside_body() -> None:
    document = clipboard_html_document("<p>Weekly sync</p>", title="Weekly sync")
    body_start = document.index("<body>")
    body_end = document.index("</body>")
    start = document.index(FRAGMENT_START)
    end = document.index(FRAGMENT_END)
    assert body_start < start < end < body_end
    assert document[start + len(FRAGMENT_START) : end] == "<p>Weekly sync</p>"


def test_text_as_html_escapes_markup_and_keeps_lines() -> None:
    assert text_as_html("a <b>\nc") == "<p>a &lt;b&gt;<br>\nc</p>"


def test_plain_text_becomes_the_same_html_in_the_preview_and_the_export() -> None:
    from spaces_desktop.domain.invite_result import text_to_html

    text = "Weekly sync\n\nJoin: https://spaces.example/j/1."

    assert text_as_html(text) == text_to_html(text)
    assert '<a href="https://spaces.example/j/1">' in text_as_html(text)


def test_the_clipboard_document_is_the_export_skeleton_with_fragment_markers() -> None:
    from spaces_desktop.services.invite_html import html_document

    document = clipboard_html_document("<p>x</p>", title="T")

    assert document.replace(FRAGMENT_START, "").replace(FRAGMENT_END, "") == html_document(
        "<p>x</p>", "T"
    )
