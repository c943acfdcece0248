"""The log file, redaction of tokens from every log record, and the unhandled-exception hook."""

from __future__ import annotations

import base64
import logging
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import quote, quote_plus

from spaces_desktop.services.paths import log_dir

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_FILE_NAME = "spaces-desktop.log"
LOG_LEVEL_ENV = "SPACES_DESKTOP_LOG_LEVEL"
MASK = "[redacted]"
# Shorter values would mask ordinary words; real tokens are far longer.
_MIN_SECRET_LENGTH = 8

logger = logging.getLogger(__name__)

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Authorization: bearer abc", "'Authorization': 'jwt abc'", "authorization=abc"
    (
        re.compile(r"""(authorization['"]?\s*[:=]\s*['"]?)[^'"\r\n,;}]+""", re.IGNORECASE),
        r"\1" + MASK,
    ),
    # A scheme followed by something token-shaped, wherever it appears.
    (
        re.compile(r"""\b(bearer|jwt|service_app)(\s+)[A-Za-z0-9._~+/=-]{12,}""", re.IGNORECASE),
        r"\1\2" + MASK,
    ),
    # Form and query values: access_token=..., and JSON: "access_token": "...".
    (
        re.compile(
            r"""\b(access_token|refresh_token|id_token|code_verifier|client_secret|"""
            r"""(?<![A-Za-z_])code)(=|['"]?\s*:\s*['"])[^&\s'",}]+""",
            re.IGNORECASE,
        ),
        r"\1\2" + MASK,
    ),
)

_secrets_lock = threading.Lock()
_secrets: set[str] = set()
_secrets_pattern: re.Pattern[str] | None = None
_log_file: Path | None = None


def _encoded_forms(value: str) -> set[str]:
    raw = value.encode()
    forms = {value, quote(value, safe=""), quote_plus(value)}
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        forms.update({text, text.rstrip("=")})
    return {form for form in forms if len(form) >= _MIN_SECRET_LENGTH}


def register_secret(value: str) -> None:
    """Mask ``value`` (and its base64 and URL-encoded forms) in every later log record."""
    global _secrets_pattern
    if len(value) < _MIN_SECRET_LENGTH:
        return
    forms = _encoded_forms(value)
    with _secrets_lock:
        if forms <= _secrets:
            return
        _secrets.update(forms)
        # Longest first, so a token is masked whole before any shorter form inside it.
        alternatives = sorted(_secrets, key=len, reverse=True)
        _secrets_pattern = re.compile("|".join(re.escape(a) for a in alternatives))


def redact(text: str) -> str:
    """``text`` with every known secret and token-shaped value masked."""
    pattern = _secrets_pattern
    if pattern is not None:
        text = pattern.sub(MASK, text)
    for regex, replacement in _PATTERNS:
        text = regex.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message, exception text and stack with secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_spaces_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)))
            # The formatter uses exc_text when set; drop the live exception so no
            # handler formats the unredacted original again.
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._spaces_redacted = True
        return True


_factory_lock = threading.Lock()
_factory_installed = False


def _install_redacting_record_factory() -> None:
    """Redact every record as it is made.

    A filter on the root logger alone misses records logged on child loggers (Python
    applies logger filters only where a record is first logged), so the records are
    redacted at creation; the file handler also carries the filter.
    """
    global _factory_installed
    with _factory_lock:
        if _factory_installed:
            return
        previous = logging.getLogRecordFactory()
        redacting = RedactingFilter()

        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            redacting.filter(record)
            return record

        logging.setLogRecordFactory(factory)
        _factory_installed = True


_MAX_LOG_BYTES = 1_000_000
_LOG_BACKUPS = 5


class _SpacesLogHandler(logging.Handler):
    """The rotating log file, opened by the first record written to it.

    Opening it needs ``logging.handlers``, which imports socket, pickle and queue (some
    10 ms): the window logs nothing before its first paint, so start-up does not wait
    for them. Being this class also marks the handler this module installed, so
    configuring twice replaces it.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: RotatingFileHandler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        # Handler.handle holds self.lock around emit: one thread opens the file.
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            self._file = RotatingFileHandler(
                self.path, maxBytes=_MAX_LOG_BYTES, backupCount=_LOG_BACKUPS, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        self.acquire()
        try:
            if self._file is not None:
                self._file.close()
                self._file = None
        finally:
            self.release()
        super().close()


def configure_logging(debug: bool = False) -> Path:
    """Log to a rotating file under log_dir() and return its path.

    INFO by default; DEBUG with ``debug`` or SPACES_DESKTOP_LOG_LEVEL=DEBUG.
    """
    global _log_file
    _install_redacting_record_factory()
    wanted = os.environ.get(LOG_LEVEL_ENV, "").strip().upper()
    level = logging.DEBUG if debug or wanted == "DEBUG" else logging.INFO
    path = log_dir() / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _SpacesLogHandler):
            root.removeHandler(handler)
            handler.close()
    handler = _SpacesLogHandler(path)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    if not any(isinstance(f, RedactingFilter) for f in root.filters):
        root.addFilter(RedactingFilter())
    root.setLevel(level)
    _log_file = path
    # DEBUG: at INFO this line alone would open the file (see _SpacesLogHandler), and
    # the file's own path is no news inside it.
    logger.debug("Logging to %s at %s", path, logging.getLevelName(level))
    return path


def current_log_file() -> Path | None:
    """The file configure_logging chose, or None before it ran."""
    return _log_file


def crash_message(error: BaseException) -> str:
    """A short, redacted message for the user about an unhandled exception."""
    summary = redact(f"{type(error).__name__}: {error}")
    if len(summary) > 300:
        summary = summary[:300] + "…"
    where = (
        f"Details were written to {_log_file}."
        if _log_file is not None
        else "Details were written to the log."
    )
    return f"Something went wrong: {summary}\n\n{where}"


def install_exception_hook(show_dialog: Callable[[str], None] | None) -> Callable[[], None]:
    """Log unhandled exceptions (redacted) and tell the user; returns an undo function.

    Covers the main thread (sys.excepthook) and other threads (threading.excepthook).
    ``show_dialog`` may be called from any thread; the UI's function must hand it to the
    GUI thread.
    """
    previous_sys = sys.excepthook
    previous_threading = threading.excepthook

    def report(
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
        thread_name: str | None,
    ) -> None:
        where = f" in thread {thread_name}" if thread_name else ""
        logger.critical("Unhandled exception%s", where, exc_info=(kind, error, trace))
        if show_dialog is None:
            sys.stderr.write(redact("".join(traceback.format_exception(kind, error, trace))))
            return
        try:
            show_dialog(crash_message(error))
        except Exception:  # a failing dialog must not loop back into the hook
            logger.exception("Could not show the crash dialog")

    def sys_hook(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous_sys(kind, error, trace)
            return
        report(kind, error, trace, None)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        error = args.exc_value if args.exc_value is not None else args.exc_type()
        name = args.thread.name if args.thread is not None else None
        report(args.exc_type, error, args.exc_traceback, name)

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def undo() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_threading

    return undo
