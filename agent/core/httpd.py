"""A small threaded HTTP server on a background thread (health/metrics and the log intake).

Loopback by default; a non-loopback bind is allowed only when configured, and logged.  A request
whose body does not arrive within ``QuietHandler.timeout`` seconds is answered 408.  A request
refused before its body was read is answered first and then drained for a moment ("lingering
close"): closing a socket with unread data makes the kernel reset the connection, and the client
would see the reset instead of the answer.

Limits (:class:`Limits`), so slow or many clients cannot hold the process: the request line and
headers must arrive within ``header_seconds`` and a body within ``body_seconds`` of its headers
(a reaper thread shuts the socket's read side when a deadline passes: a client trickling one
byte per second is cut off, not waited for), and at most ``max_connections`` connections are
served at once; one more is answered ``503`` with ``Retry-After`` and closed at once.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)


LINGER_SECONDS = 5.0
LINGER_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    header_seconds: float = 10.0  # request line + headers, from the connection's start or its last answer
    body_seconds: float = 60.0  # the whole body, from the end of the headers
    max_connections: int = 64  # served at once; more are answered 503 at once


BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
        b"Connection: close\r\nContent-Length: 53\r\n\r\n"
        b'{"error": "too many connections, retry in a moment"}\n')


class LimitedHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a cap on concurrent connections and per-phase read deadlines."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], limits: Limits) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.max_connections)
        self._deadlines: dict[socket.socket, tuple[float, QuietHandler]] = {}
        self._dl_lock = threading.Lock()
        self._stopping = threading.Event()
        self.refused_busy = 0
        self.timed_out = 0
        super().__init__(address, handler)
        self._reaper = threading.Thread(target=self._reap, name="ucs-http-reaper", daemon=True)
        self._reaper.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.refused_busy += 1
            with contextlib.suppress(OSError):
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.disarm(request)
            self._slots.release()

    def arm(self, sock: socket.socket, seconds: float, handler: QuietHandler) -> None:
        with self._dl_lock:
            self._deadlines[sock] = (time.monotonic() + seconds, handler)

    def disarm(self, sock: socket.socket) -> None:
        with self._dl_lock:
            self._deadlines.pop(sock, None)

    def _reap(self) -> None:
        while not self._stopping.wait(0.2):
            now = time.monotonic()
            with self._dl_lock:
                late = [(s, h) for s, (at, h) in self._deadlines.items() if at <= now]
                for s, _ in late:
                    del self._deadlines[s]
            for s, h in late:
                self.timed_out += 1
                h.expired = True
                with contextlib.suppress(OSError):  # wakes the blocked read with end-of-file; the answer can still be written
                    s.shutdown(socket.SHUT_RD)

    def server_close(self) -> None:
        self._stopping.set()
        super().server_close()


class QuietHandler(BaseHTTPRequestHandler):
    server_version = "ucs"
    sys_version = ""
    timeout = 30  # seconds one read may wait (StreamRequestHandler sets it on the socket)
    _linger = False
    expired = False  # set by the server's reaper when a read deadline passed
    server: Any

    def handle_one_request(self) -> None:
        limits = getattr(self.server, "limits", None)
        if limits is not None:
            self.server.arm(self.connection, limits.header_seconds, self)
        super().handle_one_request()

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok and self.expired:  # the headers were cut off by the deadline, not ended by a blank line
            self.close_connection = True
            self.reply(408, b"request headers did not arrive in time\n")
            return False
        limits = getattr(self.server, "limits", None)
        if ok and limits is not None:
            self.server.arm(self.connection, limits.body_seconds, self)
        return ok

    def send_response(self, code: int, message: str | None = None) -> None:
        if getattr(self.server, "limits", None) is not None:
            self.server.disarm(self.connection)  # writing the answer is not bounded by the read deadline
        super().send_response(code, message)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def reply(self, code: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def answer(self, code: int, doc: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self.reply(code, json.dumps(doc).encode(), "application/json", headers)

    def refuse(self, code: int, why: str, headers: dict[str, str] | None = None) -> None:
        """Answer ``{"error": why}`` and close the connection, whatever of the body is unread."""
        self.close_connection = True
        self._linger = True
        self.answer(code, {"error": why}, headers)

    def finish(self) -> None:
        super().finish()
        if self._linger:
            _drain(self.connection)


def _drain(sock: socket.socket) -> None:
    """End our side, then read and discard what the client still sends, for a bounded time."""
    try:
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + LINGER_SECONDS
        read = 0
        while read < LINGER_BYTES:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            sock.settimeout(left)
            chunk = sock.recv(65536)
            if not chunk:
                return
            read += len(chunk)
    except OSError:  # reset or timed out: the answer was sent, nothing more to do
        return


class BackgroundServer:
    def __init__(self, name: str, host: str, port: int, handler: type[BaseHTTPRequestHandler],
                 limits: Limits | None = None, **attrs: Any) -> None:
        self.name = name
        self.httpd = LimitedHTTPServer((host, port), handler, limits or Limits())
        for k, v in attrs.items():
            setattr(self.httpd, k, v)
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            log.warning("%s listens on %s, which is not a loopback address", name, host)
        self._thread = threading.Thread(target=self.httpd.serve_forever, name=f"ucs-{name}", daemon=True)

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        host = self.httpd.server_address[0]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{self.port}"

    def start(self) -> BackgroundServer:
        self._thread.start()
        log.info("%s listening on %s", self.name, self.url)
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)
