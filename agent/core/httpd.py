"""A small threaded HTTP server on a background thread (health/metrics and the log intake).

Loopback by default; a non-loopback bind is allowed only when configured, and logged.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)


class QuietHandler(BaseHTTPRequestHandler):
    server_version = "ucs"
    sys_version = ""

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
