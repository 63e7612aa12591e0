"""Generic webhook (the finding in OCSF form, HMAC-SHA256 signed) and Microsoft Teams (workflow
webhook with an Adaptive Card).

Webhook signature, for receivers to verify::

    X-UCS-Timestamp: <unix seconds>
    X-UCS-Signature: sha256=<hex HMAC-SHA256(key, "<timestamp>." + raw body)>
    Idempotency-Key: <outbox key>      (the same on every resend of one message)

Receivers should reject timestamps older than a few minutes (replay) and dedupe on the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import datetime
from typing import Any

import requests

from agent.core.model import Finding, Resource, Severity, State, Status
from agent.report.ocsf import to_ocsf
from agent.settings.notifications import Channel, resolve_secret
from notifiers.base import DeliveryResult, Outgoing, post
from notifiers.render import Rendered, word

USER_AGENT = "ucs-notifier/1"


def finding_from_doc(doc: dict[str, Any]) -> Finding:
    """Rebuild a Finding from ``Finding.to_dict()`` as stored in an outbox payload."""
    res = doc.get("resource", {})
    resource = Resource(provider=res.get("provider", ""), account=str(res.get("account", "")),
                        region=res.get("region", ""), type=res.get("type", ""), id=res.get("id", ""),
                        name=res.get("name", ""), tags=dict(res.get("tags") or {}))

    def when(v: str | None) -> datetime | None:
        return datetime.fromisoformat(v) if v else None

    return Finding(check_id=doc.get("check_id", ""), resource=resource, status=Status(doc.get("status", "FAIL")),
                   severity=Severity.parse(doc.get("severity", "info")), detail=doc.get("detail", ""),
                   evidence=dict(doc.get("evidence") or {}), fingerprint=doc.get("fingerprint", ""),
                   first_seen=when(doc.get("first_seen")), last_seen=when(doc.get("last_seen")),
                   state=State(doc["state"]) if doc.get("state") else None, kind=doc.get("kind", "misconfiguration"))


def webhook_body(message: Outgoing) -> dict[str, Any]:
    row, payload = message.row, message.row["payload"]
    body: dict[str, Any] = {"id": message.key, "type": row["event"], "kind": row["kind"],
                            "tenant": payload.get("tenant", row.get("tenant")),
                            "severity": Severity(row.get("severity") or 0).label,
                            "scan_id": payload.get("scan_id"), "at": payload.get("at"),
                            "title": message.rendered.title, "link": message.rendered.link}
    doc = payload.get("finding")
    if doc:
        ocsf = to_ocsf(finding_from_doc(doc))
        if doc.get("kind") == "threat":
            # Threat evidence holds communication data (Art. 13); it stays in the store.
            ocsf.get("unmapped", {}).pop("evidence", None)
        body["finding"] = ocsf
        if payload.get("previous_severity"):
            body["previous_severity"] = payload["previous_severity"]
    if row["kind"] in ("burst", "digest"):
        body["summary"] = {k: payload.get(k) for k in ("total", "by_severity", "by_event", "top", "route")}
    elif row["kind"] == "event":
        body["event"] = {k: v for k, v in payload.items() if k not in ("finding", "tenant")}
    return body


def sign(key: bytes, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class _JsonPoster:
    """POSTs JSON to the channel's secret URL with the idempotency key; subclasses add the body."""

    label = "webhook URL"

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.session = requests.Session()

    @property
    def what(self) -> str:
        return f"{self.channel.type} channel {self.channel.name}"

    def _post(self, message: Outgoing, data: bytes, headers: dict[str, str]) -> DeliveryResult:
        c = self.channel
        url = resolve_secret(c.name, self.label, c.url_env, c.url_file, url=True)
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
                   "Idempotency-Key": message.key, **headers}
        resp = post(self.session, url, data, headers, c.timeout, self.what)
        return DeliveryResult(detail=f"HTTP {resp.status_code}")


class WebhookNotifier(_JsonPoster):
    def send(self, message: Outgoing) -> DeliveryResult:
        c = self.channel
        key = resolve_secret(c.name, "webhook signing key", c.secret_env, c.secret_file)
        data = json.dumps(webhook_body(message), ensure_ascii=False, separators=(",", ":")).encode()
        ts = str(int(time.time()))
        return self._post(message, data, {"X-UCS-Timestamp": ts, "X-UCS-Signature": sign(key.encode(), ts, data),
                                          "X-UCS-Event": message.row["event"]})


TEAMS_COLOUR = {"critical": "attention", "high": "attention", "medium": "warning", "low": "accent", "info": "default"}


def adaptive_card(r: Rendered) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": f"{r.severity_word} · {r.headline}", "weight": "Bolder",
         "color": TEAMS_COLOUR.get(r.severity, "default"), "wrap": True},
        {"type": "TextBlock", "text": r.title, "size": "Medium", "weight": "Bolder", "wrap": True},
    ]
    if r.fields:
        body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in r.fields]})
    for label, text in r.sections:
        body.append({"type": "TextBlock", "text": label, "weight": "Bolder", "wrap": True, "spacing": "Medium"})
        body.append({"type": "TextBlock", "text": text, "wrap": True})
    if r.items:
        body.append({"type": "TextBlock", "text": "\n".join(f"- {i}" for i in r.items), "wrap": True})
    card: dict[str, Any] = {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                            "type": "AdaptiveCard", "version": "1.4", "body": body}
    if r.link and r.link.startswith(("http://", "https://")):
        card["actions"] = [{"type": "Action.OpenUrl", "title": word("report", r.lang), "url": r.link}]
    elif r.link:
        body.append({"type": "TextBlock", "text": f"{word('report', r.lang)}: {r.link}", "wrap": True,
                     "isSubtle": True})
    return {"type": "message", "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}]}


class TeamsNotifier(_JsonPoster):
    """A Teams workflow ("When a Teams webhook request is received") answers 202 Accepted."""

    label = "Teams workflow URL"

    def send(self, message: Outgoing) -> DeliveryResult:
        return self._post(message, json.dumps(adaptive_card(message.rendered), ensure_ascii=False).encode(), {})
