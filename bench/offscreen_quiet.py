"""Hide the offscreen platform's one harmless warning so the Qt benches print only results."""

from __future__ import annotations

# The offscreen plugin says this whenever a shown window has size hints to pass on;
# pyproject's qt_log_ignore skips it in the tests for the same reason.
_HARMLESS = "This plugin does not support propagateSizeHints()"


def hide_offscreen_size_hint_warning() -> None:
    """Drop that one message; every other Qt message still reaches stderr."""
    import sys

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if message != _HARMLESS:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
