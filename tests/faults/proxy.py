"""A fault-injecting HTTP proxy between the AWS collector and the moto server.

Every request is forwarded unchanged, except the ones matching the armed :class:`Fault`, which get
an answer shaped the way the real service would send it (its protocol's error document and code),
or a connection reset.  Each request is named ``(service, operation, region)`` the way botocore
named it: the service and region from the SigV4 credential scope, the operation from ``Action=``
(query and EC2 protocols), ``X-Amz-Target`` (JSON) or the operation's URI template in botocore's
own service model (REST protocols).  The proxy also counts what it saw, so a test can learn which
operations a clean scan calls.

The emulator dying mid-scan: ``injecting(kill_after=n)`` resets every connection from the n+1-th
request on; ``injecting(kill_at=(service, operation))`` from the first request of that operation on.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import struct
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

import botocore.retries.adaptive
import botocore.retries.standard
import botocore.session
import pytest

DENIED, ERROR_500, THROTTLE, GARBAGE, RESET = "denied", "error500", "throttle", "garbage", "reset"
KINDS = (DENIED, ERROR_500, THROTTLE, GARBAGE, RESET)

# (HTTP status, error code) per fault kind and wire protocol, as the services answer them.
_ERRORS: dict[str, dict[str, tuple[int, str]]] = {
    DENIED: {"ec2": (403, "UnauthorizedOperation"), "query": (403, "AccessDenied"),
             "rest-xml": (403, "AccessDenied"), "json": (400, "AccessDeniedException"),
             "rest-json": (403, "AccessDeniedException")},
    ERROR_500: {"ec2": (500, "InternalError"), "query": (500, "InternalFailure"),
                "rest-xml": (500, "InternalError"), "json": (500, "InternalFailure"),
                "rest-json": (500, "ServiceException")},
    THROTTLE: {"ec2": (503, "RequestLimitExceeded"), "query": (400, "Throttling"),
               "rest-xml": (503, "SlowDown"), "json": (400, "ThrottlingException"),
               "rest-json": (429, "TooManyRequestsException")},
}
GARBAGE_BODY = b"<html><body><h1>502 Bad Gateway</h1>\x00{\"truncated"

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "te",
               "trailer", "upgrade"}


@dataclass(frozen=True, slots=True)
class Call:
    service: str  # botocore's service name: "s3", "s3control", "ec2", "iam", "lambda", ...
    operation: str  # botocore's operation name: "GetBucketLocation"
    region: str


@dataclass(frozen=True, slots=True)
class Fault:
    service: str
    operation: str
    kind: str
    region: str | None = None  # None: every region

    def matches(self, call: Call) -> bool:
        return (call.service, call.operation) == (self.service, self.operation) and \
            self.region in (None, call.region)


# --------------------------------------------------------------------------- naming requests
@cache
def _model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


@cache
def _routes(service: str) -> list[tuple[str, re.Pattern[str], dict[str, str], tuple[int, int], str]]:
    """(method, path regex, required query, specificity, operation) for a REST service."""
    model = _model(service)
    out = []
    for name in model.operation_names:
        http_ = model.operation_model(name).http
        path, _, query = http_["requestUri"].partition("?")
        parts = re.split(r"(\{[^}]+\})", path)
        rx = "".join(("(.+)" if p.endswith("+}") else "([^/]+)") if p.startswith("{") else re.escape(p)
                     for p in parts if p)
        literal = sum(len(p) for p in parts if not p.startswith("{"))
        required = dict(parse_qsl(query, keep_blank_values=True))
        out.append((http_["method"], re.compile(rx.rstrip("/") + "/?"), required, (len(required), literal), name))
    return out


def _rest_operation(service: str, method: str, target: str) -> str | None:
    parts = urlsplit(target)
    query = parse_qs(parts.query, keep_blank_values=True)
    best: tuple[tuple[int, int], str] | None = None
    for m, rx, required, score, name in _routes(service):
        if m != method or not rx.fullmatch(parts.path):
            continue
        if any(k not in query or (v and v not in query[k]) for k, v in required.items()):
            continue
        if best is None or score > best[0]:
            best = (score, name)
    return best[1] if best else None


def identify(method: str, target: str, headers: Any, body: bytes) -> Call | None:
    scope = _SCOPE.search(headers.get("Authorization", ""))
    if not scope:
        return None
    region, service = scope.groups()
    path = urlsplit(target).path
    if service == "s3" and path.startswith("/v20180820/"):
        service = "s3control"  # S3 Control signs as "s3"; its URIs are versioned
    protocol = _model(service).protocol
    if protocol in ("query", "ec2"):
        form = parse_qs(body.decode("utf-8", "replace")) if body else parse_qs(urlsplit(target).query)
        op = (form.get("Action") or [None])[0]
    elif protocol == "json":
        op = headers.get("X-Amz-Target", "").rpartition(".")[2] or None
    else:
        op = _rest_operation(service, method, target)
    return Call(service, op, region) if op else None


# --------------------------------------------------------------------------- shaped answers
def faulty_answer(call: Call, kind: str) -> tuple[int, dict[str, str], bytes]:
    """What the service would send for this fault: (status, headers, body)."""
    model = _model(call.service)
    protocol = model.protocol
    json_type = f"application/x-amz-json-{model.metadata.get('jsonVersion', '1.0')}"
    xml = {"Content-Type": "text/xml"}
    if kind == GARBAGE:
        ctype = json_type if protocol == "json" else ("application/json" if protocol == "rest-json" else "text/xml")
        return 200, {"Content-Type": ctype}, GARBAGE_BODY
    status, code = _ERRORS[kind][protocol]
    msg = f"injected {kind} for {call.operation}"
    rid = "11111111-2222-3333-4444-555555555555"
    if protocol == "ec2":
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code>"
                f"<Message>{msg}</Message></Error></Errors><RequestID>{rid}</RequestID></Response>")
        return status, xml, body.encode()
    if protocol == "query":
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{msg}</Message></Error>"
                f"<RequestId>{rid}</RequestId></ErrorResponse>")
        return status, xml, body.encode()
    if protocol == "rest-xml":
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{msg}</Message>"
                f"<RequestId>{rid}</RequestId></Error>")
        return status, {**xml, "x-amz-request-id": rid}, body.encode()
    if protocol == "json":
        return status, {"Content-Type": json_type}, json.dumps({"__type": code, "message": msg}).encode()
    # rest-json: the code travels in a header
    return status, {"Content-Type": "application/json", "x-amzn-ErrorType": code, "x-amzn-RequestId": rid}, \
        json.dumps({"Type": "User", "message": msg, "Message": msg}).encode()


@contextmanager
def no_retry_waits() -> Iterator[None]:
    """botocore's retry logic without its waiting: backoff in milliseconds and no client-side rate
    limiting (adaptive mode would hold the whole client to 0.5 requests/s after the first
    throttled answer).  How long a scan may take under faults is issue 23's item 4, not this suite's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", lambda self, context: 0.001)
        mp.setattr(botocore.retries.adaptive.ClientRateLimiter, "on_sending_request",
                   lambda self, request, **kwargs: None)
        yield


