"""TLS verification against an untrusted local server, and create_space's validate-then-send."""

from __future__ import annotations

import datetime as dt
import http.server
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import Invitee, InviteRequest, Space, TokenScheme
from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SERVICE_APP_TOKEN
from spaces_desktop.services.client import SpacesClient, new_request_id
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.services.errors import NotSentError
from spaces_desktop.services.invite_service import create_space

INVITE = "/api/spaces/invite"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Counting(http.server.BaseHTTPRequestHandler):
    posts = 0

    def do_POST(self) -> None:
        type(self).posts += 1
        self.send_response(500)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def untrusted_https(tmp_path: Path) -> Iterator[str]:
    """An HTTPS server on localhost whose certificate no trust store knows."""
    cert_path, key_path = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    _Counting.posts = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_an_untrusted_certificate_is_refused_before_anything_is_sent(
    untrusted_https: str,
) -> None:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    with SpacesClient(untrusted_https, tokens) as client, pytest.raises(NotSentError) as caught:
        client.create_invite(InviteRequest(space=Space("T")), request_id=new_request_id())
    assert "certificate was not trusted" in str(caught.value)
    assert _Counting.posts == 0


@pytest.fixture
def plain_http_port() -> Iterator[int]:
    """A port where a plain-HTTP server answers 400 to whatever arrives (e.g. a TLS hello)."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(4096)
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()
        thread.join(5)


def test_plain_http_on_the_tls_port_is_not_called_an_untrusted_certificate(
    plain_http_port: int,
) -> None:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    base = f"https://127.0.0.1:{plain_http_port}"
    with SpacesClient(base, tokens) as client, pytest.raises(NotSentError) as caught:
        client.create_invite(InviteRequest(space=Space("T")), request_id=new_request_id())
    message = str(caught.value)
    assert "certificate" not in message
    assert "did not answer in TLS" in message
    assert "Nothing was sent" in message


def test_create_space_validates_before_sending(sandbox: Any) -> None:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    request = InviteRequest(space=Space(" "), invitees=(Invitee.from_address("bob@"),))
    with SpacesClient(sandbox.base_url, tokens) as client, pytest.raises(ValidationError) as caught:
        create_space(client, request, request_id=new_request_id())
    assert [e.field for e in caught.value.errors] == ["title", "invitees[0]"]
    assert sandbox.count("POST", INVITE) == 0


def test_create_space_checks_act_as_against_the_service_domain(sandbox: Any) -> None:
    tokens = StaticTokenSource(
        Credentials(TokenScheme.SERVICE_APP, SERVICE_APP_TOKEN, domain="example.com")
    )
    request = InviteRequest(space=Space("T"), act_as="eve@elsewhere.org")
    with SpacesClient(sandbox.base_url, tokens) as client, pytest.raises(ValidationError) as caught:
        create_space(client, request, request_id=new_request_id())
    assert caught.value.messages_for("act_as")
    assert sandbox.count("POST", INVITE) == 0


def test_create_space_sends_a_valid_request_once(sandbox: Any) -> None:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    request = InviteRequest(space=Space("Valid"), invitees=(Invitee.from_address("a@b.org"),))
    with SpacesClient(sandbox.base_url, tokens) as client:
        result = create_space(client, request, request_id=new_request_id())
    assert result.space_id
    assert sandbox.count("POST", INVITE) == 1
