"""Scan rows: begun, finished, refused, interrupted; read back for status, reports and compliance.

A scan row's ``status``::

    running ─► completed | partial (results recorded; partial = some coverage failed)
       ├────► failed | interrupted (nothing recorded: the results transaction never began or rolled back)
       └────► interrupted by a daemon restart (left ``running`` by a process that died)
    refused   (never ran: Art. 3 licence, Art. 11 suspension; ``error`` says why)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from agent.core.model import Coverage, Finding, Status, utcnow
from agent.store.connect import inserted_id
from agent.store.tables import scans

DONE = ("completed", "partial")


@dataclass(slots=True)
class ScanRecord:
    id: int
    tenant: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    trigger: str
    scope: dict[str, Any]
    coverage: list[dict[str, Any]]
    summary: dict[str, Any]
    error: str | None


def summarise(results: Iterable[Finding]) -> dict[str, Any]:
    by_status: dict[str, int] = {}
    fail_by_sev: dict[str, int] = {}
    for f in results:
        by_status[f.status.value] = by_status.get(f.status.value, 0) + 1
        if f.status is Status.FAIL:
            fail_by_sev[f.severity.label] = fail_by_sev.get(f.severity.label, 0) + 1
    return {"by_status": by_status, "failed_by_severity": fail_by_sev}


def finish_recorded(conn: Connection, scan_id: int, results: Sequence[Finding], coverage: Coverage) -> None:
    """The scan row of a scan whose results were recorded on ``conn`` (same transaction)."""
    conn.execute(scans.update().where(scans.c.id == scan_id).values(
        status="partial" if coverage.failures else "completed", finished_at=utcnow(),
        coverage=coverage.to_list(), summary=summarise(results)))


class ScanOperations:
    """The Store's operations on ``scans``."""

    engine: Engine

    def begin_scan(self, tenant: str, trigger: str = "cli", scope: dict[str, Any] | None = None) -> int:
        with self.engine.begin() as conn:
            res = conn.execute(scans.insert().values(
                tenant=tenant, started_at=utcnow(), status="running", trigger=trigger,
                scope=scope or {}, coverage=[], summary={}))
            return inserted_id(res)

    def end_scan(self, scan_id: int, status: str, error: str | None = None, summary: dict[str, Any] | None = None) -> None:
        values: dict[str, Any] = {"status": status, "finished_at": utcnow(), "error": error}
        if summary is not None:
            values["summary"] = summary
        with self.engine.begin() as conn:
            conn.execute(scans.update().where(scans.c.id == scan_id).values(**values))

    def refuse_scan(self, tenant: str, reason: str, trigger: str = "cli") -> int:
        """Record a scan that was refused (Art. 3 licence, Art. 11 suspension) with its reason."""
        with self.engine.begin() as conn:
            now = utcnow()
            res = conn.execute(scans.insert().values(
                tenant=tenant, started_at=now, finished_at=now, status="refused", trigger=trigger,
                scope={}, coverage=[], summary={}, error=reason))
            return inserted_id(res)

    def interrupt_running_scans(self, tenant: str, trigger: str, why: str) -> list[int]:
        """Scans of ``trigger`` still marked running end as interrupted (the caller holds the
        tenant lock, so none of them really runs); returns their ids."""
        with self.engine.begin() as conn:
            ids = list(conn.execute(select(scans.c.id).where(
                scans.c.tenant == tenant, scans.c.status == "running", scans.c.trigger == trigger)).scalars())
            if ids:
                conn.execute(update(scans).where(scans.c.id.in_(ids)).values(
                    status="interrupted", finished_at=utcnow(), error=why))
        return ids

    def scans(self, tenant: str, limit: int = 20) -> list[ScanRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(scans).where(scans.c.tenant == tenant)
                                .order_by(scans.c.id.desc()).limit(limit)).mappings().all()
        return [ScanRecord(**dict(r)) for r in rows]

    def last_scan(self, tenant: str, status: Sequence[str] = DONE) -> ScanRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(scans).where(scans.c.tenant == tenant, scans.c.status.in_(status))
                               .order_by(scans.c.id.desc()).limit(1)).mappings().first()
        return ScanRecord(**dict(row)) if row else None
