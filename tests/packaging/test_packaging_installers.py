"""Linux, Windows and macOS installer sources and the release workflow, checked without building."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_VERSION = ROOT / "packaging" / "app_version.py"
LINUX = ROOT / "packaging" / "linux"
NSIS_SCRIPT = ROOT / "packaging" / "windows" / "spaces-desktop.nsi"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
DESKTOP_FILE = LINUX / "spaces-desktop.desktop"


def desktop_entry() -> dict[str, str]:
    lines = DESKTOP_FILE.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate missing: run packaging/linux/system-deps.sh",
)
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # no hints either


def test_desktop_entry_starts_the_installed_launcher_and_names_the_icon() -> None:
    entry = desktop_entry()
    launcher = (LINUX / "launcher.sh").read_text(encoding="utf-8")
    assert entry["Exec"] == "spaces-desktop"
    assert "exec /opt/spaces-desktop/spaces-desktop" in launcher
    assert entry["Icon"] == "spaces-desktop"
    assert (ROOT / "resources" / "icons" / "spaces-desktop.svg").is_file()


def control_fields() -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in (LINUX / "control.in").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


@pytest.mark.parametrize(
    "field", ["Package", "Version", "Architecture", "Installed-Size", "Maintainer", "Description"]
)
def test_control_template_has_field(field: str) -> None:
    assert control_fields()[field]


@pytest.mark.parametrize(
    # What the bundle loads from the system (ldd on the bundled Qt libraries), not bundled:
    # GL/EGL are driver libraries, libxcb must match the X server's, Wayland's client
    # libraries must match the compositor's; fonts and zone data are plain files.
    "package",
    ["libc6", "libegl1", "libgl1", "libxcb1", "libwayland-client0", "libwayland-cursor0", "tzdata"],
)
def test_control_depends_on(package: str) -> None:
    depends = [item.strip().split(" ")[0] for item in control_fields()["Depends"].split(",")]
    assert package in depends


def test_control_template_placeholders_are_the_ones_build_deb_fills() -> None:
    placeholders = set(re.findall(r"@([A-Z_]+)@", (LINUX / "control.in").read_text()))
    script = (LINUX / "build_deb.sh").read_text(encoding="utf-8")
    assert placeholders == {"VERSION", "ARCH", "INSTALLED_SIZE", "GLIBC"}
    for name in placeholders:
        assert f"@{name}@" in script


@pytest.mark.parametrize(
    "script",
    [
        "packaging/linux/build_deb.sh",
        "packaging/linux/system-deps.sh",
        "packaging/check_package.sh",
        "packaging/macos/make_dmg.sh",
    ],
)
def test_shell_script_parses(script: str) -> None:
    result = subprocess.run(["bash", "-n", str(ROOT / script)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["postinst", "postrm", "launcher.sh"])
def test_maintainer_script_is_executable_posix_sh(name: str) -> None:
    path = LINUX / name
    assert os.access(path, os.X_OK)
    assert path.read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    result = subprocess.run(["sh", "-n", str(path)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr


def test_build_deb_puts_files_where_the_package_promises() -> None:
    script = (LINUX / "build_deb.sh").read_text(encoding="utf-8")
    assert "dpkg-deb --root-owner-group" in script
    for path in (
        '"$STAGE/opt/spaces-desktop"',
        '"$STAGE/usr/bin/spaces-desktop"',
        "$STAGE/usr/share/applications/spaces-desktop.desktop",
        "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/spaces-desktop.png",
        "$STAGE/usr/share/icons/hicolor/scalable/apps/spaces-desktop.svg",
    ):
        assert path in script


def make_payload(folder: Path) -> Path:
    (folder / "_internal").mkdir(parents=True)
    (folder / "spaces-desktop.exe").write_bytes(b"MZ stand-in")
    (folder / "_internal" / "python311.dll").write_bytes(b"stand-in")
    return folder


def makensis(*defines: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = ["makensis", "-V2", "-WX", *defines, str(NSIS_SCRIPT)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)


needs_makensis = pytest.mark.skipif(
    shutil.which("makensis") is None,
    reason="makensis missing: run packaging/linux/system-deps.sh (Debian package nsis)",
)


@needs_makensis
def test_nsis_script_compiles_against_a_stand_in_payload(tmp_path: Path) -> None:
    payload = make_payload(tmp_path / "payload")
    out = tmp_path / "spaces-desktop-0.1.0-setup.exe"
    result = makensis(
        "-DVERSION=0.1.0", f"-DPAYLOAD_DIR={payload}", f"-DOUTFILE={out}", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


@needs_makensis
def test_nsis_script_refuses_to_build_without_a_payload(tmp_path: Path) -> None:
    result = makensis("-DVERSION=0.1.0", f"-DOUTFILE={tmp_path / 'x.exe'}", cwd=tmp_path)
    assert result.returncode != 0
    assert "PAYLOAD_DIR" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "needle",
    [
        "RequestExecutionLevel user",
        'InstallDir "$LOCALAPPDATA\\Programs\\Spaces Desktop"',
        'WriteRegStr HKCU "${UNINST_KEY}" "UninstallString"',
        "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\",
        'CreateShortcut "$SMPROGRAMS\\',
        '!include "MUI2.nsh"',
        'DeleteRegKey HKCU "${UNINST_KEY}"',
    ],
)
def test_nsis_script_is_a_per_user_install(needle: str) -> None:
    assert needle in NSIS_SCRIPT.read_text(encoding="utf-8")


def test_nsis_uninstaller_never_deletes_the_whole_install_folder_recursively() -> None:
    # The user may have picked an existing folder; only our own files go.
    assert 'RMDir /r "$INSTDIR"' not in NSIS_SCRIPT.read_text(encoding="utf-8")


def test_make_dmg_signs_and_notarizes_only_with_identities_from_the_environment() -> None:
    script = (ROOT / "packaging" / "macos" / "make_dmg.sh").read_text(encoding="utf-8")
    assert "hdiutil create" in script
    assert 'if [ -n "${MACOS_SIGN_IDENTITY:-}" ]' in script
    assert 'if [ -n "${MACOS_NOTARY_PROFILE:-}" ]' in script


def workflow_text() -> str:
    return WORKFLOW.read_text(encoding="utf-8")


def test_workflow_builds_on_three_systems_with_python_311() -> None:
    text = workflow_text()
    matrix = re.search(r"os: \[(.*)\]", text)
    assert matrix is not None
    systems = [item.strip() for item in matrix.group(1).split(",")]
    assert [s.split("-")[0] for s in systems] == ["ubuntu", "windows", "macos"]
    assert 'python-version: "3.11"' in text


@pytest.mark.parametrize(
    "needle",
    [
        "pip install '.[packaging]'",
        "packaging/spaces_desktop.spec",
        "--self-test",
        "packaging/linux/build_deb.sh",
        "makensis",
        "packaging/macos/make_dmg.sh",
        "actions/upload-artifact@v4",
        "QT_QPA_PLATFORM: offscreen",
    ],
)
def test_workflow_step(needle: str) -> None:
    assert needle in workflow_text()


def test_workflow_is_indented_with_spaces_and_has_jobs() -> None:
    text = workflow_text()
    assert "\t" not in text
    assert re.search(r"^jobs:\n  build:\n", text, re.MULTILINE)


def test_workflow_parses_as_yaml() -> None:
    import yaml

    document = yaml.safe_load(workflow_text())
    steps = document["jobs"]["build"]["steps"]
    assert any("--self-test" in str(step.get("run", "")) for step in steps)


def test_app_version_script_prints_the_package_version() -> None:
    import spaces_desktop

    result = subprocess.run(
        [sys.executable, str(APP_VERSION)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout == f"{spaces_desktop.__version__}\n"


@pytest.mark.parametrize(
    "script",
    [
        "packaging/linux/build_deb.sh",
        "packaging/macos/make_dmg.sh",
        ".github/workflows/release.yml",
        "packaging/spaces_desktop.spec",
    ],
)
def test_every_packaging_script_reads_the_version_one_way(script: str) -> None:
    assert "app_version" in (ROOT / script).read_text(encoding="utf-8")


def test_workflow_passes_nsis_the_icon_make_icons_writes() -> None:
    # The spec's .ico lies inside PyInstaller's work folder (<workpath>/<spec name>/icons),
    # so the installer step makes its own with make_icons and passes that path.
    text = workflow_text()
    assert "python packaging/make_icons.py build/icons" in text
    assert '"/DICON=$PWD\\build\\icons\\spaces-desktop.ico"' in text
