"""Scan rows: begun, finished, refused, interrupted; read back for status, reports and compliance.

A scan row's ``status``::

    running ─► completed | partial (results recorded; partial = some coverage failed)
       ├────► failed | interrupted (nothing recorded: the results transaction never began or rolled back)
       ├────► interrupted by a daemon restart (left ``running`` by a process that died)
       └────► interrupted as stale (left ``running`` by a process that is gone: see below)
    refused   (never ran: Art. 3 licence, Art. 11 suspension; ``error`` says why)

A scan row records the process that runs it (``scope["process"]``: pid, host, and the process's
start time where the system tells it, so a reused pid is not taken for the scan's).  Every
command that opens a tenant's store calls :meth:`ScanOperations.reconcile_stale_scans`: a
``running`` row of this host whose process is gone, or (when the process cannot be checked: another
host, an older row without it) one older than twice the scan deadline, ends as ``interrupted``.
Daemon scans of another host are left to their daemon, which holds the tenant lock.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from agent.core.model import Coverage, Finding, utcnow
from agent.core.tally import Tally
from agent.store.connect import inserted_id
from agent.store.tables import findings, scans

DONE = ("completed", "partial")


def _proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None (no /proc, no process)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw.rsplit(")", 1)[-1].split()


def process_identity() -> dict[str, Any]:
    """Who runs a scan: pid, host and (on Linux) the process's start time in clock ticks."""
    stat = _proc_stat(os.getpid())
    return {"pid": os.getpid(), "host": socket.gethostname(), "start": stat[19] if stat else None}


def process_alive(pid: int, start: str | None) -> bool:
    """Whether process ``pid`` of this host still runs and is the one that started at ``start``."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    stat = _proc_stat(pid)
    if stat is None:
        return True  # no /proc: the signal said it exists
    if stat[0] == "Z":
        return False  # killed, not yet reaped by its parent
    return start is None or stat[19] == start


def stale_reason(trigger: str, started_at: datetime, scope: Mapping[str, Any], *, host: str, now: datetime,
                 max_age: timedelta, alive: Callable[[int, str | None], bool] = process_alive) -> str | None:
    """Why a ``running`` scan row is stale, or None when it may still be running."""
    proc = scope.get("process") if isinstance(scope, Mapping) else None
    if isinstance(proc, Mapping) and proc.get("host") == host and isinstance(proc.get("pid"), int):
        if alive(proc["pid"], proc.get("start")):
            return None
        return f"left running by process {proc['pid']} on {host}, which is gone"
    if trigger == "daemon":
        return None  # another host's daemon holds the tenant lock and reconciles its own scans
    started = started_at if started_at.tzinfo else started_at.replace(tzinfo=UTC)
    if now - started <= max_age:
        return None
    where = f"on {proc.get('host')}" if isinstance(proc, Mapping) and proc.get("host") else "by an unknown process"
    return f"left running {where} for more than {int(max_age.total_seconds())} s (twice the scan deadline)"


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
    return Tally.of(results).summary()


def finish_recorded(conn: Connection, scan_id: int, summary: dict[str, Any], coverage: Coverage) -> None:
    """The scan row of a scan whose results were recorded on ``conn`` (same transaction);
    ``summary`` is :meth:`agent.core.tally.Tally.summary`."""
    conn.execute(scans.update().where(scans.c.id == scan_id).values(
        status="partial" if coverage.failures else "completed", finished_at=utcnow(),
        coverage=coverage.to_list(), summary=summary))


class ScanOperations:
    """The Store's operations on ``scans``."""

    engine: Engine

    def begin_scan(self, tenant: str, trigger: str = "cli", scope: dict[str, Any] | None = None) -> int:
        """A ``running`` row for a new scan, naming the process that runs it (``scope["process"]``)."""
        with self.engine.begin() as conn:
            res = conn.execute(scans.insert().values(
                tenant=tenant, started_at=utcnow(), status="running", trigger=trigger,
                scope={**(scope or {}), "process": process_identity()}, coverage=[], summary={}))
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

    def reconcile_stale_scans(self, tenant: str, max_age: timedelta, now: datetime | None = None) -> dict[int, str]:
        """``running`` rows left by a process that is gone end as ``interrupted`` (see the module
        docstring); returns {scan id: why}.  ``max_age``: twice the tenant's scan deadline."""
        now = now or utcnow()
        host = socket.gethostname()
        with self.engine.begin() as conn:
            rows = conn.execute(select(scans.c.id, scans.c.trigger, scans.c.started_at, scans.c.scope).where(
                scans.c.tenant == tenant, scans.c.status == "running")).all()
            stale = {r.id: why for r in rows
                     if (why := stale_reason(r.trigger, r.started_at, r.scope or {}, host=host, now=now,
                                             max_age=max_age)) is not None}
            for scan_id, why in stale.items():
                conn.execute(update(scans).where(scans.c.id == scan_id, scans.c.status == "running").values(
                    status="interrupted", finished_at=now, error=why))
        return stale

    def scans(self, tenant: str, limit: int = 20) -> list[ScanRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(scans).where(scans.c.tenant == tenant)
                                .order_by(scans.c.id.desc()).limit(limit)).mappings().all()
        return [ScanRecord(**dict(r)) for r in rows]

    def tenants(self) -> list[str]:
        """The tenant ids that have a scan or a finding in this store (a read-only command checks
        its tenant; products' findings arrive without a scan)."""
        with self.engine.connect() as conn:
            return sorted(set(conn.execute(select(scans.c.tenant).distinct()).scalars())
                          | set(conn.execute(select(findings.c.tenant).distinct()).scalars()))

    def last_scan(self, tenant: str, status: Sequence[str] = DONE) -> ScanRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(scans).where(scans.c.tenant == tenant, scans.c.status.in_(status))
                               .order_by(scans.c.id.desc()).limit(1)).mappings().first()
        return ScanRecord(**dict(row)) if row else None
