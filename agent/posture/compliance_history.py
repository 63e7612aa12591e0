"""Continuous compliance: the daily snapshot per framework, the trend, and the notifications a
snapshot causes.

:func:`take_snapshots` evaluates the tenant's frameworks on the last completed scan and stores one
snapshot per framework and day (the daemon's ``compliance`` job; ``ucs compliance snapshot``).  In
the same transaction it compares the snapshot with the one before it (:func:`changes`, pure) and
queues through the notifiers' outbox::

    compliance_control_changed   a control's status differs from the previous snapshot's
    compliance_score_dropped     the score fell by more than compliance.score_drop_points

Each change is one message: its outbox key names tenant, framework, control, previous and new
status and the snapshot's time, and a second snapshot of the same day compares with the first, so
an unchanged day notifies nothing.  Improvements are LOW, regressions MEDIUM (HIGH for a control
weighted high or critical), score drops HIGH: ``min_severity: medium`` keeps only regressions.  Routes select them with ``match: {frameworks: [fisc]}``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

import notifiers
from agent.core.model import Severity, utcnow
from agent.posture.compliance import ComplianceReport, reports_from_store
from agent.settings.tenant import Settings
from agent.store import Store

log = logging.getLogger(__name__)

CONTROL_CHANGED = "compliance_control_changed"
SCORE_DROPPED = "compliance_score_dropped"
# Worse statuses first: a change towards the front is a regression.
RANK = {"fail": 0, "error": 1, "not-assessed": 2, "pass": 3, "manual": 4}


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # CONTROL_CHANGED | SCORE_DROPPED
    framework: str
    control: str  # "" for a score drop
    before: str  # status, or score as text
    after: str
    severity: Severity


def changes(previous: dict[str, Any] | None, current: dict[str, Any], drop_points: float) -> list[Change]:
    """What notifications the snapshot ``current`` causes after ``previous`` (pure).  The first
    snapshot of a framework causes none: there is nothing it changed from."""
    if previous is None:
        return []
    fw = current["framework"]
    out = []
    before, after = previous.get("statuses") or {}, current.get("statuses") or {}
    weights = {c["id"]: c.get("weight", 0) for c in current.get("report", {}).get("controls", [])}
    for cid in sorted(set(before) & set(after)):
        if before[cid] != after[cid]:
            worse = RANK.get(after[cid], 9) < RANK.get(before[cid], 9)
            sev = (Severity.HIGH if weights.get(cid, 0) >= 7 else Severity.MEDIUM) if worse else Severity.LOW
            out.append(Change(CONTROL_CHANGED, fw, cid, before[cid], after[cid], sev))
    old, new = previous.get("score"), current.get("score")
    if old is not None and new is not None and old - new > drop_points:
        out.append(Change(SCORE_DROPPED, fw, "", f"{old:g}", f"{new:g}", Severity.HIGH))
    return out


def _payload(c: Change, day: str) -> dict[str, Any]:
    if c.kind == SCORE_DROPPED:
        title = {"en": f"{c.framework}: compliance score dropped from {c.before}% to {c.after}%",
                 "ja": f"{c.framework}: コンプライアンススコアが {c.before}% から {c.after}% に低下しました"}
    else:
        title = {"en": f"{c.framework} {c.control}: {c.before} → {c.after}",
                 "ja": f"{c.framework} {c.control}: {c.before} → {c.after}"}
    return {"title": title, "severity": c.severity.label, "day": day,
            "compliance": {"kind": "compliance", "framework": c.framework, "control": c.control,
                           "before": c.before, "after": c.after}}


def snapshot_hook(settings: Settings) -> Any:
    """The store hook: queue the snapshot's changes on the snapshot's own connection."""
    drop = settings.compliance.score_drop_points

    def hook(conn: Connection, previous: dict[str, Any] | None, current: dict[str, Any]) -> None:
        for c in changes(previous, current, drop):
            # the snapshot's time, not just its day: a control that flaps twice in a day is two transitions
            key = (f"{settings.tenant.id}|{c.kind}|{c.framework}|{c.control}|{c.before}|{c.after}|"
                   f"{current['taken_at'].isoformat()}")
            notifiers.enqueue_event(conn, settings, c.kind, _payload(c, current["day"]), key=key)

    return hook


def tenant_day(settings: Settings, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ZoneInfo(settings.tenant.timezone)).date()


def take_snapshots(store: Store, settings: Settings, now: datetime | None = None,
                   frameworks: list[str] | None = None) -> list[dict[str, Any]]:
    """Store today's snapshot of each of the tenant's frameworks (none without a completed scan)."""
    now = now or utcnow()
    day = tenant_day(settings, now)
    reports: list[ComplianceReport] = reports_from_store(store, settings.tenant.id,
                                                         frameworks or settings.compliance.selected())
    hook = snapshot_hook(settings)
    rows = [store.record_compliance_snapshot(settings.tenant.id, r.framework, day, r.to_dict(with_passes=False),
                                             on_written=hook, now=now) for r in reports]
    log.info("tenant %s: compliance snapshot of %d framework(s) for %s", settings.tenant.id, len(rows), day)
    return rows


def trend(store: Store, tenant: str, framework: str, days: int, today: date) -> list[dict[str, Any]]:
    """Day, score and counts of the last ``days`` days' snapshots, oldest first."""
    out = []
    for r in store.compliance_trend(tenant, framework, today - timedelta(days=days - 1)):
        totals = dict(r["totals"] or {})
        out.append({"day": r["day"], "score": r["score"], "scan_id": r["scan_id"], "totals": totals,
                    "not_assessed": totals.get("not-assessed", 0)})
    return out
