"""A small threaded HTTP server on a background thread (health/metrics and the log intake).

Loopback by default; a non-loopback bind is allowed only when configured, and logged.  A request
whose body does not arrive within ``QuietHandler.timeout`` seconds is answered 408.  A request
refused before its body was read is answered first and then drained for a moment ("lingering
close"): closing a socket with unread data makes the kernel reset the connection, and the client
would see the reset instead of the answer.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)


LINGER_SECONDS = 5.0
LINGER_BYTES = 64 * 1024 * 1024


class QuietHandler(BaseHTTPRequestHandler):
    server_version = "ucs"
    sys_version = ""
    timeout = 30  # seconds a read may wait (StreamRequestHandler sets it on the socket)
    _linger = False

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
    def __init__(self, name: str, host: str, port: int, handler: type[BaseHTTPRequestHandler], **attrs: Any) -> None:
        self.name = name
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
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
