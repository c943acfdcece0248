"""Environments: the known hosts, the sandbox, and web hosts derived from custom API hosts."""

from __future__ import annotations

import pytest

from spaces_desktop.services.environments import (
    PRODUCTION,
    STAGING,
    custom_environment,
    environment_by_key,
    sandbox_environment,
)


def test_production_hosts_follow_the_api_notes() -> None:
    assert PRODUCTION.api_base == "https://spacesapis.avayacloud.com"
    assert PRODUCTION.web_base == "https://spaces.avayacloud.com"
    assert PRODUCTION.accounts_base == "https://accounts.avayacloud.com"


def test_staging_hosts_follow_the_api_notes() -> None:
    assert STAGING.api_base == "https://loganstagingapis.esna.com"
    assert STAGING.web_base == "https://loganstaging.esna.com"
    assert STAGING.accounts_base == "https://onesnastaging.esna.com"


def test_sandbox_serves_everything_from_one_address() -> None:
    env = sandbox_environment("http://127.0.0.1:9999/")
    assert (env.key, env.api_base, env.web_base, env.accounts_base) == (
        "sandbox",
        "http://127.0.0.1:9999",
        "http://127.0.0.1:9999",
        "http://127.0.0.1:9999",
    )


@pytest.mark.parametrize(
    ("api_base", "web_base"),
    [
        ("https://spacesapis.example.org", "https://spaces.example.org"),
        ("https://api.example.org/", "https://example.org"),
        ("https://myspacesapis.corp.example.net:8443", "https://myspaces.corp.example.net:8443"),
        ("http://localhost:8470", "http://localhost:8470"),
        ("https://spaces.internal.example", "https://spaces.internal.example"),
    ],
)
def test_custom_environment_derives_the_web_host(api_base: str, web_base: str) -> None:
    assert custom_environment(api_base).web_base == web_base


def test_custom_environment_of_a_known_host_is_that_environment() -> None:
    assert custom_environment("https://SpacesAPIs.avayacloud.com/") is PRODUCTION


@pytest.mark.parametrize("bad", ["spacesapis.avayacloud.com", "ftp://x.example", "https://"])
def test_custom_environment_refuses_what_is_not_a_web_address(bad: str) -> None:
    with pytest.raises(ValueError, match=r"https://|host"):
        custom_environment(bad)


def test_environment_by_key_knows_the_three_names() -> None:
    assert environment_by_key("production") is PRODUCTION
    assert environment_by_key("Staging") is STAGING
    assert environment_by_key("sandbox").api_base == "http://127.0.0.1:8470"


def test_environment_by_key_names_the_choices_for_an_unknown_key() -> None:
    with pytest.raises(ValueError, match="production, staging, sandbox"):
        environment_by_key("prod")
