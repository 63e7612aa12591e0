"""The realtime re-assessment log: the only writer of ``realtime_assessments``.

What ``ucs status``, the metrics and the report say about event-driven re-assessment comes from
here: how many changes were answered, how fast (event time → recorded result, p50 / p95), how
many re-collections coalescing saved, and what was left to the next scan (Art. 12: counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, select

from agent.core.model import utcnow
from agent.store.tables import realtime_assessments as t

ASSESSED = "assessed"
DELETED = "deleted"
FAILED = "failed"
DEFERRED = "deferred"
OUTCOMES = (ASSESSED, DELETED, FAILED, DEFERRED)


@dataclass(slots=True)
class AssessmentRecord:
    provider: str
    account: str
    resource_type: str
    resource_key: str
    outcome: str
    events: int
    first_event_at: datetime | None
    resources: int = 0
    api_calls: int = 0
    transitions: int = 0
    error: str | None = None


@dataclass(slots=True)
class RealtimeSummary:
    """Event-driven re-assessment over a period."""

    events: int = 0
    recollections: int = 0  # assessed + deleted + failed (a deferred change costs no call)
    by_outcome: dict[str, int] = field(default_factory=dict)
    latency_p50: float | None = None
    latency_p95: float | None = None
    api_calls: int = 0
    deferred_events: int = 0

    @property
    def saved_by_coalescing(self) -> int:
        """Change events answered without a re-collection of their own."""
        return max(0, self.events - self.deferred_events - self.recollections)

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "recollections": self.recollections, "by_outcome": dict(self.by_outcome),
                "latency_p50_seconds": self.latency_p50, "latency_p95_seconds": self.latency_p95,
                "saved_by_coalescing": self.saved_by_coalescing, "api_calls": self.api_calls,
                "deferred_events": self.deferred_events}


def percentile(values: list[float], q: float) -> float | None:
    """The nearest-rank percentile (q in 0..100) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n * q / 100)
    return ordered[int(rank) - 1]


class RealtimeLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, tenant: str, records: list[AssessmentRecord], now: datetime | None = None) -> None:
        if not records:
            return
        now = now or utcnow()
        rows = []
        for r in records:
            latency = (now - r.first_event_at).total_seconds() if r.first_event_at and r.outcome != DEFERRED else None
            rows.append({"tenant": tenant, "recorded_at": now, "provider": r.provider, "account": r.account,
                         "resource_type": r.resource_type, "resource_key": r.resource_key[:1024], "outcome": r.outcome,
                         "events": r.events, "first_event_at": r.first_event_at,
                         "latency_seconds": None if latency is None else max(0.0, latency), "resources": r.resources,
                         "api_calls": r.api_calls, "transitions": r.transitions,
                         "error": (r.error or None) and r.error[:2000]})
        with self.engine.begin() as conn:
            conn.execute(t.insert(), rows)

    def summary(self, tenant: str, since: datetime | None = None, now: datetime | None = None) -> RealtimeSummary:
        """The period from ``since`` (default: the last 24 hours) to now."""
        since = since or (now or utcnow()) - timedelta(days=1)
        out = RealtimeSummary()
        latencies: list[float] = []
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.outcome, t.c.events, t.c.latency_seconds, t.c.api_calls).where(
                t.c.tenant == tenant, t.c.recorded_at >= since))
            for r in rows:
                out.events += r.events
                out.by_outcome[r.outcome] = out.by_outcome.get(r.outcome, 0) + 1
                out.api_calls += r.api_calls
                if r.outcome == DEFERRED:
                    out.deferred_events += r.events
                else:
                    out.recollections += 1
                if r.latency_seconds is not None and r.outcome in (ASSESSED, DELETED):
                    latencies.append(float(r.latency_seconds))
        out.latency_p50 = percentile(latencies, 50)
        out.latency_p95 = percentile(latencies, 95)
        return out

    def count_today(self, tenant: str, account: str, since: datetime) -> int:
        """Re-collections made for ``account`` since ``since`` (the daily cap survives restarts)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t).where(
                t.c.tenant == tenant, t.c.account == account, t.c.recorded_at >= since,
                t.c.outcome != DEFERRED)).scalar_one())

    def purge(self, tenant: str, older_than: datetime) -> int:
        with self.engine.begin() as conn:
            return int(conn.execute(delete(t).where(t.c.tenant == tenant, t.c.recorded_at < older_than)).rowcount)
