"""Authenticated HTTP intake: ``POST /v1/events`` with ``Authorization: Bearer <token>``.

The body is JSON, JSON lines or either gzip-compressed (``Content-Encoding: gzip`` or the gzip
magic bytes); CloudTrail's ``{"Records": [...]}`` is accepted as is.  The answer is ``202`` with
``{"accepted", "malformed", "dropped", "errors"}``; ``401`` without a valid token (compared in
constant time), ``413`` for a body over the limit.  ``X-UCS-Source: name`` labels the counts
(origin ``http:name``).  The token never appears in logs: it is registered for redaction.
"""

from __future__ import annotations

import hmac
import json
import os
import re
from typing import Any

from agent.core.errors import UsageError
from agent.core.httpd import BackgroundServer, QuietHandler
from agent.core.logging_setup import register_secret
from agent.events.intake import Intake
from agent.settings.daemon import HttpIntake

_SOURCE = re.compile(r"[^A-Za-z0-9_.:-]")
PATHS = ("/v1/events", "/events")


class _Handler(QuietHandler):
    server: Any

    def do_POST(self) -> None:
        if self.path.split("?", 1)[0] not in PATHS:
            self.reply(404, b'{"error": "not found"}', "application/json")
            return
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        if not token or not hmac.compare_digest(token.encode(), self.server.token.encode()):
            self.server.rejected += 1
            self.reply(401, b'{"error": "missing or invalid bearer token"}', "application/json",
                       {"WWW-Authenticate": 'Bearer realm="ucs-intake"'})
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0 or length > self.server.max_body:
            self.reply(413, b'{"error": "body too large or without a length"}', "application/json")
            self.close_connection = True
            return
        data = self.rfile.read(length)
        label = _SOURCE.sub("_", self.headers.get("X-UCS-Source", ""))[:64]
        origin = f"http:{label}" if label else "http"
        taken = self.server.intake.take_bytes(origin, data, f"{origin} request")
        self.reply(202, json.dumps(taken.as_dict()).encode(), "application/json")


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
    return BackgroundServer("log intake", cfg.host, cfg.port, _Handler, token=token, intake=intake,
                            max_body=cfg.max_body_bytes, rejected=0).start()
