"""Authenticated HTTP intake: ``POST /v1/events`` with ``Authorization: Bearer <token>``.

The body is JSON, JSON lines or either gzip-compressed (``Content-Encoding: gzip`` or the gzip
magic bytes); CloudTrail's ``{"Records": [...]}`` is accepted as is.  It comes with a
``Content-Length`` or ``Transfer-Encoding: chunked`` (read, chunk extensions and trailers
ignored).  ``X-UCS-Source: name`` labels the counts (origin ``http:name``).

A request is all or nothing, and always answered (JSON ``{"error": …}`` on every refusal):

- ``202 {"accepted", "malformed": 0, "dropped", "errors": []}``: every record was taken in, or
  dropped while the tenant is suspended (Art. 11/12) — ``dropped`` is in the store before this
  answer is sent;
- ``400`` with ``reasons`` ({reason: records}) and ``errors`` (``where: why``, the first few) when
  any record is malformed, the body holds no record, or the chunked framing is broken: nothing of
  the request was taken in, so it can be fixed and resent without duplicates;
- ``401`` without a valid token (compared in constant time); ``408`` when the body did not arrive
  within ``body_timeout_seconds``; ``411`` for a body with neither a length nor chunked encoding;
  ``413`` for a body over ``max_body_bytes`` or a gzip body that decompresses past
  ``max_decompressed_bytes`` (decompressed as it is read: memory stays bounded by the cap);
  ``501`` for another transfer coding; ``503`` (``Retry-After``) when the store could not record the take — nothing
  of it is counted, resend it.

The token never appears in logs: it is registered for redaction.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import zlib
from typing import Any

from agent.core.errors import UsageError
from agent.core.httpd import BackgroundServer, Limits, QuietHandler
from agent.core.logging_setup import register_secret
from agent.events.intake import Intake
from agent.events.readers import TooLarge, gunzip_capped
from agent.settings.daemon import HttpIntake

log = logging.getLogger(__name__)

_SOURCE = re.compile(r"[^A-Za-z0-9_.:-]")
PATHS = ("/v1/events", "/events")


class BodyError(Exception):
    """A request body the intake will not read: the status to answer and why."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status


def _read_chunked(rfile: Any, limit: int) -> bytes:
    """A ``Transfer-Encoding: chunked`` body (RFC 9112 §7.1), at most ``limit`` bytes."""
    body = bytearray()
    while True:
        line = rfile.readline(1026)
        if not line.endswith(b"\n"):
            raise BodyError(400, "chunked body cut short or chunk-size line too long")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise BodyError(400, f"invalid chunk size {line[:40].strip()!r}") from None
        if size < 0:
            raise BodyError(400, "invalid chunk size")
        if size == 0:
            for _ in range(100):  # trailer fields, up to the blank line
                trailer = rfile.readline(8194)
                if trailer in (b"\r\n", b"\n", b""):
                    return bytes(body)
            raise BodyError(400, "too many chunked trailer fields")
        if len(body) + size > limit:
            raise BodyError(413, f"body over the limit of {limit} bytes")
        chunk = rfile.read(size)
        if len(chunk) < size or rfile.readline(3) not in (b"\r\n", b"\n"):
            raise BodyError(400, "chunked body cut short or a chunk not followed by CRLF")
        body += chunk


class _Handler(QuietHandler):
    server: Any

    def do_POST(self) -> None:
        if self.path.split("?", 1)[0] not in PATHS:
            self.refuse(404, "not found")
            return
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        if not token or not hmac.compare_digest(token.encode(), self.server.token.encode()):
            self.server.rejected += 1
            self.refuse(401, "missing or invalid bearer token", {"WWW-Authenticate": 'Bearer realm="ucs-intake"'})
            return
        try:
            data = self._body()
            if self.expired:
                raise TimeoutError
            if data[:2] == b"\x1f\x8b":
                data = gunzip_capped(data, self.server.max_decompressed)
                if data[:2] == b"\x1f\x8b":
                    raise BodyError(400, "a gzip body inside a gzip body is not read")
        except BodyError as exc:
            if self.expired:  # the reaper ended the read: a short body means "too slow", not "cut short"
                self.refuse(408, "the request body did not arrive in time")
            else:
                self.refuse(exc.status, str(exc))
            return
        except TimeoutError:
            self.refuse(408, "the request body did not arrive in time")
            return
        except TooLarge as exc:
            self.refuse(413, str(exc))
            return
        except (OSError, EOFError, zlib.error):
            pass  # corrupt gzip: the take below counts it (reason corrupt_gzip) and answers 400
        label = _SOURCE.sub("_", self.headers.get("X-UCS-Source", ""))[:64]
        origin = f"http:{label}" if label else "http"
        try:
            taken = self.server.intake.take_bytes(origin, data, f"{origin} request", all_or_nothing=True)
        except Exception:  # the take was not committed (the store, mostly): nothing of it is counted
            log.exception("intake %s: the request could not be recorded", origin)
            self.refuse(503, "the intake could not record this request; nothing of it was counted, resend it",
                        {"Retry-After": "5"})
            return
        if taken.malformed:
            self.answer(400, {"error": f"{taken.malformed} malformed record(s): nothing of this request was taken "
                                       "in; fix them and resend", **taken.as_dict(), "reasons": taken.reasons})
        elif not (taken.accepted or taken.dropped):
            self.answer(400, {"error": "the body holds no records", **taken.as_dict(), "reasons": {}})
        else:
            self.answer(202, taken.as_dict())

    def _body(self) -> bytes:
        """The request body, or :class:`BodyError` with what to answer (the connection is then
        closed: what is left of the body is not read)."""
        limit = self.server.max_body
        coding = self.headers.get("Transfer-Encoding")
        length = self.headers.get("Content-Length")
        if coding is not None:
            self.close_connection = True  # HTTP/1.0 answers: one request per connection anyway
            if length is not None:
                raise BodyError(400, "both Content-Length and Transfer-Encoding: send one of them")
            if coding.strip().lower() != "chunked":
                raise BodyError(501, f"Transfer-Encoding {coding!r} is not supported; send chunked or a Content-Length")
            return _read_chunked(self.rfile, limit)
        if length is None:
            raise BodyError(411, "a Content-Length (or Transfer-Encoding: chunked) is required")
        try:
            n = int(length)
        except ValueError:
            raise BodyError(400, f"invalid Content-Length {length[:40]!r}") from None
        if n < 0:
            raise BodyError(400, f"invalid Content-Length {length[:40]!r}")
        if n > limit:
            raise BodyError(413, f"body over the limit of {limit} bytes")
        data = self.rfile.read(n)
        if len(data) < n:
            raise BodyError(400, "the body ended before its Content-Length")
        return data


def intake_token(cfg: HttpIntake) -> str:
    token = os.environ.get(cfg.token_env, "")
    if len(token) < 16:
        raise UsageError(f"HTTP intake is enabled but ${cfg.token_env} holds no token of at least 16 characters",
                         hint=f"export {cfg.token_env}=<random secret> (e.g. `openssl rand -hex 32`)")
    register_secret(token)
    return token


def start_http_intake(cfg: HttpIntake, intake: Intake, token: str | None = None) -> BackgroundServer:
    token = token or intake_token(cfg)
    register_secret(token)
    limits = Limits(cfg.header_timeout_seconds, cfg.body_timeout_seconds, cfg.max_connections)
    return BackgroundServer("log intake", cfg.host, cfg.port, _Handler, limits, token=token, intake=intake,
                            max_body=cfg.max_body_bytes, max_decompressed=cfg.max_decompressed_bytes,
                            rejected=0).start()

