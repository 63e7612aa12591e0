"""Routing: finding transitions and other events → outbox rows, inside the caller's transaction.

Only transitions produce messages (the store emits none for a finding that stays open), so a
finding is announced once when it appears, once if its severity rises, once when it comes back,
and once when it is resolved if a route asks for that.  For every channel:

* several routes matching the same transition give one message (routes are a filter, not a
  multiplier);
* a route with ``digest:`` holds its matches for the next digest instead (see notifiers.digest);
* more than ``burst_threshold`` messages from one scan become one summary message with counts
  by severity, the top items and the report link — a first scan of a large estate sends one
  message per channel, not ten thousand.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from agent.core.model import Finding, Severity, utcnow
from agent.settings.notifications import EVENT_KINDS, NotificationSettings
from agent.store import outbox
from agent.store.lifecycle import Transition

if TYPE_CHECKING:
    from agent.settings.tenant import Settings
    from agent.store import Store

log = logging.getLogger(__name__)

TOP_ITEMS = 10
# Default severity of events that carry no finding, for routes' min_severity.
EVENT_SEVERITY = {"remediation_applied": Severity.MEDIUM, "remediation_failed": Severity.HIGH,
                  "service_suspended": Severity.CRITICAL, "service_resumed": Severity.MEDIUM,
                  "compliance_control_changed": Severity.MEDIUM, "compliance_score_dropped": Severity.HIGH}


def short_item(event: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The few fields a summary or digest line needs."""
    res = doc.get("resource", {})
    return {"event": event, "check_id": doc.get("check_id", ""), "severity": doc.get("severity", "info"),
            "resource_id": res.get("id", ""), "resource_name": res.get("name", ""),
            "account": res.get("account", ""), "region": res.get("region", ""), "detail": doc.get("detail", "")}


def summary_payload(tenant: str, items: list[dict[str, Any]], top: int = TOP_ITEMS, **extra: Any) -> dict[str, Any]:
    """Counts by severity and by event plus the ``top`` most severe items, for bursts and digests."""
    by_sev = Counter(i["severity"] for i in items)
    by_event = Counter(i["event"] for i in items)
    ranked = sorted(items, key=lambda i: (-int(Severity.parse(i["severity"])), i["check_id"], i["resource_id"]))
    return {"tenant": tenant, "total": len(items), "by_severity": dict(by_sev), "by_event": dict(by_event),
            "top": ranked[:top], **extra}


class _Pending:
    """Rows being assembled for one call, grouped per channel so bursts can be folded."""

    def __init__(self, settings: Settings, now: datetime) -> None:
        self.settings = settings
        self.ns: NotificationSettings = settings.notifications
        self.tenant = settings.tenant.id
        self.now = now
        self.channels = {c.name: c for c in self.ns.channels if c.enabled}
        # identity → row per channel; keys are hashed only for rows that are written, since a
        # burst folds thousands of them into one summary.
        self.immediate: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
        self.held: list[dict[str, Any]] = []
        self._items: dict[int, dict[str, Any]] = {}

    def add(self, kind: str, event: str, severity: Severity, doc: dict[str, Any] | None, payload: dict[str, Any],
            identity: Iterable[Any], thread_key: str | None) -> None:
        identity = tuple(identity)
        for route in self.ns.routes:
            if not route.match.matches(event, severity, doc):
                continue
            for name in route.channels:
                if name not in self.channels:
                    continue
                row = {"tenant": self.tenant, "channel": name, "kind": kind, "event": event,
                       "severity": int(severity), "thread_key": thread_key, "payload": payload,
                       "created_at": self.now, "route": None, "status": outbox.PENDING}
                if route.digest:
                    row.update(route=route.name, status=outbox.HELD,
                               key=outbox.message_key(self.tenant, name, "held", route.name, *identity))
                    self.held.append(row)
                else:
                    self.immediate.setdefault(name, {}).setdefault(identity, row)

    def _item(self, row: dict[str, Any]) -> dict[str, Any]:
        """Summary line facts, computed once per transition however many channels fold it."""
        payload = row["payload"]
        item = self._items.get(id(payload))
        if item is None:
            item = short_item(row["event"], payload["finding"]) if "finding" in payload else {
                "event": row["event"], "check_id": "", "severity": Severity(row["severity"]).label,
                "resource_id": "", "resource_name": payload.get("title", ""), "account": "", "region": "",
                "detail": payload.get("message", "")}
            self._items[id(payload)] = item
        return item

    def rows(self, scan_id: int | None) -> list[dict[str, Any]]:
        out = list(self.held)
        for name, rows in self.immediate.items():
            threshold = self.channels[name].burst_threshold or self.ns.burst_threshold
            if len(rows) <= threshold:
                for identity, row in rows.items():
                    row["key"] = outbox.message_key(self.tenant, name, row["kind"], *identity)
                    out.append(row)
                continue
            items = [self._item(r) for r in rows.values()]
            payload = summary_payload(self.tenant, items, scan_id=scan_id, at=self.now.isoformat())
            key = outbox.message_key(self.tenant, name, "burst", scan_id, *sorted(map(repr, rows)))
            out.append({"tenant": self.tenant, "channel": name, "kind": "burst", "event": "burst",
                        "severity": max(r["severity"] for r in rows.values()), "thread_key": None,
                        "payload": payload, "created_at": self.now, "route": None, "status": outbox.PENDING,
                        "key": key})
            log.info("tenant %s channel %s: %d messages from one scan folded into one summary",
                     self.tenant, name, len(rows))
        return out


