"""The Spaces environments a client talks to: production, staging, a sandbox, a custom host."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SANDBOX_URL = "http://127.0.0.1:8470"


@dataclass(frozen=True)
class Environment:
    """Where the REST API, the web pages (space and invite links) and sign-in live."""

    key: str
    label: str
    api_base: str
    web_base: str
    accounts_base: str


# Hosts from API_NOTES.md ("Hosts").
PRODUCTION = Environment(
    key="production",
    label="Avaya Spaces",
    api_base="https://spacesapis.avayacloud.com",
    web_base="https://spaces.avayacloud.com",
    accounts_base="https://accounts.avayacloud.com",
)
STAGING = Environment(
    key="staging",
    label="Avaya Spaces staging",
    api_base="https://loganstagingapis.esna.com",
    web_base="https://loganstaging.esna.com",
    accounts_base="https://onesnastaging.esna.com",
)
KNOWN_ENVIRONMENTS: tuple[Environment, ...] = (PRODUCTION, STAGING)


def normalise_base_url(url: str) -> str:
    """``scheme://host[:port][/path]`` without a trailing slash; ValueError says what is wrong."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"“{text}” is not a web address; it must start with https:// or http://.")
    if not parts.hostname:
        raise ValueError(f"“{text}” has no host name.")
    if parts.query or parts.fragment:
        raise ValueError(f"“{text}” must be a base address, without ? or #.")
    try:
        parts.port  # noqa: B018 - urlsplit only checks the port when it is read
    except ValueError:
        raise ValueError(f"“{text}” has an invalid port.") from None
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def sandbox_environment(base_url: str = DEFAULT_SANDBOX_URL) -> Environment:
    """A local sandbox serves the API, the web pages and sign-in from one address."""
    base = normalise_base_url(base_url)
    return Environment(
        key="sandbox",
        label="Offline sandbox",
        api_base=base,
        web_base=base,
        accounts_base=base,
    )


def _web_host_for(api_host: str) -> str | None:
    """The web host by the naming convention of Spaces' hosts, or None when it does not apply.

    ``spacesapis.avayacloud.com`` -> ``spaces.avayacloud.com`` (``<name>apis.`` -> ``<name>.``)
    and ``api.example.com`` -> ``example.com``.
    """
    first, dot, rest = api_host.partition(".")
    if not dot or "." not in rest:
        return None
    if first == "api":
        return rest
    if first.endswith("apis") and len(first) > len("apis"):
        return f"{first[: -len('apis')]}.{rest}"
    return None


def custom_environment(api_base: str) -> Environment:
    """An environment from its REST API address; a known host gives back that environment.

    The web host follows the ``...apis.`` / ``api.`` convention where it applies, else it
    is the API host itself. Sign-in is assumed at the API address until discovered via
    ``GET /api/service-configurations``.
    """
    base = normalise_base_url(api_base)
    for known in KNOWN_ENVIRONMENTS:
        if base == known.api_base:
            return known
    parts = urlsplit(base)
    host = parts.hostname or ""
    web_host = _web_host_for(host)
    if web_host is None:
        web_base = base
    else:
        netloc = web_host if parts.port is None else f"{web_host}:{parts.port}"
        web_base = urlunsplit((parts.scheme, netloc, "", "", ""))
    return Environment(
        key="custom",
        label=host,
        api_base=base,
        web_base=web_base,
        accounts_base=base,
    )


def environment_by_key(key: str) -> Environment:
    """``production``, ``staging`` or ``sandbox`` (the standalone sandbox's default address)."""
    normalised = key.strip().lower()
    for known in KNOWN_ENVIRONMENTS:
        if known.key == normalised:
            return known
    if normalised == "sandbox":
        return sandbox_environment()
    names = ", ".join([*(e.key for e in KNOWN_ENVIRONMENTS), "sandbox"])
    raise ValueError(f"Unknown environment “{key}”; choose one of {names}.")
