"""Which Python modules and Qt files the frozen app leaves out: the rules the spec applies."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Python packages that must never ride along: other Qt bindings (PyInstaller refuses
# two bindings in one bundle), test tools, and things the app never imports.
EXCLUDED_PACKAGES = (
    "PyQt5",
    "PyQt6",
    "PySide2",
    "tkinter",
    "_tkinter",
    "turtle",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "pip",
    "setuptools",
    "pkg_resources",
    "lib2to3",
    "pydoc_data",
    "IPython",
    "numpy",
    "icalendar.tests",
    # unittest is imported by nothing the app runs; left out to keep test machinery out.
    "unittest",
)

# The app draws with QtCore, QtGui, QtWidgets (and SVG icons through QtSvg); HTTP goes
# through requests, so QtNetwork and everything QML/3D/media/web is dead weight.
EXCLUDED_QT_MODULES = (
    "QtNetwork",
    "QtNetworkAuth",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtLabsStyleKit",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPrintSupport",
    "QtSql",
    "QtTest",
    "QtDesigner",
    "QtHelp",
    "QtUiTools",
    "QtXml",
    "QtConcurrent",
    "QtDBus",
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtDataVisualization",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNfc",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtStateMachine",
    "QtTextToSpeech",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
)

# Qt shared libraries of the excluded modules (matched on the file name's "Qt6<Name>").
_EXCLUDED_QT_LIB = re.compile(
    r"Qt6(Network|Qml|Quick|Labs|Lottie|OpenGL|PrintSupport|Sql|Test|Designer|Help|UiTools|Xml"
    r"|Concurrent|3D|Bluetooth|Charts|DataVisualization|Graphs|HttpServer|Location|Multimedia"
    r"|Nfc|Pdf|Positioning|RemoteObjects|Scxml|Sensors|Serial|SpatialAudio|StateMachine"
    r"|TextToSpeech|WebChannel|WebEngine|WebSockets|WebView|ShaderTools|VirtualKeyboard"
    r"|EglFS|WaylandCompositor|WaylandEgl|WlShellIntegration)"
)

# Plugin folders the app needs; every other folder (generic input, eglfs, tls,
# networkinformation, sqldrivers, qmltooling, designer, ...) is left out.
_KEPT_PLUGIN_DIRS = {
    "platforms",
    "platformthemes",
    "platforminputcontexts",
    "xcbglintegrations",
    "wayland-decoration-client",
    # wayland-graphics-integration-* is left out: it is only for OpenGL surfaces and
    # needs QtOpenGL; widgets on Wayland draw through shared memory.
    "wayland-shell-integration",
    "imageformats",
    "iconengines",
    "styles",
}
# Windowing back ends: real desktops (xcb, wayland, windows, cocoa) plus the headless
# offscreen/minimal ones that --smoke-test and --self-test use on CI.
_KEPT_PLATFORMS = re.compile(
    r"(lib)?q(xcb|wayland|windows|cocoa|offscreen|minimal)\.(so|dll|dylib)$"
)
# The icon is SVG; .ico is what Windows hands Qt for shell icons.
_KEPT_IMAGE_FORMATS = re.compile(r"(lib)?q(svg|ico)\.(so|dll|dylib)$")
# The GTK3 theme plugin would pull a private copy of cairo/pango/gdk into the bundle
# that then clashes with the desktop's GTK at run time; the XDG portal theme gives the
# native file dialogs without it.
_DROPPED_THEMES = re.compile(r"(lib)?qgtk3\.(so|dll|dylib)$")


def excluded_modules() -> list[str]:
    """Every module name for Analysis(excludes=...)."""
    qt = [f"PySide6.{name}" for name in EXCLUDED_QT_MODULES]
    return [*EXCLUDED_PACKAGES, *qt]


def keep_file(dest: str) -> bool:
    """Whether a bundle entry (its destination path inside the bundle) stays."""
    path = PurePosixPath(dest.replace("\\", "/"))
    parts = path.parts
    name = path.name
    if _EXCLUDED_QT_LIB.search(name):
        return False
    if "translations" in parts and ("Qt" in parts or "PySide6" in parts):
        # The interface is English and the app installs no QTranslator, so Qt never
        # reads these catalogues (about 6 MB).
        return False
    if "plugins" in parts and ("Qt" in parts or "PySide6" in parts):
        index = parts.index("plugins")
        if index + 1 >= len(parts) - 1:
            return True
        folder = parts[index + 1]
        if folder not in _KEPT_PLUGIN_DIRS:
            return False
        if folder == "platforms":
            return bool(_KEPT_PLATFORMS.search(name))
        if folder == "imageformats":
            return bool(_KEPT_IMAGE_FORMATS.search(name))
        if folder == "platformthemes":
            return not _DROPPED_THEMES.search(name)
        if folder == "platforminputcontexts":
            # The on-screen keyboard is a Qt Quick component.
            return "virtualkeyboard" not in name
        if folder == "wayland-shell-integration":
            # wl_shell is obsolete and its plugin needs a Qt library that is left out.
            return "wl-shell" not in name
    return True
