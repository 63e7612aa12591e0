"""Issue 23, defect 5 over HTTP: the intake always answers — 400 with the reasons for a malformed
body (and takes nothing of it in), chunked bodies read, 411 for a body without a length — against
the running server, with real clients (http.client, and raw sockets for what clients won't send)."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from agent import events
from agent.events.http_intake import start_http_intake
from agent.events.intake import Intake
from agent.settings.daemon import HttpIntake
from tests.events.test_intake import ct_record

TOKEN = "http-intake-faults-token-0123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def server(tenant_id: str) -> Iterator[tuple[Any, list[events.Event]]]:
    got: list[events.Event] = []

    @events.detector("test-http-faults")
    def collect(tenant: str, batch):
        got.extend(batch)
        return 0

    srv = start_http_intake(HttpIntake(enabled=True, port=0, max_body_bytes=64 * 1024), Intake(tenant_id, None, None),
                            TOKEN)
    try:
        yield srv, got
    finally:
        srv.stop()
        events.unregister_detector("test-http-faults")


def post(srv: Any, body: Any, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.request("POST", "/v1/events", body=body, headers={**AUTH, **(headers or {})})
        r = conn.getresponse()
        return r.status, json.loads(r.read() or b"{}")
    finally:
        conn.close()


def raw(srv: Any, request: bytes, half_close: bool = False) -> tuple[int, dict[str, Any]]:
    """Send bytes as they are; the answer's status and JSON body."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(request)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/"), data[:200]
    return int(head.split()[1]), json.loads(body or b"{}")


def lines(*records: Any) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def test_a_wrong_shaped_record_gets_400_with_the_reason_and_nothing_is_taken_in(server) -> None:
    srv, got = server
    code, doc = post(srv, lines(ct_record(1), {**ct_record(2), "userIdentity": "alice"}, ct_record(3)))
    assert code == 400 and doc["accepted"] == 0 and doc["malformed"] == 1
    assert doc["reasons"] == {"wrong_type": 1}
    assert "userIdentity" in doc["errors"][0] and "request:2" in doc["errors"][0]
    assert "nothing" in doc["error"]
    assert got == []  # the request is all or nothing: fixed and resent, it is not taken in twice
    code, doc = post(srv, lines(ct_record(1), ct_record(3)))
    assert code == 202 and doc["accepted"] == 2 and len(got) == 2


@pytest.mark.parametrize(("body", "reason"), [
    (b"this is not json\n", "not_json"),
    (b'{"Records": [{"eventName": "X", "eventSource": "s3.amazonaws.com"}]}', "missing_field"),
    (b'[1, 2]', "not_an_object"),
    (b"\x1f\x8b garbage", "corrupt_gzip"),
])
def test_a_malformed_body_gets_400_with_the_reason(server, body: bytes, reason: str) -> None:
    srv, got = server
    code, doc = post(srv, body)
    assert code == 400 and reason in doc["reasons"] and doc["errors"] and got == []


def test_an_empty_body_is_400(server) -> None:
    code, doc = post(server[0], b"")
    assert code == 400 and "no records" in doc["error"]


def test_chunked_bodies_are_read(server) -> None:
    srv, got = server
    body = lines(*(ct_record(i) for i in range(20)))
    code, doc = post(srv, iter([body[:100], body[100:1500], body[1500:]]))  # http.client sends it chunked
    assert code == 202 and doc["accepted"] == 20 and len(got) == 20
    code, doc = post(srv, iter([gzip.compress(lines(ct_record(99)))]))
    assert code == 202 and doc["accepted"] == 1
    # chunk extensions and trailers are allowed by HTTP/1.1 and ignored
    one = lines(ct_record(7))
    code, doc = raw(srv, b"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                    + b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + f"{len(one):x};ext=1\r\n".encode() + one + b"\r\n0\r\nX-Trailer: y\r\n\r\n")
    assert code == 202 and doc["accepted"] == 1


def test_a_chunked_body_over_the_limit_is_413(server) -> None:
    srv, got = server
    big = lines(*(ct_record(i) for i in range(400)))  # > 64 KiB
    code, doc = post(srv, iter([big[i:i + 8192] for i in range(0, len(big), 8192)]))
    assert code == 413 and got == []


def test_broken_chunked_framing_is_400(server) -> None:
    code, doc = raw(server[0], b"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                    + b"\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
    assert code == 400 and "chunk" in doc["error"]


def test_a_body_without_a_length_is_411(server) -> None:
    srv, got = server
    code, doc = raw(srv, b"POST /v1/events HTTP/1.0\r\nAuthorization: Bearer " + TOKEN.encode() + b"\r\n\r\n"
                    + lines(ct_record(1)), half_close=True)
    assert code == 411 and "Content-Length" in doc["error"] and got == []


def test_length_and_chunked_together_is_400(server) -> None:
    srv, got = server
    code, doc = raw(srv, b"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                    + b"\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert code == 400 and got == []


def test_an_unknown_transfer_coding_is_501(server) -> None:
    code, doc = raw(server[0], b"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                    + b"\r\nTransfer-Encoding: gzip\r\n\r\n")
    assert code == 501


def test_a_large_body_refused_unread_is_still_answered(server) -> None:
    """413 and 401 are answered before the body is read; the unread rest must not turn the answer
    into a connection reset for a client still sending."""
    srv, got = server
    big = b"x" * (2 * 1024 * 1024)
    assert post(srv, big)[0] == 413
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.request("POST", "/v1/events", body=big[:60_000], headers={"Authorization": "Bearer wrong-token-000000"})
        assert conn.getresponse().status == 401
    finally:
        conn.close()


def test_a_body_that_stops_arriving_is_408(server, monkeypatch) -> None:
    from agent.events import http_intake

    monkeypatch.setattr(http_intake._Handler, "timeout", 1)
    code, doc = raw(server[0], b"POST /v1/events HTTP/1.0\r\nAuthorization: Bearer " + TOKEN.encode()
                    + b"\r\nContent-Length: 500\r\n\r\n" + lines(ct_record(1)))
    assert code == 408 and server[1] == []


class _StoreDown:
    def record_take(self, *args: Any, **kwargs: Any) -> None:
        raise ConnectionError("store unreachable")


def test_a_take_the_store_cannot_record_is_503_and_counts_nothing(tenant_id: str) -> None:
    intake = Intake(tenant_id, None, _StoreDown())  # type: ignore[arg-type]
    srv = start_http_intake(HttpIntake(enabled=True, port=0), intake, TOKEN)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        conn.request("POST", "/v1/events", body=lines(ct_record(1)), headers=AUTH)
        r = conn.getresponse()
        assert r.status == 503 and r.getheader("Retry-After") == "5" and "resend" in json.loads(r.read())["error"]
        conn.close()
        assert intake.cumulative() == {}
    finally:
        srv.stop()