# --------------------------------------------------------------------------- the proxy
class FaultProxy:
    def __init__(self, upstream: str) -> None:
        up = urlsplit(upstream)
        self.upstream = (up.hostname or "127.0.0.1", up.port or 80)
        self.fault: Fault | None = None
        self.calls: Counter[Call] = Counter()
        self.unnamed: list[str] = []
        self.injected = 0
        self.requests = 0
        self._kill_after: int | None = None
        self._kill_at: tuple[str, str] | None = None
        self.killed = False
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.proxy = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset_counts(self) -> None:
        with self._lock:
            self.calls.clear()
            self.unnamed.clear()
            self.injected = self.requests = 0

    @contextmanager
    def injecting(self, fault: Fault | None = None, kill_after: int | None = None,
                  kill_at: tuple[str, str] | None = None) -> Iterator[FaultProxy]:
        """Arm one fault (or a kill switch) for the block; counts start from zero."""
        self.reset_counts()
        self.fault, self._kill_after, self._kill_at, self.killed = fault, kill_after, kill_at, False
        try:
            yield self
        finally:
            self.fault, self._kill_after, self._kill_at, self.killed = None, None, None, False

    def _decide(self, call: Call | None, target: str) -> str | None:
        """The fault kind to answer with, or None to forward."""
        with self._lock:
            self.requests += 1
            if call is None:
                self.unnamed.append(target)
            else:
                self.calls[call] += 1
            if (self._kill_after is not None and self.requests > self._kill_after) or \
                    (call is not None and (call.service, call.operation) == self._kill_at):
                self.killed = True
            if self.killed:
                self.injected += 1
                return RESET
            if call is not None and self.fault is not None and self.fault.matches(call):
                self.injected += 1
                return self.fault.kind
            return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    _upstream: http.client.HTTPConnection | None = None
    _reset = False

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_GET

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _handle(self) -> None:
        proxy: FaultProxy = self.server.proxy  # type: ignore[attr-defined]
        body = self._body()
        call = identify(self.command, self.path, self.headers, body)
        kind = proxy._decide(call, self.path)
        if kind == RESET:
            self._reset = self.close_connection = True
            return
        if kind is not None and call is not None:
            status, headers, payload = faulty_answer(call, kind)
        else:
            status, headers, payload = self._forward(body)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if not (self.command == "HEAD" and "Content-Length" in headers):
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _forward(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        proxy: FaultProxy = self.server.proxy  # type: ignore[attr-defined]
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers["Content-Length"] = str(len(body))
        for attempt in (1, 2):  # a kept-alive upstream connection may have been closed by moto
            if self._upstream is None:
                self._upstream = http.client.HTTPConnection(*proxy.upstream, timeout=60)
            try:
                self._upstream.request(self.command, self.path, body=body or None, headers=headers)
                resp = self._upstream.getresponse()
                payload = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self._upstream.close()
                self._upstream = None
                if attempt == 2:
                    raise
        out = {k: v for k, v in resp.getheaders() if k.lower() not in _HOP_BY_HOP}
        if self.command == "HEAD" and resp.getheader("Content-Length"):
            out["Content-Length"] = resp.getheader("Content-Length") or "0"
        if resp.will_close:
            self._upstream.close()
            self._upstream = None
        return resp.status, out, payload

    def finish(self) -> None:
        if self._upstream is not None:
            self._upstream.close()
        if self._reset:
            # SO_LINGER 0 makes close() send RST: the client sees "connection reset by peer"
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        with suppress(OSError):
            super().finish()
