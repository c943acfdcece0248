"""The release workflow's macOS signing steps, its tag/version check, and signing_secrets.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
SIGNING_SECRETS = ROOT / "packaging" / "macos" / "signing_secrets.py"
sys.path.insert(0, str(SIGNING_SECRETS.parent))

import signing_secrets  # noqa: E402

SIGNING_ENV = {
    "MACOS_SIGN_IDENTITY": "Developer ID Application: Example (ABCDE12345)",
    "MACOS_CERTIFICATE_P12": "cDEy",
    "MACOS_CERTIFICATE_PASSWORD": "pw",
}
APPLE_ID_ENV = {
    "MACOS_NOTARY_APPLE_ID": "dev@example.com",
    "MACOS_NOTARY_TEAM_ID": "ABCDE12345",
    "MACOS_NOTARY_PASSWORD": "abcd-efgh-ijkl-mnop",
}
API_KEY_ENV = {
    "MACOS_NOTARY_API_KEY": "-----BEGIN PRIVATE KEY-----",
    "MACOS_NOTARY_API_KEY_ID": "KEY123",
    "MACOS_NOTARY_API_ISSUER": "00000000-0000-0000-0000-000000000000",
}


def build_steps() -> list[dict[str, Any]]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = document["jobs"]["build"]["steps"]
    return steps


def step(name_start: str) -> dict[str, Any]:
    matches = [s for s in build_steps() if str(s.get("name", "")).startswith(name_start)]
    assert len(matches) == 1, f"expected one step named {name_start!r}"
    return matches[0]


def index_of(name_start: str) -> int:
    return build_steps().index(step(name_start))


# signing_secrets.plan: which secrets mean what


def test_no_secrets_means_an_unsigned_build() -> None:
    assert signing_secrets.plan({}) == signing_secrets.SigningPlan(sign=False, notary="none")


def test_signing_secrets_alone_sign_without_notarising() -> None:
    assert signing_secrets.plan(SIGNING_ENV) == signing_secrets.SigningPlan(
        sign=True, notary="none"
    )


def test_apple_id_secrets_notarise_with_the_apple_id() -> None:
    assert signing_secrets.plan(SIGNING_ENV | APPLE_ID_ENV).notary == "apple-id"


def test_api_key_wins_when_both_notary_sets_are_present() -> None:
    assert signing_secrets.plan(SIGNING_ENV | APPLE_ID_ENV | API_KEY_ENV).notary == "api-key"


def test_empty_values_count_as_absent() -> None:
    # GitHub passes an unset secret as an empty string.
    assert signing_secrets.plan(dict.fromkeys(SIGNING_ENV, "")).sign is False


def test_a_partial_signing_set_is_refused_naming_the_missing_secret() -> None:
    env = dict(SIGNING_ENV)
    del env["MACOS_CERTIFICATE_PASSWORD"]
    with pytest.raises(signing_secrets.SecretsError, match="MACOS_CERTIFICATE_PASSWORD"):
        signing_secrets.plan(env)


def test_a_partial_notary_set_is_refused_naming_the_missing_secret() -> None:
    env = SIGNING_ENV | {"MACOS_NOTARY_API_KEY_ID": "KEY123"}
    with pytest.raises(signing_secrets.SecretsError, match="MACOS_NOTARY_API_ISSUER"):
        signing_secrets.plan(env)


def test_notarising_without_signing_is_refused() -> None:
    with pytest.raises(signing_secrets.SecretsError, match="signed app"):
        signing_secrets.plan(APPLE_ID_ENV)


def run_script(env: dict[str, str], tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    output = tmp_path / "github-output"
    output.touch()
    base = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output)}
    result = subprocess.run(
        [sys.executable, str(SIGNING_SECRETS)],
        env=base | env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result, output.read_text(encoding="utf-8")


def test_script_writes_the_step_outputs_the_workflow_reads(tmp_path: Path) -> None:
    result, output = run_script(SIGNING_ENV | APPLE_ID_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert output.splitlines() == [
        "signing=true",
        "notary=true",
        "notary_method=apple-id",
        f"notary_profile={signing_secrets.NOTARY_PROFILE}",
        f"keychain={tmp_path / signing_secrets.KEYCHAIN_NAME}",
    ]


def test_script_without_secrets_succeeds_and_turns_everything_off(tmp_path: Path) -> None:
    result, output = run_script({}, tmp_path)
    assert result.returncode == 0
    assert "signing=false" in output.splitlines()
    assert "notary=false" in output.splitlines()
    assert "notary_profile=" in output.splitlines()
    assert "ad-hoc signed" in result.stdout


def test_script_fails_with_an_error_annotation_and_never_prints_a_value(tmp_path: Path) -> None:
    env = {"MACOS_CERTIFICATE_P12": SIGNING_ENV["MACOS_CERTIFICATE_P12"]}
    result, output = run_script(env, tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("::error ")
    assert "MACOS_SIGN_IDENTITY" in result.stdout
    assert SIGNING_ENV["MACOS_CERTIFICATE_P12"] not in result.stdout
    assert output == ""


# The workflow's structure


def test_secrets_step_reads_every_secret_the_script_knows() -> None:
    env = step("macOS signing secrets")["env"]
    names = (
        signing_secrets.SIGNING + signing_secrets.NOTARY_APPLE_ID + signing_secrets.NOTARY_API_KEY
    )
    assert env == {name: f"${{{{ secrets.{name} }}}}" for name in names}
    assert "signing_secrets.py" in step("macOS signing secrets")["run"]


def test_keychain_import_runs_only_when_the_signing_secrets_are_set() -> None:
    import_step = step("Import the Developer ID certificate")
    assert "steps.macos-secrets.outputs.signing == 'true'" in import_step["if"]
    assert import_step["env"]["MACOS_CERTIFICATE_P12"] == "${{ secrets.MACOS_CERTIFICATE_P12 }}"
    assert import_step["env"]["KEYCHAIN"] == "${{ steps.macos-secrets.outputs.keychain }}"


@pytest.mark.parametrize(
    "command",
    [
        "base64 --decode",
        "security create-keychain",
        "security unlock-keychain",
        "security import",
        "security set-key-partition-list -S apple-tool:,apple:",
        "security list-keychains -d user -s",
        "security find-identity -v -p codesigning",
    ],
)
def test_keychain_import_step_runs(command: str) -> None:
    assert command in step("Import the Developer ID certificate")["run"]


def test_notary_credentials_are_stored_only_when_the_notary_secrets_are_set() -> None:
    notary_step = step("Store the notarisation credentials")
    assert "steps.macos-secrets.outputs.notary == 'true'" in notary_step["if"]
    run = notary_step["run"]
    assert run.count('xcrun notarytool store-credentials "$PROFILE" --keychain "$KEYCHAIN"') == 2
    assert notary_step["env"]["PROFILE"] == "${{ steps.macos-secrets.outputs.notary_profile }}"


def test_keychain_steps_come_after_pip_and_before_the_bundle_is_signed() -> None:
    install = index_of("Install the app and PyInstaller")
    assert install < index_of("Import the Developer ID certificate")
    assert index_of("Import the Developer ID certificate") < index_of("Build the bundle")
    assert index_of("Store the notarisation credentials") < index_of("Build the .dmg")


def test_the_bundle_and_the_dmg_get_the_identity_only_when_it_was_imported() -> None:
    expected = (
        "${{ steps.macos-secrets.outputs.signing == 'true' && secrets.MACOS_SIGN_IDENTITY || '' }}"
    )
    assert step("Build the bundle")["env"]["MACOS_SIGN_IDENTITY"] == expected
    assert step("Build the .dmg")["env"]["MACOS_SIGN_IDENTITY"] == expected


def test_the_dmg_script_gets_the_profile_and_its_keychain() -> None:
    env = step("Build the .dmg")["env"]
    assert env["MACOS_NOTARY_PROFILE"] == "${{ steps.macos-secrets.outputs.notary_profile }}"
    assert "steps.macos-secrets.outputs.keychain" in env["MACOS_NOTARY_KEYCHAIN"]
    script = (ROOT / "packaging" / "macos" / "make_dmg.sh").read_text(encoding="utf-8")
    assert '--keychain "$MACOS_NOTARY_KEYCHAIN"' in script


def test_the_temporary_keychain_is_deleted_always_after_the_dmg() -> None:
    cleanup = step("Delete the temporary keychain")
    assert "always()" in cleanup["if"]
    assert 'security delete-keychain "$KEYCHAIN"' in cleanup["run"]
    assert cleanup["env"]["KEYCHAIN"] == "${{ steps.macos-secrets.outputs.keychain }}"
    assert index_of("Delete the temporary keychain") > index_of("Build the .dmg")


def test_no_secret_reaches_a_step_that_does_not_need_it() -> None:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert "secrets." not in str(document.get("env", ""))
    assert "secrets." not in str(document["jobs"]["build"].get("env", ""))
    for name in ("Install the app and PyInstaller", "Self-test the frozen app (macOS)"):
        assert "secrets." not in str(step(name))


# The tag/version check


def test_version_check_runs_on_tag_pushes_before_anything_is_built() -> None:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the bare key `on` as True (YAML 1.1).
    assert document[True]["push"]["tags"] == ["v*"]
    check = step("The tag matches spaces_desktop.__version__")
    assert check["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert check["shell"] == "bash"  # the same script on the Windows runner
    assert index_of("The tag matches") < index_of("Install the app and PyInstaller")


def run_version_check(tag: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # The step's own script, with `python` on PATH as setup-python leaves it.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step("The tag matches")["run"]],
        env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GITHUB_REF_NAME": tag},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_version_check_passes_for_the_package_version(tmp_path: Path) -> None:
    import spaces_desktop

    result = run_version_check(f"v{spaces_desktop.__version__}", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_version_check_fails_naming_the_tag_and_the_version(tmp_path: Path) -> None:
    import spaces_desktop

    result = run_version_check("v999.0.0", tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("::error ")
    assert "v999.0.0" in result.stdout
    assert f"({spaces_desktop.__version__})" in result.stdout
