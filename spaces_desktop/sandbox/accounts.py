"""The sandbox's fixed accounts and tokens: two people and one service app, all documented."""

from __future__ import annotations

from dataclasses import dataclass

# These tokens are public on purpose: the sandbox is an offline test server and
# prints them at start. They grant nothing anywhere else.
DEMO_TOKEN = "sandbox-demo-token"  # noqa: S105
SECOND_TOKEN = "sandbox-second-token"  # noqa: S105
SERVICE_APP_TOKEN = "sandbox-service-app-token"  # noqa: S105

DEMO_EMAIL = "demo@example.com"
SECOND_EMAIL = "second@example.com"
SERVICE_APP_EMAIL = "service-app@example.com"
SERVICE_APP_DOMAIN = "example.com"
ACT_AS_SCOPE = "spaces.create.actas"

# The only OAuth2 client registered with the sandbox's authorization server.
SANDBOX_OAUTH_CLIENT_ID = "spaces-desktop-sandbox"

# Fixed user ids (24 lowercase hex) so tests and screenshots are repeatable.
DEMO_USER_ID = "5a0000000000000000000001"
SECOND_USER_ID = "5a0000000000000000000002"
SERVICE_APP_USER_ID = "5a0000000000000000000003"


@dataclass(frozen=True)
class Account:
    """A fixed sandbox account: who the token acts as and which schemes it accepts."""

    user_id: str
    email: str
    display_name: str
    token: str
    schemes: tuple[str, ...]
    scopes: tuple[str, ...] = ()
    # A person's time zone; None means "the configured sender time zone".
    time_zone: str | None = None

    @property
    def is_service_app(self) -> bool:
        return "service_app" in self.schemes


DEMO_ACCOUNT = Account(
    user_id=DEMO_USER_ID,
    email=DEMO_EMAIL,
    display_name="Demo User",
    token=DEMO_TOKEN,
    schemes=("bearer", "jwt"),
)
SECOND_ACCOUNT = Account(
    user_id=SECOND_USER_ID,
    email=SECOND_EMAIL,
    display_name="Second User",
    token=SECOND_TOKEN,
    schemes=("bearer", "jwt"),
    time_zone="Europe/Berlin",
)
SERVICE_APP_ACCOUNT = Account(
    user_id=SERVICE_APP_USER_ID,
    email=SERVICE_APP_EMAIL,
    display_name="Example Service App",
    token=SERVICE_APP_TOKEN,
    schemes=("service_app",),
    scopes=(ACT_AS_SCOPE,),
    time_zone="UTC",
)

ACCOUNTS: tuple[Account, ...] = (DEMO_ACCOUNT, SECOND_ACCOUNT, SERVICE_APP_ACCOUNT)
