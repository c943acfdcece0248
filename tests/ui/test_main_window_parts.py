"""The window's parts on their own: background runner, banner, settings, form sections."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QSettings, QThreadPool
from PySide6.QtWidgets import QSplitter, QWidget
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.errors import FieldError
from spaces_desktop.domain.invite_request import InformChannel, InviteMode
from spaces_desktop.services.errors import (
    NotSentError,
    NotSignedInError,
    OutcomeUnknownError,
    RateLimitedError,
    ServerError,
)
from spaces_desktop.services.paths import config_dir
from spaces_desktop.ui.background import BackgroundRunner
from spaces_desktop.ui.banner import Banner, BannerKind
from spaces_desktop.ui.create_controller import ErrorAction, explain_error
from spaces_desktop.ui.delivery_options import DeliveryOptions, system_language
from spaces_desktop.ui.settings import Preferences, WindowState
from spaces_desktop.ui.space_form import SpaceForm


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[BackgroundRunner]:
    owner = QWidget()
    qtbot.addWidget(owner)
    yield BackgroundRunner(owner)
    QThreadPool.globalInstance().waitForDone(5000)


def test_background_result_arrives_on_the_gui_thread(
    qtbot: QtBot, runner: BackgroundRunner
) -> None:
    worker_threads: list[threading.Thread] = []
    delivered: list[tuple[object, threading.Thread]] = []

    def work() -> int:
        worker_threads.append(threading.current_thread())
        return 42

    def deliver(value: object) -> None:
        delivered.append((value, threading.current_thread()))

    runner.run(work, on_returned=deliver)
    qtbot.waitUntil(lambda: bool(delivered) and not runner.busy)
    assert delivered[0][0] == 42
    assert delivered[0][1] is threading.main_thread()
    assert worker_threads[0] is not threading.main_thread()


def test_background_error_is_delivered_not_raised(qtbot: QtBot, runner: BackgroundRunner) -> None:
    errors: list[BaseException] = []
    finished: list[bool] = []

    def fail() -> None:
        raise NotSentError("no route")

    runner.run(fail, on_errored=errors.append, on_finished=lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished))
    assert isinstance(errors[0], NotSentError)


def test_finished_tasks_leave_nothing_behind_on_the_runner(
    qtbot: QtBot, runner: BackgroundRunner
) -> None:
    finished: list[int] = []
    for number in range(3):
        runner.run(lambda: None, on_finished=lambda n=number: finished.append(n))
    qtbot.waitUntil(lambda: len(finished) == 3 and not runner.busy)
    # The relays go with the next pass of the event loop (deleteLater).
    qtbot.waitUntil(lambda: not runner.findChildren(QObject))


def test_inline_runner_calls_back_before_returning() -> None:
    results: list[object] = []
    BackgroundRunner(inline=True).run(lambda: "done", on_returned=results.append)
    assert results == ["done"]


def test_banner_shows_kind_text_and_action(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message(BannerKind.ERROR, "Spaces failed.", "Try again")
    assert not banner.isHidden()
    assert banner.kind is BannerKind.ERROR
    assert banner.text() == "Spaces failed."
    assert banner.action_text() == "Try again"


def test_banner_close_button_hides_it(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message(BannerKind.INFO, "Hello")
    with qtbot.waitSignal(banner.closed):
        banner.dismiss()
    assert banner.isHidden()


def test_preferences_round_trip_through_their_own_file() -> None:
    saved = Preferences(InformChannel.CLIENT, InviteMode.MEET, "de-DE", "Europe/Berlin")
    saved.save()
    loaded = Preferences()
    loaded.load()
    assert (loaded.channel, loaded.mode, loaded.language, loaded.time_zone) == (
        InformChannel.CLIENT,
        InviteMode.MEET,
        "de-DE",
        "Europe/Berlin",
    )
    assert (config_dir() / "preferences.ini").exists()


def test_preferences_ignore_an_unknown_channel() -> None:
    store = QSettings(str(config_dir() / "preferences.ini"), QSettings.Format.IniFormat)
    store.setValue("delivery/channel", "carrier-pigeon")
    store.sync()
    loaded = Preferences()
    loaded.load()
    assert loaded.channel is InformChannel.OUTLOOK


def test_splitter_sizes_are_remembered(qtbot: QtBot) -> None:
    splitter = QSplitter()
    splitter.setObjectName("mainSplitter")
    qtbot.addWidget(splitter)
    splitter.addWidget(QWidget())
    splitter.addWidget(QWidget())
    splitter.resize(1000, 400)
    splitter.setSizes([700, 300])
    WindowState().save_splitter(splitter)
    restored = QSplitter()
    restored.setObjectName("mainSplitter")
    qtbot.addWidget(restored)
    restored.addWidget(QWidget())
    restored.addWidget(QWidget())
    assert WindowState().restore_splitter(restored)
    assert (config_dir() / "ui-state.ini").exists()


def test_space_form_shows_errors_under_their_fields(qtbot: QtBot) -> None:
    form = SpaceForm()
    qtbot.addWidget(form)
    form.show_errors([FieldError("title", "Give the space a title.")])
    assert form.title_error.text() == "Give the space a title."
    assert not form.title_error.isHidden()
    assert form.description_error.isHidden()


def test_delivery_combos_carry_api_values(qtbot: QtBot) -> None:
    options = DeliveryOptions()
    qtbot.addWidget(options)
    options.set_channel(InformChannel.OUTLOOK)
    options.set_mode(InviteMode.MEET)
    assert options.set_language("ja-JP")
    delivery = options.delivery()
    assert (delivery.channel, delivery.mode, delivery.language) == (
        InformChannel.OUTLOOK,
        InviteMode.MEET,
        "ja-JP",
    )


def test_system_language_falls_back_to_en_us() -> None:
    assert system_language(["xx-XX"]) == "en-US"


@pytest.mark.parametrize(
    ("error", "action"),
    [
        (NotSignedInError("Sign in again.", 401), ErrorAction.SIGN_IN),
        (RateLimitedError("Slow down.", 429, retry_after=3), ErrorAction.WAIT_THEN_RETRY),
        (OutcomeUnknownError("No answer."), ErrorAction.CHECK_OUTCOME),
        (NotSentError("Could not connect."), ErrorAction.RETRY),
        (ServerError("Spaces failed.", 500, "boom"), ErrorAction.NONE),
    ],
)
def test_each_error_gets_its_action(error: Exception, action: ErrorAction) -> None:
    assert explain_error(error).action is action


def test_server_error_explanation_quotes_the_server_and_says_nothing_was_created() -> None:
    text = explain_error(ServerError("Spaces had a problem.", 500, "boom")).text
    assert "“boom”" in text
    assert "Nothing was created" in text


def test_refusal_that_already_speaks_of_creation_is_not_repeated() -> None:
    message = "Spaces failed (HTTP 500). The space was most likely not created."
    text = explain_error(ServerError(message, 500)).text
    assert text == message


def test_outcome_unknown_says_the_space_may_exist() -> None:
    assert "may have been created" in explain_error(OutcomeUnknownError("No answer.")).text


def test_outcome_unknown_from_the_client_is_not_said_twice() -> None:
    from spaces_desktop.services.client import UNKNOWN_OUTCOME_MESSAGE

    text = explain_error(OutcomeUnknownError(UNKNOWN_OUTCOME_MESSAGE)).text
    assert text == UNKNOWN_OUTCOME_MESSAGE


def test_not_sent_from_the_client_says_nothing_was_sent_once() -> None:
    message = "Could not connect to http://127.0.0.1:9. Nothing was sent; you can try again."
    text = explain_error(NotSentError(message)).text
    assert text == message


def test_not_sent_without_the_reassurance_gets_it() -> None:
    text = explain_error(NotSentError("The keyring did not answer.")).text
    assert text.endswith("Nothing reached Spaces, so it is safe to try again.")
