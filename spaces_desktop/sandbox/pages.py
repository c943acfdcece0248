"""The sandbox's web pages: home, space, invite join, sign-in approval, not found."""

from __future__ import annotations

from html import escape

_STYLE = """
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
background:#f4f5f7;color:#172b4d}
main{max-width:640px;margin:48px auto;background:#fff;border:1px solid #dfe1e6;
border-radius:10px;padding:32px}
h1{font-size:24px;margin:0 0 12px}
.banner{background:#fff4e5;border:1px solid #ffd8a8;border-radius:6px;padding:8px 12px;
font-size:14px;margin-bottom:20px}
.muted{color:#5e6c84;font-size:14px}
button{font-size:16px;padding:10px 22px;border-radius:6px;border:1px solid #1a73e8;
background:#1a73e8;color:#fff;cursor:pointer;margin-right:8px}
button.secondary{background:#fff;color:#1a73e8}
input{font-size:16px;padding:8px;border:1px solid #c1c7d0;border-radius:6px;width:60%}
code{background:#f4f5f7;padding:2px 4px;border-radius:4px}
"""

BANNER = "This is the offline Spaces sandbox: nothing here reaches Avaya Spaces."


def page(title: str, body_html: str) -> str:
    """A whole page; ``body_html`` must already be escaped."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Spaces sandbox</title><style>{_STYLE}</style></head>"
        f'<body><main><div class="banner">{escape(BANNER)}</div>{body_html}</main></body></html>'
    )


def home_page(base_url: str, accounts: list[tuple[str, str, str]]) -> str:
    rows = "".join(
        f"<li>{escape(name)} &lt;{escape(email)}&gt;: <code>{escape(token)}</code></li>"
        for name, email, token in accounts
    )
    return page(
        "Spaces sandbox",
        "<h1>Spaces sandbox</h1>"
        f"<p>API base URL: <code>{escape(base_url)}</code></p>"
        f"<p>Accounts and their tokens:</p><ul>{rows}</ul>",
    )


def space_page(title: str, description: str, member_count: int) -> str:
    about = f"<p>{escape(description)}</p>" if description.strip() else ""
    return page(
        title,
        f"<h1>{escape(title)}</h1>{about}"
        f'<p class="muted">{member_count} member(s). In real Spaces this page would open '
        "the space with its chat, files and meetings.</p>",
    )


def join_page(title: str, inviter: str, meet: bool) -> str:
    what = "the meeting in" if meet else "the space"
    return page(
        f"Join {title}",
        f"<h1>{escape(title)}</h1>"
        f"<p>{escape(inviter)} invited you to join {what} “{escape(title)}”.</p>"
        '<form method="get" action="#"><p><label>Your name<br>'
        '<input name="displayname" autocomplete="name"></label></p>'
        '<p><button type="submit">Join</button></p></form>'
        '<p class="muted">No account needed. In the sandbox, joining stops here.</p>',
    )


def approve_page(request_id: str, display_name: str, email: str, scope: str) -> str:
    return page(
        "Sign in to Spaces",
        "<h1>Allow Spaces Desktop?</h1>"
        f"<p>Spaces Desktop wants to use your account {escape(display_name)} "
        f"(<code>{escape(email)}</code>).</p>"
        f'<p class="muted">Requested access: {escape(scope or "(none)")}</p>'
        '<form method="post" action="/oauth2/authorize/approve">'
        f'<input type="hidden" name="request_id" value="{escape(request_id)}">'
        '<button type="submit" name="decision" value="approve">Approve</button>'
        '<button class="secondary" type="submit" name="decision" value="deny">Deny</button>'
        "</form>",
    )


def message_page(title: str, message: str) -> str:
    return page(title, f"<h1>{escape(title)}</h1><p>{escape(message)}</p>")


def not_found_page() -> str:
    return message_page("Page not found", "There is no sandbox page at this address.")