def route_transitions(conn: Connection, settings: Settings, transitions: list[Transition],
                      now: datetime | None = None) -> int:
    """Write the outbox rows for a scan's transitions on ``conn``.  Returns rows added."""
    if not settings.notifications.enabled or not transitions:
        return 0
    now = now or utcnow()
    pending = _Pending(settings, now)
    scan_id = transitions[0].scan_id
    for t in transitions:
        doc = t.finding.to_dict()
        doc["message"] = t.finding.message  # so each recipient reads the detail in their language
        payload = {"tenant": pending.tenant, "event": t.kind, "scan_id": t.scan_id, "at": t.at.isoformat(),
                   "previous_severity": t.previous_severity.label if t.previous_severity is not None else None,
                   "finding": doc}
        pending.add("transition", t.kind, t.finding.severity, doc, payload,
                    (t.kind, t.fingerprint, t.scan_id, t.at.isoformat()), t.fingerprint)
    return outbox.enqueue(conn, pending.rows(scan_id))


def transition_hook(settings: Settings) -> Callable[[Connection, list[Transition]], None]:
    """The ``on_transitions`` hook for :meth:`agent.store.Store.record_scan` / ``run_scan``."""

    def hook(conn: Connection, transitions: list[Transition]) -> None:
        route_transitions(conn, settings, transitions)

    return hook


def enqueue_event(target: Connection | Store, settings: Settings, kind: str, payload: dict[str, Any],
                  key: str | None = None, now: datetime | None = None) -> int:
    """Queue a notification about something other than a scan transition.

    ``kind``: remediation_applied | remediation_failed | service_suspended | service_resumed.
    ``payload``: JSON-able facts; ``finding`` (a Finding or its ``to_dict()``) lets routes match on
    provider/account/check/tags, ``severity`` overrides the kind's default, ``title``/``message``
    give the text.  Pass a Connection to write inside your own transaction (the outbox row then
    commits with your change or not at all), or the Store.  ``key`` (or, by default, the payload
    itself) makes the call idempotent.  Returns the number of outbox rows added.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown notification event {kind!r} (known: {', '.join(EVENT_KINDS)})")
    if not settings.notifications.enabled:
        return 0
    now = now or utcnow()
    payload = dict(payload)
    finding = payload.get("finding")
    if isinstance(finding, Finding):
        payload["finding"] = finding.to_dict()
    doc = payload.get("finding") or payload.get("compliance")  # what routes match on
    severity = Severity.parse(payload.get("severity") or (doc or {}).get("severity") or EVENT_SEVERITY[kind])
    identity = key or json.dumps(payload, sort_keys=True, default=str)
    payload = json.loads(identity) if not key else json.loads(json.dumps(payload, default=str))  # JSON-safe
    payload.update(tenant=settings.tenant.id, event=kind, severity=severity.label, at=payload.get("at") or now.isoformat())
    pending = _Pending(settings, now)
    thread_key = doc.get("fingerprint") if doc else None
    pending.add("event", kind, severity, doc, payload, (kind, identity), thread_key)
    rows = pending.rows(None)
    if isinstance(target, Connection):
        return outbox.enqueue(target, rows)
    return outbox.Outbox(target.engine).enqueue(rows)
