"""Issue 24, finding 2 (resource exhaustion) and the YAML half of 3: every input a hostile or
mistaken user controls is bounded — the HTTP intake's decompressed size, connections and read
deadlines; metric label cardinality; YAML alias expansion and nesting; file sizes and kinds."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import resource
import socket
import time
from pathlib import Path

import pytest

from agent.core.errors import ConfigError
from agent.core.yamlload import load_file, load_text
from agent.events.http_intake import start_http_intake
from agent.events.intake import MAX_HTTP_LABELS, Intake
from agent.settings.daemon import HttpIntake
from tests.events.test_intake import ct_record

TOKEN = "hardening-limits-token-0123456"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture()
def intake_server(tenant_id: str):
    cfg = HttpIntake(enabled=True, port=0, max_body_bytes=256 * 1024, max_decompressed_bytes=1024 * 1024,
                     header_timeout_seconds=0.6, body_timeout_seconds=0.6, max_connections=4)
    srv = start_http_intake(cfg, Intake(tenant_id, None, None), TOKEN)
    try:
        yield srv
    finally:
        srv.stop()


def _gzip_of_newlines(megabytes: int) -> bytes:
    """gzip of ``megabytes`` MB of newlines, compressed in pieces (the test itself stays small)."""
    import zlib

    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\n" * (1024 * 1024)
    return b"".join(z.compress(chunk) for _ in range(megabytes)) + z.flush()


def _post(srv, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.request("POST", "/v1/events", body=body, headers={**AUTH, **(headers or {})})
        r = conn.getresponse()
        return r.status, json.loads(r.read() or b"{}")
    finally:
        conn.close()


def test_a_gzip_bomb_is_refused_413_while_decompressing_with_bounded_memory(intake_server) -> None:
    bomb = _gzip_of_newlines(100)  # ~100 KB that expand to 100 MB
    assert len(bomb) < 256 * 1024
    before = _rss_mb()
    code, doc = _post(intake_server, bomb, {"Content-Encoding": "gzip"})
    assert code == 413 and "decompressed" in doc["error"]
    assert _rss_mb() - before < 50  # stopped at the 1 MB cap, not after 100 MB
    small = gzip.compress(json.dumps(ct_record(1)).encode())
    assert _post(intake_server, small, {"Content-Encoding": "gzip"})[0] == 202


def test_connections_past_the_cap_are_answered_503_at_once_and_idle_ones_are_cut(intake_server) -> None:
    idle = [socket.create_connection(("127.0.0.1", intake_server.port), timeout=5) for _ in range(4)]
    try:
        time.sleep(0.1)
        with socket.create_connection(("127.0.0.1", intake_server.port), timeout=5) as extra:
            t0 = time.monotonic()
            answer = extra.recv(4096)
            assert answer.startswith(b"HTTP/1.1 503") and time.monotonic() - t0 < 0.5
        for s in idle:  # the header deadline (0.6 s) closes connections that never send a request
            s.settimeout(5)
            assert s.recv(10) == b""
    finally:
        for s in idle:
            s.close()
    assert _post(intake_server, json.dumps(ct_record(2)).encode())[0] == 202  # slots were given back


def test_a_client_trickling_its_headers_is_cut_off_at_the_header_deadline(intake_server) -> None:
    with socket.create_connection(("127.0.0.1", intake_server.port), timeout=5) as s:
        t0 = time.monotonic()
        closed = False
        for ch in b"POST /v1/events HTTP/1.1\r\nX-Slow: " + b"a" * 100:
            try:
                s.sendall(bytes([ch]))
            except OSError:
                closed = True
                break
            s.settimeout(0.05)
            try:
                s.recv(64)  # an answer (400/408, or HTTP/0.9 for a cut request line) or end-of-file
                closed = True
                break
            except TimeoutError:
                pass
        assert closed and time.monotonic() - t0 < 3  # without the deadline: every byte resets a 30 s timeout


def test_a_body_trickling_past_the_body_deadline_is_408(intake_server) -> None:
    body = json.dumps(ct_record(3)).encode()
    head = (f"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", intake_server.port), timeout=5) as s:
        s.sendall(head)
        answer = b""
        for i in range(len(body)):
            try:
                s.sendall(body[i:i + 1])
            except OSError:
                break
            time.sleep(0.05)
            s.settimeout(0.01)
            try:
                answer += s.recv(4096)
            except TimeoutError:
                continue
            if answer:
                break
        s.settimeout(5)
        try:
            while chunk := s.recv(4096):
                answer += chunk
        except OSError:
            pass
    assert answer.startswith(b"HTTP/1.0 408") or answer.startswith(b"HTTP/1.1 408"), answer[:100]


def test_thousands_of_source_labels_make_a_bounded_number_of_metric_series(tenant_id: str) -> None:
    intake = Intake(tenant_id, None, None)
    line = json.dumps(ct_record(4)).encode()
    for i in range(3000):
        intake.take_bytes(f"http:sender-{i}", line, "req")
    intake.take_bytes("file:/var/log/ct", line, "f")
    origins = intake.cumulative()
    assert len(origins) <= MAX_HTTP_LABELS + 2
    assert origins["http:other"][0] == 3000 - MAX_HTTP_LABELS and "file:/var/log/ct" in origins


BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)))


@pytest.mark.parametrize(("text", "line", "why"), [
    (BOMB, 5, "aliases expand"),
    ("a: 1\nb: &x [*x]\n", 2, "recursive alias"),
    ("a: 1\nb: &x\n  c: *x\n", 3, "recursive alias"),
    ("a:\n  b: " + "[" * 3000 + "]" * 3000 + "\n", 2, "nest"),  # libyaml's own limit (1,000) answers first
    ("a: " + "{b: " * 2000 + "1" + "}" * 2000 + "\n", 1, "nested deeper"),
    ("a: 1\nb: \x00\n", 2, "not allowed"),
])
def test_hostile_yaml_is_a_config_error_naming_the_line(text: str, line: int, why: str) -> None:
    t0 = time.monotonic()
    with pytest.raises(ConfigError) as e:
        load_text(text, "tenant.yaml")
    assert e.value.problems[0].line == line and why in e.value.problems[0].message
    assert time.monotonic() - t0 < 2


def test_ordinary_anchors_and_merge_keys_still_work() -> None:
    data = load_text("base: &b {region: eu-west-1}\nprod:\n  <<: *b\n  name: p\nalso: *b\n")[0]
    assert data["prod"] == {"region": "eu-west-1", "name": "p"} and data["also"] == {"region": "eu-west-1"}


def test_files_that_never_end_or_block_or_are_huge_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * 120_000)  # 1.2 MB
    before = _rss_mb()
    for path, why in [("/dev/zero", "a device"), (str(fifo), "a FIFO"), (str(big), "over the limit")]:
        with pytest.raises(ConfigError) as e:
            load_file(path)
        assert why in str(e.value) and path in str(e.value)
    assert _rss_mb() - before < 20


@pytest.mark.parametrize("argv", [["config", "validate", "/dev/zero"], ["scan", "--config", "/dev/urandom"]])
def test_the_cli_refuses_device_configs_with_exit_2_and_one_line(argv: list[str], capsys) -> None:
    from agent.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and "Traceback" not in err


def test_intake_files_over_the_caps_are_one_counted_reject_with_bounded_memory(tenant_id: str, tmp_path: Path,
                                                                               monkeypatch) -> None:
    from agent.events import sources
    from agent.events.sources import read_files
    from agent.settings.daemon import FileSource

    bomb = tmp_path / "bomb.json.gz"  # ~140 KB that expand to 140 MB, past the 128 MiB cap
    bomb.write_bytes(_gzip_of_newlines(140))
    before = _rss_mb()
    taken = read_files(FileSource(path=str(bomb)), Intake(tenant_id, None, None), None)
    assert taken.reasons == {"too_large": 1} and str(bomb) in taken.errors[0]
    assert _rss_mb() - before < 200  # at most the 128 MiB cap
    monkeypatch.setattr(sources, "LOG_LIMIT", 1000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(ct_record(5)) * 20, encoding="utf-8")
    taken = read_files(FileSource(path=str(big)), Intake(tenant_id, None, None), None)
    assert taken.reasons == {"too_large": 1} and "over the limit of 1000 bytes" in taken.errors[0]
