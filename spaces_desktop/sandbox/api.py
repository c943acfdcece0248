"""The sandbox's behaviour behind HTTP: routes, auth, spaces, idempotency, limits, OAuth."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any
from urllib.parse import parse_qsl

from spaces_desktop.sandbox import pages
from spaces_desktop.sandbox.accounts import (
    ACCOUNTS,
    ACT_AS_SCOPE,
    DEMO_ACCOUNT,
    SERVICE_APP_DOMAIN,
    Account,
)
from spaces_desktop.sandbox.config import SandboxConfig
from spaces_desktop.sandbox.invite_content import (
    InviteFacts,
    decode_invite_info,
    render_invite_content,
)
from spaces_desktop.sandbox.oauth import (
    AuthorizationServer,
    AuthorizeError,
    OAuthError,
    redirect_with,
)
from spaces_desktop.sandbox.rate_limits import Limit, RateLimiter, RateLimitError
from spaces_desktop.sandbox.translations import resolve_language
from spaces_desktop.sandbox.validation import (
    DeliveryIn,
    InvalidBodyError,
    InviteeIn,
    format_timestamp,
    parse_create_body,
    parse_invite_more_body,
)

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
_SCHEMES = ("jwt", "bearer", "service_app")
_ACT_AS_EMAIL = re.compile(r"[^@\s]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_ID = r"(?P<id>[0-9a-fA-F]{24})"


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: Message
    body: bytes


@dataclass
class ApiResponse:
    status: int
    body: bytes
    content_type: str = JSON_TYPE
    headers: list[tuple[str, str]] = field(default_factory=list)


class ApiError(Exception):
    """Answered as {"message": ...} with the status (and any extra headers)."""

    def __init__(self, status: int, message: str, headers: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or []


@dataclass
class User:
    user_id: str
    email: str | None
    display_name: str
    time_zone: str
    language: str
    kind: str  # "user", "service_app" or "anonymous"
    scopes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        permissions = [] if self.kind == "anonymous" else ["PERM_TOPIC_CREATE"]
        return {
            "_id": self.user_id,
            "displayname": self.display_name,
            "username": self.email,
            "timezone": self.time_zone,
            "permissions": permissions,
            "type": self.kind,
            "isAnonymous": self.kind == "anonymous",
        }


@dataclass
class Member:
    role: str
    user_id: str | None = None
    email: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"userId": self.user_id, "email": self.email, "role": self.role}


@dataclass
class Space:
    space_id: str
    title: str
    description: str
    owner: User
    created: datetime
    start: datetime | None
    end: datetime | None
    sequence: int
    members: list[Member]
    invitation_ids: list[str]

    def role_of(self, user_id: str | None, email: str | None) -> str | None:
        """The role of whoever has this id or (case-insensitively) this email, if a member."""
        for member in self.members:
            same_id = user_id is not None and member.user_id == user_id
            same_email = (
                email is not None
                and member.email is not None
                and member.email.lower() == email.lower()
            )
            if same_id or same_email:
                return member.role
        return None

    def to_json(self, base_url: str) -> dict[str, Any]:
        return {
            "_id": self.space_id,
            "title": self.title,
            "description": self.description,
            "type": "group",
            "created": format_timestamp(self.created),
            "startDateTime": format_timestamp(self.start) if self.start else None,
            "endDateTime": format_timestamp(self.end) if self.end else None,
            "owner": {
                "_id": self.owner.user_id,
                "displayname": self.owner.display_name,
                "username": self.owner.email,
            },
            "members": [member.to_json() for member in self.members],
            "memberCount": len(self.members),
            "invitations": list(self.invitation_ids),
            "url": f"{base_url}/spaces/{self.space_id}",
        }


@dataclass(frozen=True)
class Invitation:
    invite_id: str
    space_id: str
    inviter: User
    mode: str


@dataclass(frozen=True)
class Caller:
    """Who holds the token, and who the call acts as (the same unless X-Avaya-Act-As)."""

    holder: User
    acting: User


@dataclass(frozen=True)
class _Stored:
    fingerprint: str
    response: ApiResponse


def json_response(
    status: int, value: Any, headers: list[tuple[str, str]] | None = None
) -> ApiResponse:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return ApiResponse(status, body, JSON_TYPE, headers or [])


def html_response(
    status: int, html: str, headers: list[tuple[str, str]] | None = None
) -> ApiResponse:
    return ApiResponse(status, html.encode("utf-8"), HTML_TYPE, headers or [])


Handler = Callable[[ApiRequest, re.Match[str]], ApiResponse]


class SandboxApp:
    """All state and behaviour; thread-safe. The HTTP layer only moves bytes."""

    def __init__(self, config: SandboxConfig, base_url: str) -> None:
        self.config = config
        self.base_url = base_url
        self._clock = config.clock
        self._lock = threading.RLock()
        self._secret = secrets.token_bytes(32)
        self._users: dict[str, User] = {}
        self._users_by_email: dict[str, User] = {}
        self._tokens: dict[str, Account] = {account.token: account for account in ACCOUNTS}
        self._anonymous: dict[str, tuple[str, float]] = {}
        self._spaces: dict[str, Space] = {}
        self._invitations: dict[str, Invitation] = {}
        self._idempotent: dict[tuple[str, ...], _Stored] = {}
        self._sequence = 0
        self._limiter = RateLimiter(self._clock)
        self._oauth = AuthorizationServer(
            self._clock, config.access_token_lifetime, config.oauth_code_lifetime
        )
        for account in ACCOUNTS:
            self._add_user(
                User(
                    user_id=account.user_id,
                    email=account.email,
                    display_name=account.display_name,
                    time_zone=account.time_zone or config.sender_time_zone,
                    language=config.sender_language,
                    kind="service_app" if account.is_service_app else "user",
                    scopes=account.scopes,
                )
            )
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
            ("GET", re.compile(r"/"), self._home),
            ("GET", re.compile(r"/api/service-configurations"), self._service_configurations),
            ("POST", re.compile(r"/api/anonymous/auth"), self._anonymous_auth),
            ("POST", re.compile(r"/api/spaces/invite"), self._create_space),
            ("POST", re.compile(rf"/api/spaces/{_ID}/invite"), self._invite_more),
            ("GET", re.compile(rf"/api/spaces/{_ID}"), self._get_space),
            ("GET", re.compile(r"/api/users/me"), self._me),
            ("GET", re.compile(r"/api/users/me/spaces"), self._my_spaces),
            ("GET", re.compile(r"/api/limit"), self._limits),
            ("GET", re.compile(r"/spaces/(?P<id>[^/]+)"), self._space_page),
            ("GET", re.compile(r"/spaces/invites/(?P<id>[^/]+)/join"), self._join_page),
            ("GET", re.compile(r"/oauth2/authorize"), self._authorize),
            ("POST", re.compile(r"/oauth2/authorize/approve"), self._approve),
            ("POST", re.compile(r"/oauth2/access_token"), self._access_token),
        ]

    # ----------------------------------------------------------------- dispatch

    def handle(self, request: ApiRequest) -> ApiResponse:
        allowed: list[str] = []
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            try:
                return handler(request, match)
            except ApiError as exc:
                return json_response(exc.status, {"message": exc.message}, exc.headers)
            except OAuthError as exc:
                return json_response(
                    exc.status, {"error": exc.error, "error_description": exc.description}
                )
        if allowed:
            return json_response(
                405,
                {"message": f"{request.method} is not allowed here; use {', '.join(allowed)}"},
                [("Allow", ", ".join(allowed))],
            )
        if request.path.startswith(("/spaces/", "/oauth2/")):
            return html_response(404, pages.not_found_page())
        return json_response(404, {"message": f"No such endpoint: {request.path}"})

    # --------------------------------------------------------------- snapshots

    def spaces_json(self) -> list[dict[str, Any]]:
        with self._lock:
            return [space.to_json(self.base_url) for space in self._newest_first()]

    def _newest_first(self) -> list[Space]:
        return sorted(self._spaces.values(), key=lambda space: -space.sequence)

    # -------------------------------------------------------------- auth helpers

    def _add_user(self, user: User) -> None:
        self._users[user.user_id] = user
        if user.email:
            self._users_by_email[user.email.lower()] = user

    def _authenticate(self, request: ApiRequest) -> Caller:
        header = (request.headers.get("Authorization") or "").strip()
        if not header:
            raise ApiError(
                401, "Authorization header missing: send 'Authorization: bearer <token>'"
            )
        scheme, _, token = header.partition(" ")
        scheme, token = scheme.lower(), token.strip()
        if not token:
            raise ApiError(401, "Authorization header must be '<scheme> <token>'")
        if scheme not in _SCHEMES:
            raise ApiError(
                401, f"Unknown Authorization scheme {scheme!r}; use jwt, bearer or service_app"
            )
        holder = self._token_holder(scheme, token)
        return Caller(holder=holder, acting=self._act_as(request, holder))

    def _token_holder(self, scheme: str, token: str) -> User:
        account = self._tokens.get(token)
        if account is not None:
            if scheme not in account.schemes:
                raise ApiError(
                    401,
                    f"This token is not valid with the {scheme} scheme; "
                    f"use {' or '.join(account.schemes)}",
                )
            return self._users[account.user_id]
        issued = self._oauth.lookup_access_token(token)
        if issued is not None:
            if scheme != "bearer":
                raise ApiError(401, "An OAuth2 access token is sent with the bearer scheme")
            if self._oauth.is_expired(issued):
                raise ApiError(401, "token expired")
            return self._users[issued.user_id]
        with self._lock:
            anonymous = self._anonymous.get(token)
        if anonymous is not None:
            if scheme not in ("jwt", "bearer"):
                raise ApiError(401, "An anonymous token is sent with the jwt or bearer scheme")
            user_id, expires_at = anonymous
            if self._clock() >= expires_at:
                raise ApiError(401, "token expired")
            return self._users[user_id]
        raise ApiError(401, "Unknown or revoked token")

    def _act_as(self, request: ApiRequest, holder: User) -> User:
        wanted = (request.headers.get("X-Avaya-Act-As") or "").strip()
        if not wanted:
            return holder
        if holder.kind != "service_app":
            raise ApiError(403, "X-Avaya-Act-As needs a service_app token")
        if ACT_AS_SCOPE not in holder.scopes:
            raise ApiError(403, f"X-Avaya-Act-As needs the {ACT_AS_SCOPE} scope")
        match = _ACT_AS_EMAIL.fullmatch(wanted)
        if match is None:
            raise ApiError(403, f"X-Avaya-Act-As: {wanted!r} is not an email address")
        if match.group(1).lower() != SERVICE_APP_DOMAIN:
            raise ApiError(
                403,
                f"X-Avaya-Act-As: {wanted} must be in the service account's domain "
                f"{SERVICE_APP_DOMAIN}",
            )
        with self._lock:
            user = self._users_by_email.get(wanted.lower())
            if user is None:
                # The acting person may not have used Spaces yet: make their record.
                user = User(
                    user_id=self._new_id(),
                    email=wanted.lower(),
                    display_name=wanted.split("@")[0],
                    time_zone=self.config.sender_time_zone,
                    language=self.config.sender_language,
                    kind="user",
                )
                self._add_user(user)
            return user

    def _api_call(self, request: ApiRequest, extra: tuple[Limit, ...] = ()) -> Caller:
        """Authenticate and count the call against the caller's rate limits."""
        caller = self._authenticate(request)
        if self.config.rate_limits:
            try:
                self._limiter.check_and_count(caller.holder.user_id, self._general_limits() + extra)
            except RateLimitError as exc:
                raise ApiError(
                    429,
                    f"Rate limit reached: at most {exc.limit.limit} "
                    f"{_LIMIT_WORDS[exc.limit.name]}. Try again in {exc.retry_after} s.",
                    [("Retry-After", str(exc.retry_after))],
                ) from None
        return caller

    def _general_limits(self) -> tuple[Limit, ...]:
        return (
            Limit("calls_per_minute", self.config.calls_per_minute, 60),
            Limit("calls_per_5_minutes", self.config.calls_per_five_minutes, 300),
        )

    def _space_invite_limit(self) -> Limit:
        return Limit("space_invites_per_10_minutes", self.config.space_invites_per_ten_minutes, 600)

    # ------------------------------------------------------------ body helpers

    @staticmethod
    def _json_body(request: ApiRequest) -> Any:
        content_type = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise ApiError(415, "Content-Type must be application/json")
        if not request.body.strip():
            raise ApiError(400, "body: required, a JSON object")
        try:
            return json.loads(request.body.decode("utf-8"))
        except UnicodeDecodeError:
            raise ApiError(400, "body: must be UTF-8 encoded JSON") from None
        except ValueError as exc:
            raise ApiError(400, f"body: not valid JSON ({exc})") from None

    @staticmethod
    def _form_body(request: ApiRequest) -> dict[str, str]:
        content_type = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            raise OAuthError(
                "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
            )
        try:
            return dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            raise OAuthError("invalid_request", "the form must be UTF-8") from None

    def _new_id(self) -> str:
        while True:
            candidate = secrets.token_hex(12)
            if candidate not in self._spaces and candidate not in self._invitations:
                return candidate

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    # ------------------------------------------------------------------ routes

    def _home(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        accounts = [(account.display_name, account.email, account.token) for account in ACCOUNTS]
        return html_response(200, pages.home_page(self.base_url, accounts))

    def _service_configurations(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        return json_response(
            200,
            {
                "spaces": {"server_url": self.base_url, "socketio_server_url": self.base_url},
                "accounts": {"server_url": self.base_url},
            },
        )

    def _anonymous_auth(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        body = self._json_body(request)
        name = body.get("displayname") if isinstance(body, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ApiError(400, "displayname: required, a non-empty string")
        expires_at = self._clock() + self.config.anonymous_token_lifetime
        with self._lock:
            user = User(
                user_id=self._new_id(),
                email=None,
                display_name=name.strip(),
                time_zone=self.config.sender_time_zone,
                language=self.config.sender_language,
                kind="anonymous",
            )
            self._add_user(user)
            token = self._jwt_like({"sub": user.user_id, "anonymous": True, "exp": int(expires_at)})
            self._anonymous[token] = (user.user_id, expires_at)
        return json_response(
            200, {"token": token, "expiresIn": self.config.anonymous_token_lifetime}
        )

    def _jwt_like(self, claims: dict[str, Any]) -> str:
        def part(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")

        header = part(b'{"alg":"HS256","typ":"JWT"}')
        payload = part(json.dumps({**claims, "jti": secrets.token_hex(8)}).encode())
        signature = hmac.new(self._secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{part(signature)}"

    def _create_space(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        caller = self._api_call(request)
        body = self._json_body(request)
        if caller.holder.kind == "anonymous":
            raise ApiError(403, "Anonymous users may not create spaces")
        try:
            parsed = parse_create_body(body)
        except InvalidBodyError as exc:
            raise ApiError(400, exc.message) from None
        with self._lock:
            stored = self._replay(request, caller, body)
            if stored is not None:
                return stored
            now = self._now()
            self._sequence += 1
            space = Space(
                space_id=self._new_id(),
                title=parsed.title,
                description=parsed.description,
                owner=caller.acting,
                created=now,
                start=parsed.start,
                end=parsed.end,
                sequence=self._sequence,
                members=[Member("admin", user_id=caller.acting.user_id, email=caller.acting.email)],
                invitation_ids=[],
            )
            self._spaces[space.space_id] = space
            response = self._invite(space, caller.acting, parsed.invitees, parsed.delivery, now)
            self._remember(request, caller, body, response)
            return response

    def _invite_more(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        caller = self._api_call(request, (self._space_invite_limit(),))
        body = self._json_body(request)
        if caller.holder.kind == "anonymous":
            raise ApiError(403, "Anonymous users may not invite people")
        try:
            invitees, delivery = parse_invite_more_body(body)
        except InvalidBodyError as exc:
            raise ApiError(400, exc.message) from None
        with self._lock:
            space = self._spaces.get(match.group("id").lower())
            if space is None:
                raise ApiError(404, f"No space with id {match.group('id')}")
            if space.role_of(caller.acting.user_id, caller.acting.email) != "admin":
                raise ApiError(403, "Only an admin of the space may invite people to it")
            stored = self._replay(request, caller, body)
            if stored is not None:
                return stored
            response = self._invite(space, caller.acting, invitees, delivery, self._now())
            self._remember(request, caller, body, response)
            return response

    def _invite(
        self,
        space: Space,
        inviter: User,
        invitees: tuple[InviteeIn, ...],
        delivery: DeliveryIn,
        now: datetime,
    ) -> ApiResponse:
        invitation = Invitation(self._new_id(), space.space_id, inviter, delivery.invite_mode)
        self._invitations[invitation.invite_id] = invitation
        space.invitation_ids.append(invitation.invite_id)
        for invitee in invitees:
            if invitee.invitee_type == "userId":
                user = self._users.get(invitee.invitee)
                member = Member(
                    invitee.role, user_id=invitee.invitee, email=user.email if user else None
                )
            else:
                known = self._users_by_email.get(invitee.invitee.lower())
                member = Member(
                    invitee.role, user_id=known.user_id if known else None, email=invitee.invitee
                )
            if space.role_of(member.user_id, member.email) is None:
                space.members.append(member)
        answer: dict[str, Any] = {
            "data": [
                {
                    "_id": invitation.invite_id,
                    "topicId": space.space_id,
                    "startDateTime": format_timestamp(space.start) if space.start else None,
                    "endDateTime": format_timestamp(space.end) if space.end else None,
                    "invitees": [invitee.to_json() for invitee in invitees],
                    "created": format_timestamp(now),
                }
            ]
        }
        if delivery.inform_channel in ("client", "outlook"):
            facts = InviteFacts(
                base_url=self.base_url,
                invite_id=invitation.invite_id,
                topic_id=space.space_id,
                title=space.title,
                description=space.description,
                start=space.start,
                end=space.end,
                sender_name=inviter.display_name,
                sender_email=inviter.email or "",
                time_zone=inviter.time_zone,
                language=resolve_language(delivery.language, inviter.language),
                mode=delivery.invite_mode,
            )
            answer["inviteContent"] = render_invite_content(
                facts, delivery.inform_channel
            ).to_json()
        return json_response(200, answer)

    # Idempotency-Key: the first successful answer is kept per caller, path and key.
    def _idempotency_key(self, request: ApiRequest, caller: Caller) -> tuple[str, ...] | None:
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if not key:
            return None
        return (caller.holder.user_id, caller.acting.user_id, request.method, request.path, key)

    @staticmethod
    def _fingerprint(body: Any) -> str:
        return json.dumps(body, sort_keys=True, separators=(",", ":"))

    def _replay(self, request: ApiRequest, caller: Caller, body: Any) -> ApiResponse | None:
        key = self._idempotency_key(request, caller)
        stored = self._idempotent.get(key) if key else None
        if stored is None:
            return None
        if stored.fingerprint != self._fingerprint(body):
            raise ApiError(
                409,
                "Idempotency-Key was already used with a different request body; "
                "use a new key for a new request",
            )
        return ApiResponse(
            stored.response.status,
            stored.response.body,
            stored.response.content_type,
            [*stored.response.headers, ("Idempotent-Replayed", "true")],
        )

    def _remember(
        self, request: ApiRequest, caller: Caller, body: Any, response: ApiResponse
    ) -> None:
        key = self._idempotency_key(request, caller)
        if key:
            self._idempotent[key] = _Stored(self._fingerprint(body), response)

    def _get_space(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        self._api_call(request)
        with self._lock:
            space = self._spaces.get(match.group("id").lower())
            if space is None:
                raise ApiError(404, f"No space with id {match.group('id')}")
            return json_response(200, space.to_json(self.base_url))

    def _me(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        caller = self._api_call(request)
        return json_response(200, caller.acting.to_json())

    def _my_spaces(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        me = self._api_call(request).acting
        offset, size = _page_window(request.query)
        with self._lock:
            mine = [
                (space, role)
                for space in self._newest_first()
                if (role := space.role_of(me.user_id, me.email)) is not None
            ]
            items = [
                {**space.to_json(self.base_url), "role": role}
                for space, role in mine[offset : offset + size]
            ]
        return json_response(
            200, {"data": items, "total": len(mine), "offset": offset, "size": size}
        )

    def _limits(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        # Reading the counters is not counted against them, so a client may poll.
        caller = self._authenticate(request)
        limits = (*self._general_limits(), self._space_invite_limit())
        statuses = self._limiter.status(caller.holder.user_id, limits)
        return json_response(
            200,
            {"enabled": self.config.rate_limits, "data": [status.to_json() for status in statuses]},
        )

    def _space_page(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        with self._lock:
            space = self._spaces.get(match.group("id").lower())
            if space is None:
                return html_response(404, pages.not_found_page())
            return html_response(
                200, pages.space_page(space.title, space.description, len(space.members))
            )

    def _join_page(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        with self._lock:
            invitation = self._invitations.get(match.group("id").lower())
            space = self._spaces.get(invitation.space_id) if invitation else None
            if invitation is None or space is None:
                return html_response(404, pages.not_found_page())
            info = decode_invite_info(request.query.get("inviteInfo", ""))
            if info is None or info.get("inviteId") != invitation.invite_id:
                return html_response(
                    400,
                    pages.message_page(
                        "Broken invitation link", "The link is incomplete; copy it again."
                    ),
                )
            return html_response(
                200,
                pages.join_page(
                    space.title, invitation.inviter.display_name, invitation.mode == "meet"
                ),
            )

    def _authorize(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        # The sandbox has no password page: every sign-in is the demo user's.
        demo = self._users[DEMO_ACCOUNT.user_id]
        try:
            pending = self._oauth.begin(request.query, demo.user_id)
        except AuthorizeError as exc:
            return html_response(400, pages.message_page("Sign-in request refused", str(exc)))
        except OAuthError as exc:
            location = redirect_with(
                request.query["redirect_uri"],
                {
                    "error": exc.error,
                    "error_description": exc.description,
                    "state": request.query.get("state"),
                },
            )
            return html_response(302, "", [("Location", location)])
        return html_response(
            200,
            pages.approve_page(
                pending.request_id, demo.display_name, demo.email or "", pending.scope
            ),
        )

    def _approve(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        decision = form.get("decision")
        if decision not in ("approve", "deny"):
            return html_response(400, pages.message_page("Sign-in", "Choose Approve or Deny."))
        try:
            location = self._oauth.decide(form.get("request_id", ""), decision == "approve")
        except AuthorizeError as exc:
            return html_response(400, pages.message_page("Sign-in request refused", str(exc)))
        return html_response(302, "", [("Location", location)])

    def _access_token(self, request: ApiRequest, match: re.Match[str]) -> ApiResponse:
        form = self._form_body(request)
        grant = form.get("grant_type")
        if grant == "authorization_code":
            answer = self._oauth.exchange_code(form)
        elif grant == "refresh_token":
            answer = self._oauth.refresh(form)
        else:
            raise OAuthError(
                "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"
            )
        return json_response(200, answer.to_json(), [("Cache-Control", "no-store")])


_LIMIT_WORDS = {
    "calls_per_minute": "calls per minute",
    "calls_per_5_minutes": "calls per 5 minutes",
    "space_invites_per_10_minutes": "invitations to an existing space per 10 minutes",
}


def _page_window(query: dict[str, str]) -> tuple[int, int]:
    """offset/size, or page/size with page counted from 1; size 1..100, default 20."""
    size = _int_param(query, "size", 20)
    if not 1 <= size <= 100:
        raise ApiError(400, "size: must be between 1 and 100")
    if "offset" in query:
        offset = _int_param(query, "offset", 0)
        if offset < 0:
            raise ApiError(400, "offset: must be 0 or more")
        return offset, size
    page = _int_param(query, "page", 1)
    if page < 1:
        raise ApiError(400, "page: must be 1 or more (pages count from 1)")
    return (page - 1) * size, size


def _int_param(query: dict[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiError(400, f"{name}: must be a whole number") from None
