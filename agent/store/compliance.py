"""Compliance snapshots: the store's writes and reads of ``compliance_snapshots``.

A snapshot is the day's last evaluation of one framework (a report as JSON, without the passing
resource rows).  Taking one again the same day replaces that day's row.  The caller's hook runs
inside the same transaction with the snapshot it replaces or follows (the previous one), so a
notification about a status change commits with the snapshot that shows it, or not at all — and a
second snapshot of an unchanged day compares equal and notifies nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from agent.core.model import utcnow
from agent.store.tables.compliance import compliance_snapshots as snaps

# (connection, previous snapshot or None, the snapshot just written) — both as dicts of the row.
SnapshotHook = Callable[[Connection, dict[str, Any] | None, dict[str, Any]], None]


class ComplianceOperations:
    """Mixed into :class:`agent.store.Store`."""

    engine: Engine

    def record_compliance_snapshot(self, tenant: str, framework: str, day: date, report: dict[str, Any],
                                   on_written: SnapshotHook | None = None, now: datetime | None = None) -> dict[str, Any]:
        """Write (or replace) the snapshot of ``framework`` for ``day``; returns the row written."""
        row = {"tenant": tenant, "framework": framework, "day": day.isoformat(), "taken_at": now or utcnow(),
               "scan_id": report.get("scan_id"), "score": report.get("score"), "totals": report.get("totals", {}),
               "statuses": {c["id"]: c["status"] for c in report.get("controls", [])}, "report": report}
        with self.engine.begin() as conn:
            previous = conn.execute(select(snaps).where(snaps.c.tenant == tenant, snaps.c.framework == framework,
                                                        snaps.c.day <= row["day"])
                                    .order_by(snaps.c.day.desc()).limit(1)).mappings().first()
            prev = dict(previous) if previous else None
            if prev is not None and prev["day"] == row["day"]:
                conn.execute(snaps.update().where(snaps.c.id == prev["id"]).values(**row))
            else:
                conn.execute(snaps.insert().values(**row))
            if on_written:
                on_written(conn, prev, row)
        return row

    def compliance_snapshot(self, tenant: str, framework: str, as_of: date) -> dict[str, Any] | None:
        """The snapshot of ``as_of``, or the last one before it."""
        with self.engine.connect() as conn:
            r = conn.execute(select(snaps).where(snaps.c.tenant == tenant, snaps.c.framework == framework,
                                                 snaps.c.day <= as_of.isoformat())
                             .order_by(snaps.c.day.desc()).limit(1)).mappings().first()
        return dict(r) if r else None

    def compliance_trend(self, tenant: str, framework: str, since: date) -> list[dict[str, Any]]:
        """Day, score and totals of every snapshot from ``since`` on, oldest first (no report body)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(snaps.c.day, snaps.c.score, snaps.c.totals, snaps.c.scan_id, snaps.c.taken_at)
                                .where(snaps.c.tenant == tenant, snaps.c.framework == framework,
                                       snaps.c.day >= since.isoformat()).order_by(snaps.c.day)).mappings().all()
        return [dict(r) for r in rows]
