"""Reading the invite response: each tolerant variant, derived fields, and refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spaces_desktop.domain.invite_request import (
    Delivery,
    InformChannel,
    Invitee,
    InviteeType,
    InviteRequest,
    Role,
    Space,
)
from spaces_desktop.domain.invite_result import (
    ResponseFormatError,
    html_to_text,
    last_url,
    parse_invite_response,
)

SPACE_ID = "59039e47e2cda45e3bbbfc7f"
INVITE_ID = "59039e47e2cda45e3bbbfc80"
WEB = "https://spaces.example.test"
JOIN = f"{WEB}/spaces/invites/{INVITE_ID}/join?inviteInfo=eyJhIjoxfQ=="
CLIENT = InviteRequest(
    Space(" Weekly sync "),
    (Invitee.from_address("a@example.com"),),
    delivery=Delivery(InformChannel.CLIENT),
)
SERVER = InviteRequest(Space("Weekly sync"), (Invitee.from_address("a@example.com"),))


def item(**extra: object) -> dict[str, object]:
    base: dict[str, object] = {
        "topicId": SPACE_ID,
        "_id": INVITE_ID,
        "startDateTime": "2017-04-28T19:55:50.950Z",
        "endDateTime": "2017-04-28T20:55:50.950Z",
        "invitees": [{"inviteeType": "email", "invitee": "a@example.com", "role": "member"}],
        "created": "2017-04-28T19:55:51.102Z",
    }
    base.update(extra)
    return base


def test_documented_example_for_the_server_channel() -> None:
    result = parse_invite_response({"data": [item()]}, web_base_url=WEB, request=SERVER)
    assert result.space_id == SPACE_ID
    assert result.invite_id == INVITE_ID
    assert result.space_url == f"{WEB}/spaces/{SPACE_ID}"
    assert result.start == datetime(2017, 4, 28, 19, 55, 50, 950_000, tzinfo=UTC)
    assert result.end == datetime(2017, 4, 28, 20, 55, 50, 950_000, tzinfo=UTC)
    assert result.created == datetime(2017, 4, 28, 19, 55, 51, 102_000, tzinfo=UTC)
    assert result.invitees == (Invitee(InviteeType.EMAIL, "a@example.com", Role.MEMBER),)
    assert (result.html, result.text, result.join_url) == ("", "", None)
    assert result.subject == "Invitation: Weekly sync"
    assert result.channel is InformChannel.SERVER


def test_base_url_trailing_slash_does_not_double() -> None:
    result = parse_invite_response({"data": [item()]}, web_base_url=WEB + "/", request=SERVER)
    assert result.space_url == f"{WEB}/spaces/{SPACE_ID}"


def test_content_object_with_all_three_members() -> None:
    body = {
        "data": [item()],
        "inviteContent": {
            "html": f'<p>Join <a href="{JOIN}">here</a></p>',
            "text": f"Join here: {JOIN}",
            "subject": "You are invited",
        },
    }
    result = parse_invite_response(body, web_base_url=WEB, request=CLIENT)
    assert result.subject == "You are invited"
    assert result.text == f"Join here: {JOIN}"
    assert result.html == f'<p>Join <a href="{JOIN}">here</a></p>'
    assert result.join_url == JOIN
    assert result.channel is InformChannel.CLIENT


def test_text_only_content_derives_html_and_join_link() -> None:
    body = {"data": [item()], "inviteContent": {"text": f"Hello\n\nJoin: {JOIN}."}}
    result = parse_invite_response(body, web_base_url=WEB, request=CLIENT)
    assert result.join_url == JOIN
    assert result.html == f'<p>Hello</p>\n<p>Join: <a href="{JOIN}">{JOIN}</a>.</p>'
    assert result.subject == "Invitation: Weekly sync"


def test_bare_string_content_is_html_and_text_is_derived() -> None:
    body = {"data": [item()], "inviteContent": f'<p>Hi &amp; welcome</p><a href="{JOIN}">Join</a>'}
    result = parse_invite_response(body, web_base_url=WEB, request=CLIENT)
    assert result.text == f"Hi & welcome\n\nJoin ({JOIN})"
    assert result.join_url == JOIN


def test_content_inside_the_first_data_item() -> None:
    body = {"data": [item(inviteContent={"text": f"Go {JOIN}"})]}
    assert parse_invite_response(body, web_base_url=WEB, request=CLIENT).join_url == JOIN


def test_top_level_content_wins_over_the_one_in_data() -> None:
    body = {
        "data": [item(inviteContent={"text": "inner https://inner.example/x"})],
        "inviteContent": {"text": f"outer {JOIN}"},
    }
    assert parse_invite_response(body, web_base_url=WEB, request=CLIENT).text == f"outer {JOIN}"


def test_data_as_a_single_object() -> None:
    result = parse_invite_response({"data": item()}, web_base_url=WEB, request=SERVER)
    assert result.space_id == SPACE_ID


def test_join_link_from_html_href_when_text_has_no_url() -> None:
    body = {
        "data": [item()],
        "inviteContent": {"text": "Click the link in the HTML", "html": f'<a href="{JOIN}">x</a>'},
    }
    assert parse_invite_response(body, web_base_url=WEB, request=CLIENT).join_url == JOIN


def test_invite_link_is_preferred_over_a_later_space_link() -> None:
    text = f"Join: {JOIN}\nSpace: {WEB}/spaces/{SPACE_ID}"
    body = {"data": [item()], "inviteContent": {"text": text}}
    assert parse_invite_response(body, web_base_url=WEB, request=CLIENT).join_url == JOIN


def test_server_channel_keeps_content_if_the_server_sends_some() -> None:
    body = {"data": [item()], "inviteContent": {"text": f"Join {JOIN}"}}
    assert parse_invite_response(body, web_base_url=WEB, request=SERVER).join_url == JOIN


def test_unknown_fields_are_ignored() -> None:
    body = {"data": [item(color="blue", extra={"a": 1})], "meta": [1, 2], "inviteContent": None}
    assert parse_invite_response(body, web_base_url=WEB, request=SERVER).invite_id == INVITE_ID


def test_missing_times_and_invitees_fall_back() -> None:
    bare = {"topicId": SPACE_ID, "_id": INVITE_ID}
    result = parse_invite_response({"data": [bare]}, web_base_url=WEB, request=CLIENT)
    assert (result.start, result.end, result.created) == (None, None, None)
    assert result.invitees == CLIENT.invitees


def test_older_userid_spelling_and_unknown_role() -> None:
    entry = {"inviteeType": "userid", "invitee": SPACE_ID, "role": "owner"}
    result = parse_invite_response(
        {"data": [item(invitees=[entry])]}, web_base_url=WEB, request=SERVER
    )
    assert result.invitees == (Invitee(InviteeType.USER_ID, SPACE_ID, Role.MEMBER),)


def test_ids_are_stripped_and_need_not_be_hex() -> None:
    body = {"data": [item(topicId=" space-1 ", _id="inv-1")]}
    result = parse_invite_response(body, web_base_url=WEB, request=SERVER)
    assert (result.space_id, result.invite_id) == ("space-1", "inv-1")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ([item()], "it is a list, not a JSON object."),
        ("ok", "it is a string, not a JSON object."),
        ({}, "it has no “data”."),
        ({"data": []}, "“data” is an empty list."),
        ({"data": ["x"]}, "“data[0]” is a string, not an object."),
        ({"data": 5}, "“data” is a number, not an object."),
        ({"data": [item(topicId=None)]}, "the space id (“topicId”) is missing."),
        ({"data": [item(topicId="  ")]}, "the space id (“topicId”) is empty."),
        ({"data": [item(_id=42)]}, "the invitation id (“_id”) is a number."),
        ({"data": [item(created=17)]}, "“created” is a number, not text."),
        ({"data": [item(startDateTime="soon")]}, "“startDateTime” is “soon”, not a timestamp."),
        ({"data": [item(invitees={})]}, "“invitees” is an object, not a list."),
        ({"data": [item(invitees=["a"])]}, "invitees[0] is a string, not an object."),
        ({"data": [item(invitees=[{"role": "member"}])]}, "invitees[0] has no “invitee”."),
        ({"data": [item()], "inviteContent": 3}, "“inviteContent” is a number"),
        ({"data": [item()], "inviteContent": {"text": ["x"]}}, "“text” is a list, not text."),
    ],
)
def test_malformed_bodies_are_explained(body: object, detail: str) -> None:
    with pytest.raises(ResponseFormatError) as caught:
        parse_invite_response(body, web_base_url=WEB, request=CLIENT)
    message = str(caught.value)
    assert message.startswith("The server accepted the request but its answer is not an invitation")
    assert detail in message


def test_html_to_text_keeps_paragraphs_breaks_rows_and_lists() -> None:
    html = (
        "<html><head><title>Invite</title><style>p {color: red}</style></head><body>"
        "<p>Hello  <b>Bob</b>,<br>you are\n invited.</p>"
        "<table><tr><td>When:</td><td> Monday </td></tr><tr><td>Where:</td><td>Online</td></tr>"
        "</table><ul><li>one</li><li>two</li></ul><script>alert(1)</script></body></html>"
    )
    assert html_to_text(html) == (
        "Hello Bob,\nyou are invited.\n\nWhen:\tMonday\nWhere:\tOnline\n\n• one\n• two"
    )


def test_html_to_text_writes_links_readably() -> None:
    html = (
        f'<a href="{JOIN}">Join</a> <a href="{WEB}/">{WEB}</a> '
        '<a href="mailto:help@example.com">Help</a> <a href="#top">Top</a> '
        f'<a href="{WEB}/x"></a>'
    )
    assert html_to_text(html) == f"Join ({JOIN}) {WEB} Help (help@example.com) Top {WEB}/x"


def test_html_to_text_decodes_entities_and_never_merges_blank_lines() -> None:
    assert html_to_text("<p>a &lt;b&gt; &amp; c</p><p></p><div><p>d</p></div>") == (
        "a <b> & c\n\nd"
    )


def test_html_to_text_of_broken_html_does_not_raise() -> None:
    assert html_to_text("<p>unclosed <a href='https://x.example'>link <b>bold") == (
        "unclosed link bold"
    )


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("first https://a.example/1 then https://b.example/2", "https://b.example/2"),
        ("end of sentence https://a.example/x.", "https://a.example/x"),
        ("(see https://a.example/x)", "https://a.example/x"),
        ("wiki https://a.example/Foo_(bar)", "https://a.example/Foo_(bar)"),
        (f"Join ({JOIN})", JOIN),
        ("http://127.0.0.1:8080/spaces/1?a=b&c=d", "http://127.0.0.1:8080/spaces/1?a=b&c=d"),
        ('<a href="https://a.example/q">', "https://a.example/q"),
    ],
)
def test_last_url(text: str, url: str) -> None:
    assert last_url(text) == url


def test_last_url_none_without_urls() -> None:
    assert last_url("no links, just ftp://old.example and www.example.com") is None


def test_text_to_html_escapes_markup_in_plain_text() -> None:
    body = {"data": [item()], "inviteContent": {"text": "<b>not bold</b> & more"}}
    result = parse_invite_response(body, web_base_url=WEB, request=CLIENT)
    assert result.html == "<p>&lt;b&gt;not bold&lt;/b&gt; &amp; more</p>"
