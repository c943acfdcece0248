"""The created invitation: a safe preview (rendered, HTML source, plain text) and copy buttons."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.domain.invite_request import InformChannel, InviteeType, InviteRequest

# ui.clipboard, services.invite_html (html.parser) and domain.invite_result are imported
# where they are first used, after a create: a fresh window shows no invitation, and
# loading them before the first paint cost the start-up some 10 ms.
if TYPE_CHECKING:
    from spaces_desktop.domain.invite_result import InviteResult
    from spaces_desktop.domain.profile_zone import ProfileZoneNote

# (parent, url) -> True when the user agreed to open it.
ConfirmOpen = Callable[[QWidget, str], bool]
OpenUrl = Callable[[QUrl], bool]
# (parent, caption, suggested file name, name filter) -> the chosen path, or None.
ChooseSavePath = Callable[[QWidget, str, str, str], "Path | None"]


class ExportKind(Enum):
    """The files "Save as…" offers: (menu text, extension, file dialog filter)."""

    HTML = ("Web page (.html)…", ".html", "Web page (*.html *.htm)")
    ICS = ("Calendar event (.ics)…", ".ics", "Calendar event (*.ics)")
    EML = ("Email draft (.eml)…", ".eml", "Email message (*.eml)")

    @property
    def menu_text(self) -> str:
        return self.value[0]

    @property
    def extension(self) -> str:
        return self.value[1]

    @property
    def name_filter(self) -> str:
        return self.value[2]


def ask_for_save_path(
    parent: QWidget, caption: str, suggested: str, name_filter: str
) -> Path | None:
    """The default: the platform's save dialog, starting in the home folder."""
    # Imported on first use, like QMessageBox below: PySide6 builds a class's enums when
    # it is first touched, a start-up cost for dialogs most runs never open.
    from PySide6.QtWidgets import QFileDialog

    path, _chosen = QFileDialog.getSaveFileName(
        parent, caption, str(Path.home() / suggested), name_filter
    )
    return Path(path) if path else None


def _safe_file_name(title: str, extension: str) -> str:
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .") or "invitation"
    return stem[:80] + extension


# -- rendering for Qt's rich-text engine ----------------------------------------------------

