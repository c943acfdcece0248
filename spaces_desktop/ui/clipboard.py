"""Put an invitation on the clipboard: Outlook-ready (HTML and text together), HTML, or text."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard

from spaces_desktop.services.invite_html import clipboard_html_document


def copy_outlook_ready(clipboard: QClipboard, html_fragment: str, text: str, title: str) -> None:
    """One QMimeData with both flavours, so Outlook pastes HTML and plain editors the text."""
    mime = QMimeData()
    mime.setHtml(clipboard_html_document(html_fragment, title))
    mime.setText(text)
    clipboard.setMimeData(mime)


def copy_html_source(clipboard: QClipboard, html_fragment: str) -> None:
    """The HTML source as text, for pasting into an HTML editor or a template."""
    clipboard.setText(html_fragment)


def copy_text(clipboard: QClipboard, text: str) -> None:
    clipboard.setText(text)
