"""The sandbox HTTP server: a ThreadingHTTPServer in a background thread, with injected faults."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from spaces_desktop.sandbox.api import (
    HTML_TYPE,
    JSON_TYPE,
    ApiRequest,
    ApiResponse,
    SandboxApp,
    json_response,
)
from spaces_desktop.sandbox.config import SandboxConfig
from spaces_desktop.sandbox.faults import Fault, FaultKind, FaultList

__all__ = ["Fault", "FaultKind", "RecordedRequest", "SandboxConfig", "SandboxServer"]

log = logging.getLogger("spaces_desktop.sandbox")

_SLOW_DRIP_CHUNKS = 10
_HUGE_CHUNK = 64 * 1024
# A body over the cap is still read and thrown away up to this size, so the client
# sees the 413 instead of a broken pipe; beyond it the connection is simply closed.
_DRAIN_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the sandbox received it; the Authorization value is redacted."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    query: str = ""

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


def _redacted_headers(message: Message) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in message.items():
        if name.lower() == "authorization":
            # Keep the scheme: tests check it, and it is not a secret.
            value = value.strip().split(" ", 1)[0] + " <redacted>"
        headers[name] = value
    return headers


class _HttpServer(ThreadingHTTPServer):
    # Handler threads are joined by server_close(), so stop() leaves none behind.
    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer, family: int) -> None:
        self.address_family = family
        self.request_queue_size = sandbox.config.listen_backlog
        self.sandbox = sandbox
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.sandbox.config.idle_timeout)
        self.server.sandbox._track(self.connection, add=True)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        self.server.sandbox._track(self.connection, add=False)

    # Every method goes through one dispatcher, so unknown ones get a 405 JSON answer.
    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        # Only protocol errors arrive here (log_request is overridden); no headers in them.
        log.debug("sandbox: " + format, *args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # Method, path without query (OAuth codes travel there), status: never a header,
        # token or body.
        # A request line that could not be parsed (e.g. a TLS hello on this plain-HTTP
        # port) leaves no path and no command; its 400 is still logged and answered.
        path = urlsplit(getattr(self, "path", "") or "").path or "-"
        command = self.command or "-"
        log.info("%s %s -> %s", command, path, code)
        request_log = self.server.sandbox.config.request_log
        if request_log is not None:
            started = getattr(self, "_started", None)
            ms = (time.monotonic() - started) * 1000 if started is not None else 0.0
            request_log(f"{command} {path} {code} {ms:.0f} ms")

    def _serve(self) -> None:
        self._started = time.monotonic()
        sandbox = self.server.sandbox
        app = sandbox._app
        assert app is not None  # set by start() before the first request can arrive
        split = urlsplit(self.path)
        path = split.path or "/"
        method = self.command.upper()
        body = self._read_body(method, path, split.query)
        if body is None:
            return
        sandbox._record(
            RecordedRequest(method, path, _redacted_headers(self.headers), body, split.query)
        )
        request = ApiRequest(method, path, dict(parse_qsl(split.query)), self.headers, body)
        fault = sandbox._faults.take(method, path)
        if fault is None:
            self._send(app.handle(request))
            return
        log.info("%s %s: injecting %s", method, path, fault.kind.name)
        if fault.kind is FaultKind.STATUS:
            headers = (
                [("Retry-After", str(fault.retry_after))] if fault.retry_after is not None else []
            )
            self._send(json_response(fault.status, {"message": fault.message}, headers))
            return
        if fault.kind is FaultKind.LATENCY and sandbox._stopping.wait(fault.seconds):
            self._drop()
            return
        response = app.handle(request) if fault.processes_request else None
        self._deliver_fault(fault, response)

    def _read_body(self, method: str, path: str, query: str) -> bytes | None:
        cap = self.server.sandbox.config.max_body_bytes
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            self._send(
                json_response(411, {"message": "Content-Length is required (no chunked bodies)"})
            )
            return None
        raw_length = self.headers.get("Content-Length") or "0"
        try:
            length = int(raw_length)
            if length < 0:
                raise ValueError(raw_length)
        except ValueError:
            self.close_connection = True
            self._send(json_response(400, {"message": "Content-Length is not a number"}))
            return None
        if length > cap:
            self.server.sandbox._record(
                RecordedRequest(method, path, _redacted_headers(self.headers), b"", query)
            )
            self.close_connection = True
            if length <= _DRAIN_LIMIT:
                self._discard(length)
            self._send(
                json_response(413, {"message": f"Request body too large: the limit is {cap} bytes"})
            )
            return None
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            self.close_connection = True
            return None
        return body

    def _discard(self, length: int) -> None:
        remaining = length
        with contextlib.suppress(OSError):
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, _HUGE_CHUNK))
                if not chunk:
                    break
                remaining -= len(chunk)

    def _send(self, response: ApiResponse) -> None:
        try:
            self._send_head(
                response.status, response.content_type, len(response.body), response.headers
            )
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except OSError:
            self.close_connection = True

    def _send_head(
        self, status: int, content_type: str, length: int, headers: list[tuple[str, str]]
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def _drop(self) -> None:
        """Close the connection without a word, as a crashed server or cut network would."""
        self.close_connection = True
        log.info("%s %s -> connection dropped", self.command, urlsplit(self.path).path)
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _deliver_fault(self, fault: Fault, response: ApiResponse | None) -> None:
        sandbox = self.server.sandbox
        kind = fault.kind
        if response is None:
            response = json_response(200, {"data": []})
        if kind is FaultKind.LATENCY:
            self._send(response)
        elif kind is FaultKind.MALFORMED_JSON:
            self._send(ApiResponse(200, b'{"data": [{"_id": "5a00, "topicId": }]', JSON_TYPE))
        elif kind is FaultKind.HTML_200:
            page = (
                "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>"
                "<h1>Service temporarily unavailable</h1><p>The gateway could not reach the "
                "application. Please try again later.</p></body></html>"
            )
            self._send(ApiResponse(200, page.encode("utf-8"), HTML_TYPE))
        elif kind is FaultKind.TRUNCATED_JSON:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._send_head(200, JSON_TYPE, len(response.body), response.headers)
                self.wfile.write(response.body[: len(response.body) // 2])
                self.wfile.flush()
            self._drop()
        elif kind is FaultKind.DROP_AFTER_BODY:
            self._drop()
        elif kind is FaultKind.SLOW_DRIP:
            self._drip(response, fault.seconds)
        elif kind is FaultKind.HUGE_BODY:
            self._stream_huge(fault.size)
        elif kind is FaultKind.HOLD:
            if sandbox._hold():
                self._send(response)
            else:
                self._drop()

    def _drip(self, response: ApiResponse, seconds: float) -> None:
        body = response.body
        step = max(1, -(-len(body) // _SLOW_DRIP_CHUNKS))
        try:
            self._send_head(response.status, response.content_type, len(body), response.headers)
            self.wfile.flush()
            for start in range(0, len(body), step):
                if start and self.server.sandbox._stopping.wait(seconds):
                    self._drop()
                    return
                self.wfile.write(body[start : start + step])
                self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _stream_huge(self, size: int) -> None:
        # Looks like the start of a JSON answer, so only a size cap saves the client.
        head, tail = b'{"data": [{"padding": "', b'"}]}'
        filler = max(size - len(head) - len(tail), 0)
        self.close_connection = True
        try:
            self._send_head(200, JSON_TYPE, len(head) + filler + len(tail), [])
            self.wfile.write(head)
            block = b"x" * _HUGE_CHUNK
            remaining = filler
            while remaining > 0:
                if self.server.sandbox._stopping.is_set():
                    self._drop()
                    return
                self.wfile.write(block[: min(remaining, _HUGE_CHUNK)])
                remaining -= min(remaining, _HUGE_CHUNK)
            self.wfile.write(tail)
        except OSError:
            pass


class SandboxServer:
    """A local Spaces-compatible server on one origin (API, web pages, OAuth).

    ``start()`` returns once it listens; ``stop()`` ends it and joins its threads.
    Also a context manager.
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, config: SandboxConfig | None = None
    ) -> None:
        self.host = host
        self.port = port
        self.config = config or SandboxConfig()
        self._faults = FaultList()
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._held_condition = threading.Condition()
        self._held: list[threading.Event] = []
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._app: SandboxApp | None = None

    # ------------------------------------------------------------------ life

    def start(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("the sandbox is already running")
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self._stopping.clear()
        httpd = _HttpServer((self.host, self.port), self, family)
        self.port = httpd.server_address[1]
        self._app = SandboxApp(self.config, self.base_url)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="spaces-sandbox"
        )
        self._thread.start()
        log.info("sandbox listening on %s", self.base_url)

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._stopping.set()
        # Held handlers wake, see _stopping and drop their connection without an answer.
        self.release_held()
        httpd.shutdown()
        thread.join()
        # Idle keep-alive connections would keep their threads reading; wake them.
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        self._httpd = None
        self._thread = None
        log.info("sandbox stopped")

    def __enter__(self) -> SandboxServer:
        if self._httpd is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._httpd is None and self.port == 0:
            raise RuntimeError("start() the sandbox before asking for its URL")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    # ---------------------------------------------------------------- faults

    def add_fault(self, fault: Fault) -> None:
        self._faults.add(fault)

    def clear_faults(self) -> None:
        self._faults.clear()

    def release_held(self) -> None:
        """Let every response held by a HOLD fault go out."""
        with self._held_condition:
            for event in self._held:
                event.set()
            self._held.clear()
            self._held_condition.notify_all()

    def wait_for_held(self, count: int = 1, timeout: float = 10.0) -> bool:
        """Wait until ``count`` responses are being held; False on timeout."""
        with self._held_condition:
            return self._held_condition.wait_for(lambda: len(self._held) >= count, timeout)

    def _hold(self) -> bool:
        """Block a handler until released (True) or the server stops (False)."""
        event = threading.Event()
        with self._held_condition:
            if self._stopping.is_set():
                return False
            self._held.append(event)
            self._held_condition.notify_all()
        event.wait()
        return not self._stopping.is_set()

    # ------------------------------------------------------------- inspection

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def count(self, method: str, path: str) -> int:
        with self._lock:
            return sum(
                1 for item in self._requests if item.method == method.upper() and item.path == path
            )

    def spaces(self) -> list[dict[str, Any]]:
        """Every created space as JSON (as GET /api/spaces/{id} shows it), newest first."""
        return self._app.spaces_json() if self._app is not None else []

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)