# Mail layouts are tables of a fixed 600 px; Qt would scroll sideways for the last pixels.
_WIDE_PX = 400
_MAIL_WIDTH_PX = 600
_CELL_PX = 100
_TAG = re.compile(r"<(/?)(table|td|th)\b([^>]*)>", re.IGNORECASE)
_WIDTH_ATTRIBUTE = re.compile(r'\swidth="(\d+)(?:px)?"', re.IGNORECASE)
_FULL_WIDTH_ATTRIBUTE = re.compile(r'\swidth="100%"', re.IGNORECASE)
_BORDER_ATTRIBUTE = re.compile(r'\sborder="[^"]*"', re.IGNORECASE)
_BGCOLOR_ATTRIBUTE = re.compile(r'\sbgcolor="[^"]*"', re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"', re.IGNORECASE)
_PX = re.compile(r"^\s*(\d+)px\s*$", re.IGNORECASE)
# What the page around a mail's card paints: the pane shows the card on plain white.
_PAGE_DECLARATIONS = ("background", "padding")


def _render_style(tag: str, style: str, *, page: bool = False) -> str:
    kept = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name = name.strip().lower()
        if not name:
            continue
        if tag == "table" and name.startswith("border") and name != "border-collapse":
            # Qt draws a table's border around every cell too: the "grid" look.
            continue
        if page and name.startswith(_PAGE_DECLARATIONS):
            continue
        if name in ("width", "max-width", "min-width"):
            px = _PX.match(value)
            if px is not None and int(px.group(1)) >= _WIDE_PX:
                continue
        kept.append(f"{name}:{value.strip()}")
    return ";".join(kept)


class _Renderer:
    """Rewrites one document's table tags, knowing how deep in tables each one is."""

    def __init__(self) -> None:
        self._depth = 0
        # Per open table: is it the full-width "page" a mail centres its card on?
        self._page: list[bool] = []

    def __call__(self, match: re.Match[str]) -> str:
        closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if tag == "table" and self._page:
                self._page.pop()
            return match.group(0)
        # The outermost full-width table and its own cells are the page around the card:
        # Qt paints their grey background and padding as a bare strip above the card.
        if tag == "table":
            page = not self._page and bool(_FULL_WIDTH_ATTRIBUTE.search(attributes))
            self._page.append(page)
        else:
            page = len(self._page) == 1 and self._page[0]
        return f"<{match.group(2)}{self._attributes(tag, attributes, page)}>"

    @staticmethod
    def _attributes(tag: str, attributes: str, page: bool) -> str:
        def width(found: re.Match[str]) -> str:
            pixels = int(found.group(1))
            if tag != "table":
                # A cell as wide as a column of text sizes with its table; a gutter keeps it.
                return found.group(0) if pixels < _CELL_PX else ""
            # A narrower table (a button) keeps its share of the usual 600 px mail width.
            share = 100 if pixels >= _WIDE_PX else max(1, round(100 * pixels / _MAIL_WIDTH_PX))
            return f' width="{share}%"'

        attributes = _WIDTH_ATTRIBUTE.sub(width, attributes)
        if tag == "table":
            attributes = _BORDER_ATTRIBUTE.sub("", attributes) + ' border="0"'
        if page:
            attributes = _BGCOLOR_ATTRIBUTE.sub("", attributes)
        return _STYLE_ATTRIBUTE.sub(
            lambda found: f' style="{_render_style(tag, found.group(1), page=page)}"',
            attributes,
        )


def html_for_rendering(safe_html: str) -> str:
    """The sanitised invitation adjusted for Qt's renderer only (copies keep the original).

    Qt's rich text draws a bordered table's border around each cell, so the e-mail
    card becomes a grid; a fixed 600 px layout scrolls sideways in a narrower pane;
    and the grey page a mail centres its card on shows as a bare strip above it.
    Table borders go, fixed table widths become shares of the pane so it wraps, and
    the outer page loses its background and padding so the card reads as a clean mail.
    """
    return _TAG.sub(_Renderer(), safe_html)


RENDERED, HTML_SOURCE, PLAIN_TEXT = range(3)
# How many addresses the delivery summary names before "and N more".
SUMMARY_NAMES = 8
_COPY_JOIN_LINK = "Copy &join link"
_COPY_SPACE_LINK = "Copy space lin&k"
# Under a "Previous invitation" heading after a failed create.
PREVIOUS_NOT_CREATED_LINE = (
    "From your last successful create; the one you just tried was not created."
)
PREVIOUS_MAY_EXIST_LINE = (
    "From your last successful create. The one you just tried may have been created: "
    "check before trying again."
)
# What to do about a history entry without an invitation (rich text, no user input).
UNKNOWN_ADVICE = (
    "Press <b>Check</b> under the history list to look for it among your spaces, or "
    "<b>Send again</b> to repeat the same request (Spaces recognises it, so it never "
    "makes a second space)."
)
NOT_CREATED_ADVICE = (
    "To try again, press <b>Use as template</b> under the history list: the form gets "
    "a copy with new times."
)
_NO_CONTENT_TIP = "Spaces emails this invitation itself, so there is no invitation text to copy."
# A calm aside, not a warning: the times are right, only written in another zone.
_ZONE_NOTE_STYLE = (
    "QLabel#profileZoneNote { background: #f3f6fa; border: 1px solid #cfd9e5;"
    " border-radius: 4px; padding: 6px 8px; color: #1f2d3d; }"
)


def ask_before_opening(parent: QWidget, url: str) -> bool:
    """The default confirmation: a modal question showing the full address."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        "Open link",
        f"Open {url} in your browser?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Open


class SafeTextBrowser(QTextBrowser):
    """A QTextBrowser that never loads anything: no images, no style sheets, no pages.

    Rendering remote images would tell the sender when and where the invitation was
    opened, and ``file:`` resources could read local files into the view.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.blocked_resources: list[str] = []

    def loadResource(self, kind: int, name: QUrl | str) -> Any:  # noqa: N802 - Qt override
        self.blocked_resources.append(name.toString() if isinstance(name, QUrl) else name)
        return None


class PreviewPane(QWidget):
    """Shows one created invitation; ``status_changed`` mirrors the status line."""

    status_changed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        confirm_open: ConfirmOpen = ask_before_opening,
        open_url: OpenUrl = QDesktopServices.openUrl,
        choose_save_path: ChooseSavePath = ask_for_save_path,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self._confirm_open = confirm_open
        self._open_url = open_url
        self._choose_save_path = choose_save_path
        self._result: InviteResult | None = None
        self._request: InviteRequest | None = None
        self._safe_html = ""
        self._text = ""
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self.clear()

    # -- construction -----------------------------------------------------------------

    def _init_widgets(self) -> None:
        self._heading = QLabel(self)
        self._heading.setObjectName("previewHeading")
        self._heading.setWordWrap(True)
        font = self._heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self._heading.setFont(font)
        self._summary = QLabel(self)
        self._summary.setObjectName("deliverySummary")
        self._summary.setWordWrap(True)
        self._summary.setAccessibleName("Who receives the invitation")
        self._zone_note = QLabel(self)
        self._zone_note.setObjectName("profileZoneNote")
        self._zone_note.setAccessibleName("Time zone of the invitation's times")
        self._zone_note.setWordWrap(True)
        self._zone_note.setTextFormat(Qt.TextFormat.PlainText)
        self._zone_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._zone_note.setStyleSheet(_ZONE_NOTE_STYLE)
        self._zone_note.hide()
        self._tabs = QTabBar(self)
        self._tabs.setObjectName("previewModeTabs")
        self._tabs.setAccessibleName("Preview format")
        for label in ("Rendered", "HTML source", "Plain text"):
            self._tabs.addTab(label)
        self._tabs.setExpanding(False)
        self._tabs.setDocumentMode(True)
        self._browser = SafeTextBrowser(self)
        self._browser.setObjectName("previewBrowser")
        self._browser.setAccessibleName("Invitation preview")
        # A long link with nothing to break at would otherwise widen the page sideways.
        self._browser.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._copy_outlook = self._button("copyOutlookButton", "Copy &for Outlook")
        self._copy_outlook.setDefault(False)
        self._copy_html = self._button("copyHtmlButton", "Copy &HTML")
        self._copy_text = self._button("copyTextButton", "Copy te&xt")
        self._copy_link = self._button("copyLinkButton", _COPY_JOIN_LINK)
        self._open_space = self._button("openSpaceButton", "Open space in bro&wser")
        self._save_as = self._button("saveAsButton", "Save as…")
        self._save_menu = QMenu(self._save_as)
        self._save_menu.setObjectName("saveAsMenu")
        for kind in ExportKind:
            action = self._save_menu.addAction(kind.menu_text)
            action.setObjectName(f"saveAs{kind.name.title()}Action")
            action.triggered.connect(lambda _checked=False, k=kind: self.save_as(k))
        self._save_as.setMenu(self._save_menu)
        self._status = QLabel(self)
        self._status.setObjectName("previewStatus")
        self._status.setAccessibleName("Copy status")
        self._status.setWordWrap(True)

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", ""))
        return button

    def _init_layout(self) -> None:
        copy_row = QHBoxLayout()
        copy_row.setSpacing(6)
        for button in (self._copy_outlook, self._copy_html, self._copy_text):
            copy_row.addWidget(button)
        copy_row.addStretch(1)
        link_row = QHBoxLayout()
        link_row.setSpacing(6)
        link_row.addWidget(self._copy_link)
        link_row.addWidget(self._open_space)
        link_row.addStretch(1)
        link_row.addWidget(self._save_as)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._heading)
        layout.addWidget(self._summary)
        layout.addWidget(self._zone_note)
        layout.addWidget(self._tabs)
        layout.addWidget(self._browser, 1)
        layout.addLayout(copy_row)
        layout.addLayout(link_row)
        layout.addWidget(self._status)

    def _connect_signals(self) -> None:
        self._tabs.currentChanged.connect(self._render)
        self._browser.anchorClicked.connect(self._on_anchor_clicked)
        self._copy_outlook.clicked.connect(self.copy_outlook_ready)
        self._copy_html.clicked.connect(self.copy_html)
        self._copy_text.clicked.connect(self.copy_text)
        self._copy_link.clicked.connect(self.copy_join_link)
        self._open_space.clicked.connect(self.open_space)

    # -- content ----------------------------------------------------------------------

    @property
    def result(self) -> InviteResult | None:
        return self._result

    def status_text(self) -> str:
        return self._status.text()

    def profile_zone_note_text(self) -> str:
        """The note about the invitation's time zone, or "" when none is shown."""
        return "" if self._zone_note.isHidden() else self._zone_note.text()

    def show_profile_zone_note(self, note: ProfileZoneNote, result: InviteResult) -> None:
        """Say the invitation's times are in the profile's zone, if ``result`` is still shown.

        The lookup behind the note answers later; by then the pane may show another
        invitation (a history entry, a newer create), which the note is not about.
        """
        if self._result is not result:
            return
        self._zone_note.setText(note.text)
        self._zone_note.setAccessibleDescription(note.text)
        self._zone_note.show()

    def clear_profile_zone_note(self) -> None:
        self._zone_note.hide()
        self._zone_note.clear()
        self._zone_note.setAccessibleDescription("")

    def clear(self) -> None:
        """Back to the empty state: nothing created yet."""
        self._result = None
        self._request = None
        self._safe_html = ""
        self._text = ""
        self._heading.setText("No invitation yet")
        self._summary.setText("Fill in the form and press Create space.")
        self._summary.setToolTip("")
        self.clear_profile_zone_note()
        self._browser.setHtml(
            "<p align='center' style='color:#6b7280; margin-top:48px;'>"
            "The invitation appears here after you press <b>Create space</b>.</p>"
        )
        self._tabs.setEnabled(False)
        # Nothing to read or select yet: not a Tab stop (it took the focus invisibly).
        self._browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for button in self._buttons():
            button.setEnabled(False)
            button.setToolTip("Create a space first.")
        self._set_status("")

    def show_result(self, result: InviteResult, request: InviteRequest) -> None:
        """Show what the server returned for ``request``; HTML is sanitised before use."""
        from spaces_desktop.services.invite_html import preview_html, text_as_html

        self._result = result
        self._request = request
        self._text = result.text or ""
        # A note belongs to one invitation; this one's (if any) comes with its own call.
        self.clear_profile_zone_note()
        preview = preview_html(result.html or "")
        self._safe_html = preview.html or ""
        too_large_note = (
            f"The invitation's HTML is {preview.original_bytes // 1024} KB, too large to "
            "show safely; showing its plain text."
            if preview.too_large
            else ""
        )
        self._heading.setText(result.subject or request.space.title)
        summary, everyone = self._summary_for(request)
        self._summary.setText(summary)
        self._summary.setToolTip(everyone)
        if not self._safe_html and self._text and not preview.too_large:
            # Some answers carry only text; render it escaped so there is something to copy.
            self._safe_html = text_as_html(self._text)
        self._tabs.setEnabled(True)
        self._browser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._update_buttons(request.delivery.channel, preview.too_large)
        self._render()
        self._set_status(too_large_note)

    def _summary_for(self, request: InviteRequest) -> tuple[str, str]:
        """The delivery summary, and the full list of addresses for its tooltip."""
        emails = [i.address for i in request.invitees if i.kind is InviteeType.EMAIL]
        users = [i for i in request.invitees if i.kind is InviteeType.USER_ID]
        if request.delivery.channel is not InformChannel.SERVER:
            return "Send this invitation yourself: copy it into your email or calendar.", ""
        parts = []
        if emails:
            # A few names, then a count: hundreds of addresses would squash the preview.
            shown = ", ".join(emails[:SUMMARY_NAMES])
            more = len(emails) - SUMMARY_NAMES
            rest = f" and {more:,} more" if more > 0 else ""
            parts.append(f"Spaces emails the invitation to {shown}{rest}.")
        if users:
            people = "1 Spaces user gets" if len(users) == 1 else f"{len(users)} Spaces users get"
            parts.append(f"{people} a notification in Spaces.")
        if not parts:
            parts.append("No one was invited; share the space's link to bring people in.")
        full = textwrap.fill(", ".join(emails), 100) if len(emails) > SUMMARY_NAMES else ""
        return " ".join(parts), full

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self._copy_outlook,
            self._copy_html,
            self._copy_text,
            self._copy_link,
            self._open_space,
            self._save_as,
        )

    def _update_buttons(self, channel: InformChannel, too_large: bool) -> None:
        result = self._result
        assert result is not None
        has_html = bool(self._safe_html)
        has_text = bool(self._text)
        no_content = _NO_CONTENT_TIP if channel is InformChannel.SERVER else "The server sent none."
        self._enable(
            self._copy_outlook,
            has_html and has_text,
            "Copies HTML and plain text together, ready to paste into Outlook.",
            "The invitation is too large to copy as HTML; copy the text instead."
            if too_large
            else no_content,
        )
        self._enable(
            self._copy_html,
            has_html,
            "Copies the invitation's HTML source.",
            "The invitation is too large to copy as HTML." if too_large else no_content,
        )
        self._enable(self._copy_text, has_text, "Copies the plain-text invitation.", no_content)
        # Without a join link (e.g. Spaces emailed the invitees), the space's own
        # address is the link to share.
        if result.join_url:
            self._copy_link.setText(_COPY_JOIN_LINK)
            tip = "Copies the link people use to join."
        else:
            self._copy_link.setText(_COPY_SPACE_LINK)
            tip = "The server sent no join link: copies the space's address to share."
        self._copy_link.setAccessibleName(self._copy_link.text().replace("&", ""))
        self._enable(
            self._copy_link,
            bool(result.join_url or result.space_url),
            tip,
            "The server sent neither a join link nor the space's address.",
        )
        self._enable(
            self._open_space,
            bool(result.space_url),
            f"Opens {result.space_url}",
            "The server sent no space address.",
        )
        self._enable(
            self._save_as,
            True,
            "Save the invitation as a web page, a calendar event or an email draft.",
            "",
        )

    @staticmethod
    def _enable(button: QPushButton, enabled: bool, tip: str, why_not: str) -> None:
        button.setEnabled(enabled)
        button.setToolTip(tip if enabled else why_not)

    def _render(self) -> None:
        if self._result is None:
            return
        mode = self._tabs.currentIndex()
        if not self._safe_html and not self._text:
            # Spaces emailed it (or the server sent nothing): say so, not "(no text)".
            self._browser.setHtml(
                "<p align='center' style='color:#6b7280; margin-top:48px;'>"
                f"{html.escape(self._nothing_to_show())}</p>"
            )
        elif mode == RENDERED and self._safe_html:
            self._browser.setHtml(html_for_rendering(self._safe_html))
        elif mode == HTML_SOURCE:
            self._browser.setPlainText(self._safe_html or "(no HTML)")
        else:
            self._browser.setPlainText(self._text or "(no text)")

    def _nothing_to_show(self) -> str:
        result, request = self._result, self._request
        if request is not None and request.delivery.channel is InformChannel.SERVER:
            share = (
                " Copy the join link to share it yourself."
                if result and result.join_url
                else " Copy the space link to share it yourself."
            )
            return f"Spaces emails this invitation itself, so there is no text to show.{share}"
        return "The server sent no invitation text."

    def _set_status(self, text: str) -> None:
        self._status.setText(text)
        self.status_changed.emit(text)

    # -- actions ----------------------------------------------------------------------

    def save_as(self, kind: ExportKind) -> Path | None:
        """Ask where, then write the invitation as ``kind``; the path, or None if not saved."""
        from spaces_desktop.services.exports import (
            ExportError,
            export_eml,
            export_html,
            export_ics,
        )

        result, request = self._result, self._request
        if result is None or request is None:
            return None
        title = request.space.title.strip() or result.subject
        if kind is ExportKind.ICS and (result.start is None or result.end is None):
            # Say so before the file dialog, not after the user picked a name.
            self._set_status(
                "This space has no start and end time, so there is no calendar event to "
                "save. Save it as a web page or an email draft instead."
            )
            return None
        caption = kind.menu_text.rstrip("…").replace("&", "")
        path = self._choose_save_path(
            self, f"Save as {caption}", _safe_file_name(title, kind.extension), kind.name_filter
        )
        if path is None:
            return None
        if not path.suffix:
            path = path.with_suffix(kind.extension)
        try:
            if kind is ExportKind.HTML:
                export_html(result, path, title=title)
            elif kind is ExportKind.ICS:
                export_ics(result, title, request.space.description, path)
            else:
                export_eml(result, request.invitees, path)
        except ExportError as error:
            self._set_status(str(error))
            return None
        except OSError as error:
            self._set_status(f"Could not save {path}: {error.strerror or error}")
            return None
        self._set_status(f"Saved {path}")
        return path

    def copy_outlook_ready(self) -> None:
        from spaces_desktop.ui import clipboard

        if self._result is None or not self._safe_html:
            return
        title = self._result.subject or ""
        clip = QGuiApplication.clipboard()
        clipboard.copy_outlook_ready(clip, self._safe_html, self._text, title)
        self._set_status("Copied the Outlook-ready invitation (HTML and text).")

    def copy_html(self) -> None:
        from spaces_desktop.ui import clipboard

        if self._safe_html:
            clipboard.copy_html_source(QGuiApplication.clipboard(), self._safe_html)
            self._set_status("Copied the invitation's HTML source.")

    def copy_text(self) -> None:
        from spaces_desktop.ui import clipboard

        if self._text:
            clipboard.copy_text(QGuiApplication.clipboard(), self._text)
            self._set_status("Copied the plain-text invitation.")

    def copy_join_link(self) -> None:
        """The join link, or the space's address when the server sent no join link."""
        from spaces_desktop.ui import clipboard

        if self._result is None:
            return
        if self._result.join_url:
            clipboard.copy_text(QGuiApplication.clipboard(), self._result.join_url)
            self._set_status("Copied the join link.")
        elif self._result.space_url:
            clipboard.copy_text(QGuiApplication.clipboard(), self._result.space_url)
            self._set_status("Copied the space link.")

    def mark_previous(self, *, attempt_may_exist: bool = False) -> None:
        """Say the invitation shown belongs to an earlier create, not the one just tried.

        ``attempt_may_exist``: the attempt's outcome is unknown (it may have reached
        Spaces), so the line must not claim it was not created.
        """
        if self._result is None or self._request is None:
            return
        # The request's title, not the subject: a subject such as "Invitation: …" made
        # the heading read "Previous invitation: Invitation: …".
        title = self._request.space.title.strip() or self._result.subject
        self._heading.setText(f"Previous invitation: {title}")
        self._summary.setText(
            PREVIOUS_MAY_EXIST_LINE if attempt_may_exist else PREVIOUS_NOT_CREATED_LINE
        )
        self._summary.setToolTip("")
        self._set_status("")

    def show_not_created(self, title: str, *, outcome_unknown: bool, error: str | None) -> None:
        """A history entry without an invitation (failed, or its outcome unknown): say which.

        The pane drops any earlier invitation, so it cannot be paired with this entry;
        the advice points at the history panel's buttons for the entry.
        """
        self.clear()
        title = title.strip() or "(untitled)"
        if outcome_unknown:
            heading = f"Outcome unknown: {title}"
            summary = (
                "The program stopped or lost the connection while creating it, so it "
                "may or may not exist."
            )
            advice = UNKNOWN_ADVICE
        else:
            heading = f"Not created: {title}"
            summary = "Spaces did not create this space, so there is no invitation."
            advice = NOT_CREATED_ADVICE
        self._heading.setText(heading)
        self._summary.setText(summary)
        paragraphs = []
        if error and error.strip():
            paragraphs.append(f"<p><b>What happened:</b> {html.escape(error.strip())}</p>")
        paragraphs.append(f"<p>{advice}</p>")
        self._browser.setHtml(
            "<div style='color:#374151; margin-top:12px;'>" + "".join(paragraphs) + "</div>"
        )
        # Readable and selectable (the error may be worth copying into a support mail).
        self._browser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for button in self._buttons():
            button.setToolTip("This entry has no invitation to copy.")

    def open_space(self) -> None:
        if self._result is not None and self._result.space_url:
            self.open_link(self._result.space_url)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.open_link(url.toString())

    def open_link(self, url: str) -> bool:
        """Open ``url`` in the browser if the policy allows it and the user agrees."""
        from spaces_desktop.services.invite_html import link_refusal

        refusal = link_refusal(url)
        if refusal is not None:
            self._set_status(f"Not opened: {refusal}")
            return False
        if not self._confirm_open(self, url):
            self._set_status("Link not opened.")
            return False
        if not self._open_url(QUrl(url)):
            self._set_status(f"Could not open {url}: no browser answered.")
            return False
        self._set_status(f"Opened {url} in your browser.")
        return True
