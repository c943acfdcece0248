"""The PyInstaller spec and its keep/drop rules: parsed and checked without building."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "spaces_desktop.spec"
sys.path.insert(0, str(PACKAGING))

import bundle_rules  # noqa: E402
import make_icons  # noqa: E402


def spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


def test_spec_is_valid_python() -> None:
    ast.parse(spec_text(), filename=str(SPEC))


@pytest.mark.parametrize(
    "needle",
    [
        'APP_NAME = "spaces-desktop"',
        "exclude_binaries=True",  # one-dir: COLLECT gathers the files
        "COLLECT(",
        "BUNDLE(",
        'collect_data_files("spaces_desktop")',
        'collect_data_files("tzdata")',
        'collect_data_files("certifi")',
        'copy_metadata("keyring")',
        'collect_submodules("keyring.backends")',
        '"truststore"',
        '"nh3"',
        '"icalendar"',
        "excludes=bundle_rules.excluded_modules()",
        "console=not (IS_WINDOWS or IS_MACOS)",
        '"NSHighResolutionCapable": True',
        '"LSMinimumSystemVersion"',
        "bundle_identifier=BUNDLE_ID",
    ],
)
def test_spec_declares(needle: str) -> None:
    assert needle in spec_text()


def test_spec_never_uses_upx() -> None:
    assert re.findall(r"upx=(\w+)", spec_text()) == ["False", "False"]


def test_spec_entry_script_calls_the_console_entry_point() -> None:
    entry = (PACKAGING / "entry.py").read_text(encoding="utf-8")
    assert "from spaces_desktop.cli import main" in entry
    assert 'PACKAGING / "entry.py"' in spec_text()


@pytest.mark.parametrize(
    "module",
    ["PyQt5", "PyQt6", "PySide2", "pytest", "_pytest", "hypothesis", "tkinter", "unittest"],
)
def test_foreign_and_test_packages_are_excluded(module: str) -> None:
    assert module in bundle_rules.excluded_modules()


@pytest.mark.parametrize(
    "module", ["QtNetwork", "QtQml", "QtQuick", "QtWebEngineCore", "QtMultimedia", "QtPdf"]
)
def test_unused_qt_modules_are_excluded(module: str) -> None:
    assert f"PySide6.{module}" in bundle_rules.excluded_modules()


def _qt_modules_the_app_imports() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "spaces_desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "PySide6":
                    found.update(alias.name for alias in node.names)
                elif node.module.startswith("PySide6."):
                    found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found.update(
                    alias.name.split(".")[1]
                    for alias in node.names
                    if alias.name.startswith("PySide6.")
                )
    return found


def test_no_qt_module_the_app_imports_is_excluded() -> None:
    # If this fails, the app started using a Qt module: take it out of bundle_rules.
    used = _qt_modules_the_app_imports()
    assert "QtWidgets" in used
    assert used.isdisjoint(bundle_rules.EXCLUDED_QT_MODULES)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqminimal.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/styles/libqmacstyle.dylib",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "spaces_desktop/sandbox/templates/invite.html",
        "certifi/cacert.pem",
        "libicudata.so.73",
    ],
)
def test_needed_files_stay(dest: str) -> None:
    assert bundle_rules.keep_file(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqminimalegl.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-egldevice-integration.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
        "PySide6/Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libwl-shell-plugin.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qtdeclarative_fr.qm",
    ],
)
def test_unneeded_qt_files_are_dropped(dest: str) -> None:
    assert not bundle_rules.keep_file(dest)


def test_icons_are_built_from_the_shipped_pngs(tmp_path: Path) -> None:
    pngs = make_icons.png_icons(tmp_path)
    assert sorted(pngs) == list(make_icons.PNG_SIZES)
    for size, path in pngs.items():
        assert make_icons.png_size(path.read_bytes()) == (size, size)


def test_ico_directory_lists_every_size(tmp_path: Path) -> None:
    pngs = make_icons.png_icons(tmp_path)
    data = make_icons.write_ico(pngs, tmp_path / "app.ico").read_bytes()
    reserved, kind, count = (int.from_bytes(data[i : i + 2], "little") for i in (0, 2, 4))
    widths = [data[6 + 16 * n] or 256 for n in range(count)]
    assert (reserved, kind) == (0, 1)
    assert widths == list(make_icons.ICO_SIZES)


def test_icns_length_field_matches_the_file(tmp_path: Path) -> None:
    pngs = make_icons.png_icons(tmp_path)
    data = make_icons.write_icns(pngs, tmp_path / "app.icns").read_bytes()
    assert data[:4] == b"icns"
    assert int.from_bytes(data[4:8], "big") == len(data)
    assert b"ic08" in data  # the 256 px element


def test_png_size_rejects_a_non_png() -> None:
    with pytest.raises(make_icons.IconError):
        make_icons.png_size(b"GIF89a" + bytes(30))


def test_a_size_rendered_from_the_svg_matches_the_shipped_png(tmp_path: Path, qapp: object) -> None:
    # The build renders a missing size the way scripts/render_icons.py made the shipped
    # ones, so a bundle never mixes two renderings of the icon. (qapp: rendering needs a
    # Qt application, and a bare QGuiApplication made here would break later widget tests.)
    source = tmp_path / "source"
    source.mkdir()
    svg = make_icons.ICON_DIR / f"{make_icons.ICON_NAME}.svg"
    (source / svg.name).write_bytes(svg.read_bytes())
    pngs = make_icons.png_icons(tmp_path / "out", icon_dir=source)
    shipped = make_icons.ICON_DIR / f"{make_icons.ICON_NAME}-48.png"
    assert pngs[48].read_bytes() == shipped.read_bytes()
