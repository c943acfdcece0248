"""How the invitation is delivered: who sends it, what the link does, and its language."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from spaces_desktop.domain.errors import FieldError
from spaces_desktop.domain.invite_request import Delivery, InformChannel, InviteMode
from spaces_desktop.ui.space_form import FieldErrorLabel

CHANNELS: tuple[tuple[str, InformChannel], ...] = (
    ("Spaces emails the invitees", InformChannel.SERVER),
    ("Give me the invite to send myself", InformChannel.CLIENT),
    ("Give me an Outlook-ready invite", InformChannel.OUTLOOK),
)
MODES: tuple[tuple[str, InviteMode], ...] = (
    ("Join link", InviteMode.INVITE),
    ("Straight into the meeting", InviteMode.MEET),
)
# Codes Spaces localises invitations into most often; the server falls back to
# en-US for anything it does not support, so the list errs on the side of common.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("English (US)", "en-US"),
    ("English (UK)", "en-GB"),
    ("Deutsch", "de-DE"),
    ("Français", "fr-FR"),
    ("Français (Canada)", "fr-CA"),
    ("Español", "es-ES"),
    ("Español (Latinoamérica)", "es-MX"),
    ("Italiano", "it-IT"),
    ("Nederlands", "nl-NL"),
    ("Português (Brasil)", "pt-BR"),
    ("Polski", "pl-PL"),
    ("Русский", "ru-RU"),
    ("Türkçe", "tr-TR"),
    ("日本語", "ja-JP"),
    ("한국어", "ko-KR"),
    ("中文 (简体)", "zh-CN"),
    ("中文 (繁體)", "zh-TW"),
)
DEFAULT_LANGUAGE = "en-US"

CHANNEL_HINTS = {
    InformChannel.SERVER: "Spaces emails everyone; you get the space's link.",
    InformChannel.CLIENT: "You get the invitation text to send from your own email.",
    InformChannel.OUTLOOK: "You get HTML and text ready to paste into an Outlook meeting.",
}


def system_language(codes: Sequence[str] | None = None) -> str:
    """The system locale's code when it is in the list, else en-US."""
    known = list(codes) if codes is not None else [code for _, code in LANGUAGES]
    name = QLocale.system().name().replace("_", "-")
    if name in known:
        return name
    language = name.split("-")[0]
    for code in known:
        if code.split("-")[0] == language:
            return code
    return DEFAULT_LANGUAGE


class DeliveryOptions(QWidget):
    """Three combos whose item data is the API value."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self._update_hint()

    def _init_widgets(self) -> None:
        self.channel_combo = self._combo("channelCombo", "Who sends the invitation", CHANNELS)
        self.mode_combo = self._combo("modeCombo", "Invite mode", MODES)
        self.language_combo = self._combo(
            "languageCombo", "Invitation language", [(f"{n}  ({c})", c) for n, c in LANGUAGES]
        )
        self.set_language(system_language())
        self.channel_hint = QLabel(self)
        self.channel_hint.setObjectName("channelHint")
        self.channel_hint.setWordWrap(True)
        self.channel_hint.setStyleSheet("color: palette(placeholder-text);")
        self.language_error = FieldErrorLabel("languageError", self)
        # Only service-app accounts may create a space on someone's behalf.
        self.act_as_label = QLabel("Act as (e&mail):", self)
        self.act_as_edit = QLineEdit(self)
        self.act_as_edit.setObjectName("actAsEdit")
        self.act_as_edit.setAccessibleName("Act as (email)")
        self.act_as_edit.setPlaceholderText("Optional: create the space for this person")
        self.act_as_edit.setClearButtonEnabled(True)
        self.act_as_label.setBuddy(self.act_as_edit)
        self.act_as_error = FieldErrorLabel("actAsError", self)

    def _combo(self, name: str, accessible: str, items: Sequence[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for label, value in items:
            combo.addItem(label, str(value))
        return combo

    def _init_layout(self) -> None:
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (
            ("Sent &by:", self.channel_combo),
            ("In&vite mode:", self.mode_combo),
            ("Lan&guage:", self.language_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            layout.addRow(label, widget)
            if widget is self.channel_combo:
                layout.addRow("", self.channel_hint)
        layout.addRow("", self.language_error)
        layout.addRow(self.act_as_label, self.act_as_edit)
        layout.addRow("", self.act_as_error)
        self._layout = layout
        self.set_act_as_allowed(False)

    def _connect_signals(self) -> None:
        self.channel_combo.currentIndexChanged.connect(self._update_hint)
        for combo in (self.channel_combo, self.mode_combo, self.language_combo):
            combo.currentIndexChanged.connect(self.changed)
        self.act_as_edit.textChanged.connect(self.changed)

    def _update_hint(self) -> None:
        self.channel_hint.setText(CHANNEL_HINTS[self.channel()])

    def channel(self) -> InformChannel:
        return InformChannel(self.channel_combo.currentData())

    def mode(self) -> InviteMode:
        return InviteMode(self.mode_combo.currentData())

    def language(self) -> str:
        return str(self.language_combo.currentData())

    def act_as_allowed(self) -> bool:
        return self._act_as_allowed

    def set_act_as_allowed(self, allowed: bool) -> None:
        """Show the act-as field (service-app accounts) or hide it; its text is kept."""
        self._act_as_allowed = allowed
        self._layout.setRowVisible(self.act_as_edit, allowed)
        self._layout.setRowVisible(self.act_as_error, allowed)
        # setRowVisible shows the error line too; it stays visible only with a message.
        messages = [self.act_as_error.text()] if allowed and self.act_as_error.text() else []
        self.act_as_error.set_messages(messages)

    def act_as(self) -> str | None:
        """The address to act as, or None (hidden, or left empty: the app itself creates)."""
        text = self.act_as_edit.text().strip()
        return text if self._act_as_allowed and text else None

    def act_as_text(self) -> str:
        return self.act_as_edit.text()

    def set_act_as_text(self, text: str) -> None:
        self.act_as_edit.setText(text)

    def delivery(self) -> Delivery:
        return Delivery(channel=self.channel(), mode=self.mode(), language=self.language())

    def set_channel(self, channel: InformChannel) -> None:
        self._select(self.channel_combo, channel.value)

    def set_mode(self, mode: InviteMode) -> None:
        self._select(self.mode_combo, mode.value)

    def set_language(self, code: str) -> bool:
        return self._select(self.language_combo, code)

    def set_delivery(self, delivery: Delivery) -> None:
        self.set_channel(delivery.channel)
        self.set_mode(delivery.mode)
        if delivery.language:
            self.set_language(delivery.language)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> bool:
        index = combo.findData(value)
        if index < 0:
            return False
        combo.setCurrentIndex(index)
        return True

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        self.language_error.set_messages([e.message for e in errors if e.field == "language"])
        act_as = [e.message for e in errors if e.field == "act_as"]
        self.act_as_error.set_messages(act_as if self._act_as_allowed else [])

    def focus_field(self, field: str) -> bool:
        if field == "language":
            self.language_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if field == "act_as" and self._act_as_allowed:
            self.act_as_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False
