"""A loopback HTTP stand-in in front of moto that refuses sts:AssumeRole into chosen accounts.

moto's AssumeRole succeeds for any role ARN (the role need not exist, trust policies are not
evaluated), so a member account that denies the audit role is played by this gate: it answers
exactly what STS answers then (HTTP 403, query-protocol ``ErrorResponse`` with code
``AccessDenied``) and forwards every other request to moto unchanged.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DENY = """<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code>
  <Message>User: arn:aws:iam::123456789012:user/moto is not authorized to perform: sts:AssumeRole on resource: {arn}</Message>
  </Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>"""


class StsGate:
    def __init__(self, upstream: str, denied: Iterable[str] = ()) -> None:
        self.upstream = upstream.rstrip("/")
        self.denied: set[str] = set(denied)
        self.assume_calls: list[str] = []
        gate = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                text = body.decode("utf-8", "replace")
                if "Action=AssumeRole" in text:
                    from urllib.parse import parse_qs

                    arn = parse_qs(text).get("RoleArn", [""])[0]
                    gate.assume_calls.append(arn)
                    if any(f":{a}:" in arn for a in gate.denied):
                        payload = DENY.format(arn=arn).encode()
                        self.send_response(403)
                        self.send_header("Content-Type", "text/xml")
                        self.send_header("Content-Length", str(len(payload)))
                        self.end_headers()
                        self.wfile.write(payload)
                        return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                req = urllib.request.Request(gate.upstream + self.path, data=body if body else None,
                                             headers=headers, method=self.command)
                try:
                    with urllib.request.urlopen(req, timeout=60) as resp:
                        status, rh, payload = resp.status, resp.headers.items(), resp.read()
                except urllib.error.HTTPError as err:
                    status, rh, payload = err.code, err.headers.items(), err.read()
                self.send_response(status)
                for k, v in rh:
                    if k.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _relay

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> StsGate:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
