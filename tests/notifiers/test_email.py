"""Email against a real SMTP server (aiosmtpd) on 127.0.0.1: STARTTLS + AUTH, implicit TLS."""

from __future__ import annotations

import email
import email.policy
import ssl
from collections.abc import Iterator
from email.header import decode_header, make_header
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from agent.store import outbox
from notifiers.delivery import deliver_pending, send_test
from tests.notifiers.conftest import finding, free_port, make_settings, record
from tests.notifiers.test_router import rows

USER, PASSWORD = "ucs-mailer", "smtp-Pa55word-notifytest"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and \
        auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="module")
def ca(tmp_path_factory) -> tuple[trustme.CA, str]:
    authority = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return authority, str(path)


def server_context(authority: trustme.CA) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
    return ctx


@pytest.fixture()
def starttls_server(ca) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_context(ca[0]),
                            require_starttls=True, authenticator=authenticate, auth_required=True,
                            auth_require_tls=True)
    controller.start()
    yield inbox, port
    controller.stop()


def email_channel(port: int, ca_file: str, **extra: Any) -> dict[str, Any]:
    return {"name": "mail", "type": "email", "host": "127.0.0.1", "port": port, "security": "starttls",
            "username": USER, "password_env": "UCS_T_SMTP_PASSWORD", "from": "UCS Alerts <alerts@ucs.example>",
            "to": ["secops@example.jp", "cloud@example.jp"], "ca_file": ca_file, **extra}


def test_starttls_auth_multipart_japanese_subject(store, tenant_id, starttls_server, ca, secret_env):
    inbox, port = starttls_server
    secret_env("UCS_T_SMTP_PASSWORD", PASSWORD)
    settings = make_settings(tenant_id, [email_channel(port, ca[1], language="ja")])
    record(store, settings, [finding("aws.s3.notifytest_private", "会計-bucket")])
    assert deliver_pending(store, settings).sent == {"mail": 1}
    (msg,) = inbox.messages
    assert inbox.envelopes == [("alerts@ucs.example", ["secops@example.jp", "cloud@example.jp"])]
    raw_subject = msg.get("Subject", failobj="")
    # On the wire the subject is RFC 2047 encoded (ASCII only); decoded it is the Japanese text.
    raw_bytes = msg.as_bytes()
    assert b"=?utf-8?" in raw_bytes and "S3 バケット".encode() not in raw_bytes.split(b"\n\n", 1)[0]
    assert str(make_header(decode_header(raw_subject))) == "UCS [高] 新しい検出: S3 バケットが公開されていない"
    key = rows(store, tenant_id)[0]["key"]
    assert msg["Message-ID"] == f"<{key}@ucs.example>"
    assert msg["Date"] and msg["Date"].datetime.tzinfo is not None
    assert msg["To"] == "secops@example.jp, cloud@example.jp"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    for part in (text, html):
        assert "会計-bucket" in part and "パブリックアクセスブロックを有効にします。" in part and "対処方法" in part
    assert "<html lang='ja'>" in html and "#D32F2F" in html


def test_wrong_password_fails_for_good_without_leaking_it(store, tenant_id, starttls_server, ca, secret_env, caplog):
    inbox, port = starttls_server
    secret_env("UCS_T_SMTP_PASSWORD", "wrong-Pa55word-notifytest")
    settings = make_settings(tenant_id, [email_channel(port, ca[1])])
    record(store, settings, [finding("aws.iam.notifytest_mfa", "u1")])
    report = deliver_pending(store, settings, sleep=lambda s: None)
    assert report.failed == {"mail": 1} and inbox.messages == []
    (row,) = rows(store, tenant_id)
    assert row["status"] == outbox.FAILED and "authentication failed (SMTP 535)" in row["last_error"]
    assert "wrong-Pa55word-notifytest" not in caplog.text + row["last_error"] + report.errors["mail"]


def test_untrusted_certificate_is_refused(store, tenant_id, starttls_server, tmp_path, secret_env):
    inbox, port = starttls_server
    secret_env("UCS_T_SMTP_PASSWORD", PASSWORD)
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    settings = make_settings(tenant_id, [email_channel(port, str(other))])
    record(store, settings, [finding("aws.iam.notifytest_mfa", "u1")])
    report = deliver_pending(store, settings, sleep=lambda s: None)
    assert report.sent == {} and "TLS certificate not trusted" in report.errors["mail"]
    assert inbox.messages == [] and rows(store, tenant_id)[0]["status"] == outbox.PENDING


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_and_test_message(tenant_id, ca, secret_env):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=server_context(ca[0]),
                            authenticator=authenticate, auth_required=True,
                            auth_require_tls=False)  # aiosmtpd only counts STARTTLS as TLS; this is TLS throughout
    controller.start()
    try:
        secret_env("UCS_T_SMTP_PASSWORD", PASSWORD)
        settings = make_settings(tenant_id, [email_channel(port, ca[1], security="tls", language="en")])
        result = send_test(settings, "mail")
    finally:
        controller.stop()
    assert result.detail == "accepted"
    (msg,) = inbox.messages
    assert msg["Subject"] == "UCS [Info] Test message: UCS can deliver notifications to channel mail."
    assert "channel mail" in msg.get_body(("plain",)).get_content()
