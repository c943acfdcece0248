"""Decides from the release workflow's secrets whether the macOS build signs and notarises."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SIGNING = ("MACOS_SIGN_IDENTITY", "MACOS_CERTIFICATE_P12", "MACOS_CERTIFICATE_PASSWORD")
NOTARY_APPLE_ID = ("MACOS_NOTARY_APPLE_ID", "MACOS_NOTARY_TEAM_ID", "MACOS_NOTARY_PASSWORD")
NOTARY_API_KEY = ("MACOS_NOTARY_API_KEY", "MACOS_NOTARY_API_KEY_ID", "MACOS_NOTARY_API_ISSUER")
# The workflow stores the notary credentials under this name in its own temporary
# keychain; it is not a secret, and nothing outside the one job ever sees it.
NOTARY_PROFILE = "spaces-desktop-notary"
KEYCHAIN_NAME = "spaces-desktop-signing.keychain-db"


class SecretsError(Exception):
    """Some secrets of a group are set and others are not: the release must not guess."""


@dataclass(frozen=True)
class SigningPlan:
    """What the macOS job does: sign or not, and notarise with which credentials."""

    sign: bool
    notary: str  # "none", "apple-id" or "api-key"


def _missing(group: Sequence[str], env: Mapping[str, str]) -> list[str]:
    return [name for name in group if not env.get(name)]


def _complete(group: Sequence[str], env: Mapping[str, str], purpose: str) -> bool:
    """True when every secret of the group is set, False when none is; raises otherwise."""
    missing = _missing(group, env)
    if missing and len(missing) < len(group):
        raise SecretsError(
            f"{purpose} needs {', '.join(missing)} too (or none of {', '.join(group)})"
        )
    return not missing


def plan(env: Mapping[str, str]) -> SigningPlan:
    """The plan for these secrets; only their presence is read, never their values."""
    sign = _complete(SIGNING, env, "Signing")
    apple_id = _complete(NOTARY_APPLE_ID, env, "Notarisation with an Apple ID")
    api_key = _complete(NOTARY_API_KEY, env, "Notarisation with an App Store Connect API key")
    if (apple_id or api_key) and not sign:
        # Apple rejects an app that is not signed with a Developer ID, so notarising
        # alone would only fail later, after a long upload.
        raise SecretsError(
            f"Notarisation needs a signed app: set {', '.join(SIGNING)} as well, "
            "or remove the notary secrets"
        )
    # The API key wins when both are set: it is not tied to one person's Apple ID.
    notary = "api-key" if api_key else "apple-id" if apple_id else "none"
    return SigningPlan(sign=sign, notary=notary)


def outputs(signing_plan: SigningPlan, runner_temp: str) -> dict[str, str]:
    """The step outputs the later workflow steps read."""
    notarise = signing_plan.notary != "none"
    return {
        "signing": str(signing_plan.sign).lower(),
        "notary": str(notarise).lower(),
        "notary_method": signing_plan.notary,
        "notary_profile": NOTARY_PROFILE if notarise else "",
        "keychain": str(Path(runner_temp) / KEYCHAIN_NAME),
    }


def main(env: Mapping[str, str]) -> int:
    try:
        signing_plan = plan(env)
    except SecretsError as error:
        print(f"::error title=macOS signing secrets::{error}")
        return 1
    values = outputs(signing_plan, env.get("RUNNER_TEMP") or "/tmp")  # noqa: S108 (outside CI only)
    if not signing_plan.sign:
        print("macOS: no signing secrets: the app is only ad-hoc signed, not notarised")
    elif signing_plan.notary == "none":
        print("macOS: the app is signed; no notary secrets: not notarised")
    else:
        print(f"macOS: the app is signed and notarised (credentials: {signing_plan.notary})")
    output_file = env.get("GITHUB_OUTPUT")
    if output_file:
        with open(output_file, "a", encoding="utf-8") as stream:
            stream.writelines(f"{key}={value}\n" for key, value in values.items())
    else:
        print("\n".join(f"{key}={value}" for key, value in values.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(os.environ))
