"""The store: scans, findings with their lifecycle, history and resource snapshots.

SQLite file by default, PostgreSQL by URL (``postgresql+psycopg://…``).  The schema is created
and upgraded by Alembic on open.  ``record_scan`` applies a scan's results in one transaction and
returns the lifecycle transitions; a hook passed in runs inside that same transaction, so an
outbox row is written with the transition that caused it or not at all.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, and_, bindparam, create_engine, event, func, select
from sqlalchemy.exc import SQLAlchemyError

from agent.core.errors import StoreError
from agent.core.model import (
    ACTIVE_STATES,
    Coverage,
    CoverageIndex,
    Finding,
    Resource,
    Severity,
    State,
    Status,
    utcnow,
)
from agent.store import lifecycle
from agent.store.lifecycle import Transition
from agent.store.schema import finding_history, findings, resources, scans

TransitionHook = Callable[[Connection, list[Transition]], None]

_migrate_lock = threading.Lock()


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


def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def resource_key(r: Resource) -> str:
    raw = "\x1f".join((r.provider, r.account, r.region, r.type, r.id))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def data_digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]


class Store:
    def __init__(self, url: str, migrate: bool = True) -> None:
        self.url = url
        try:
            self.engine = make_engine(url)
            if migrate:
                self.migrate()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {self.safe_url}: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}") from None

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True) if hasattr(self, "engine") else "<store>"

    def migrate(self) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", "agent.store:migrations")
        with _migrate_lock, self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ scans
    def begin_scan(self, tenant: str, trigger: str = "cli", scope: dict[str, Any] | None = None) -> int:
        with self.engine.begin() as conn:
            res = conn.execute(scans.insert().values(
                tenant=tenant, started_at=utcnow(), status="running", trigger=trigger,
                scope=scope or {}, coverage=[], summary={}))
            return int(res.inserted_primary_key[0])

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
            return int(res.inserted_primary_key[0])

    def scans(self, tenant: str, limit: int = 20) -> list[ScanRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(scans).where(scans.c.tenant == tenant)
                                .order_by(scans.c.id.desc()).limit(limit)).mappings().all()
        return [ScanRecord(**dict(r)) for r in rows]

    def last_scan(self, tenant: str, status: Sequence[str] = ("completed", "partial")) -> ScanRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(scans).where(scans.c.tenant == tenant, scans.c.status.in_(status))
                               .order_by(scans.c.id.desc()).limit(1)).mappings().first()
        return ScanRecord(**dict(row)) if row else None

    # -------------------------------------------------------------- findings
    def record_scan(
        self,
        scan_id: int,
        tenant: str,
        results: Iterable[Finding],
        coverage: Coverage,
        evaluated_checks: Iterable[str],
        inventory: Iterable[Resource] = (),
        on_transitions: TransitionHook | None = None,
        now: datetime | None = None,
    ) -> list[Transition]:
        """Apply one scan's results: lifecycle, history, resource snapshots, scan row; one transaction."""
        now = now or utcnow()
        evaluated = set(evaluated_checks)
        index = CoverageIndex(coverage.entries)
        results = list(results)
        transitions: list[Transition] = []
        with self.engine.begin() as conn:
            prev = {
                r.fingerprint: r
                for r in conn.execute(select(
                    findings.c.fingerprint, findings.c.state, findings.c.severity, findings.c.check_id,
                    findings.c.provider, findings.c.account, findings.c.region, findings.c.resource_type,
                    findings.c.first_seen, findings.c.status,
                ).where(findings.c.tenant == tenant))
            }
            inserts: list[dict[str, Any]] = []
            updates: list[dict[str, Any]] = []
            history: list[dict[str, Any]] = []
            seen: set[str] = set()
            for f in results:
                if f.fingerprint in seen:
                    continue
                seen.add(f.fingerprint)
                p = prev.get(f.fingerprint)
                prev_state = State(p.state) if p else None
                prev_sev = Severity(p.severity) if p else None
                state = lifecycle.next_state(prev_state, f.status)
                f.state = state
                f.first_seen = p.first_seen if p else now
                f.last_seen = now
                row = self._finding_row(tenant, f, scan_id, now)
                if p is None:
                    row["state_changed_at"] = now
                    inserts.append(row)
                else:
                    if state is not prev_state:
                        row["state_changed_at"] = now
                    updates.append(row)
                kind = lifecycle.transition_kind(prev_state, state, prev_sev, f.severity)
                if state is not prev_state or kind:
                    history.append(self._history_row(tenant, f.fingerprint, scan_id, now, prev_state, state, f.status, f.severity, kind))
                if kind:
                    transitions.append(Transition(kind, f.fingerprint, prev_state, state, f, scan_id, now, prev_sev))
            # Findings this scan did not report: resolved only where it assessed them (invariant 1).
            gone = [
                p for fp, p in prev.items()
                if fp not in seen
                and State(p.state) in ACTIVE_STATES | {State.MUTED}
                and p.check_id in evaluated
                and index.includes(p.provider, p.account, p.region, p.resource_type)
            ]
            if gone:
                conn.execute(findings.update().where(and_(
                    findings.c.tenant == bindparam("b_tenant"), findings.c.fingerprint == bindparam("b_fp"),
                )).values(state=State.RESOLVED.value, status=Status.PASS.value, state_changed_at=now,
                          resolved_at=now, last_scan_id=scan_id,
                          detail="resource or condition no longer present"),
                    [{"b_tenant": tenant, "b_fp": p.fingerprint} for p in gone])
                for f in self._load(conn, tenant, [p.fingerprint for p in gone]):
                    history.append(self._history_row(tenant, f.fingerprint, scan_id, now, State(prev[f.fingerprint].state),
                                                     State.RESOLVED, Status.PASS, f.severity, lifecycle.RESOLVED))
                    transitions.append(Transition(lifecycle.RESOLVED, f.fingerprint, State(prev[f.fingerprint].state),
                                                  State.RESOLVED, f, scan_id, now))
            if inserts:
                conn.execute(findings.insert(), inserts)
            if updates:
                stmt = findings.update().where(and_(
                    findings.c.tenant == bindparam("b_tenant"), findings.c.fingerprint == bindparam("b_fp")))
                for u in updates:
                    u["b_tenant"] = u.pop("tenant")
                    u["b_fp"] = u.pop("fingerprint")
                    u.pop("first_seen", None)
                # Rows whose state did not change keep their state_changed_at.
                changed = [u for u in updates if "state_changed_at" in u]
                same = [u for u in updates if "state_changed_at" not in u]
                if changed:
                    conn.execute(stmt, changed)
                if same:
                    conn.execute(stmt, same)
            if history:
                conn.execute(finding_history.insert(), history)
            self._snapshot_resources(conn, tenant, scan_id, inventory, now)
            summary = summarise(results)
            status = "partial" if coverage.failures else "completed"
            conn.execute(scans.update().where(scans.c.id == scan_id).values(
                status=status, finished_at=utcnow(), coverage=coverage.to_list(), summary=summary))
            if on_transitions and transitions:
                on_transitions(conn, transitions)
        return transitions

    @staticmethod
    def _finding_row(tenant: str, f: Finding, scan_id: int, now: datetime) -> dict[str, Any]:
        r = f.resource
        row = {
            "tenant": tenant, "fingerprint": f.fingerprint, "check_id": f.check_id, "kind": f.kind,
            "provider": r.provider, "account": r.account, "region": r.region, "resource_type": r.type,
            "resource_id": r.id, "resource_name": r.name, "resource_tags": dict(r.tags),
            "severity": int(f.severity), "status": f.status.value, "state": f.state.value if f.state else State.OPEN.value,
            "detail": f.detail, "message": f.message or None, "evidence": f.evidence, "first_seen": f.first_seen or now, "last_seen": now,
            "mute_reason": f.mute_reason, "mute_expires": f.mute_expires.isoformat() if f.mute_expires else None,
            "last_scan_id": scan_id, "resolved_at": now if f.state is State.RESOLVED else None,
        }
        return row

    @staticmethod
    def _history_row(tenant: str, fp: str, scan_id: int | None, now: datetime, prev: State | None, state: State,
                     status: Status, severity: Severity, reason: str | None) -> dict[str, Any]:
        return {"tenant": tenant, "fingerprint": fp, "scan_id": scan_id, "at": now,
                "from_state": prev.value if prev else None, "to_state": state.value,
                "status": status.value, "severity": int(severity), "reason": reason}

    def _snapshot_resources(self, conn: Connection, tenant: str, scan_id: int, inventory: Iterable[Resource], now: datetime) -> None:
        rows = []
        for r in inventory:
            rows.append({"tenant": tenant, "key": resource_key(r), "provider": r.provider, "account": r.account,
                         "region": r.region, "type": r.type, "id": r.id, "name": r.name, "tags": dict(r.tags),
                         "data": r.data, "digest": data_digest(r.data), "last_scan_id": scan_id, "last_seen": now})
        if not rows:
            return
        keys = [r["key"] for r in rows]
        existing: set[str] = set()
        for i in range(0, len(keys), 500):
            existing.update(conn.execute(select(resources.c.key).where(
                resources.c.tenant == tenant, resources.c.key.in_(keys[i:i + 500]))).scalars())
        new = [r for r in rows if r["key"] not in existing]
        old = [r for r in rows if r["key"] in existing]
        if new:
            conn.execute(resources.insert(), new)
        if old:
            for r in old:
                r["b_tenant"] = r.pop("tenant")
                r["b_key"] = r.pop("key")
            conn.execute(resources.update().where(and_(
                resources.c.tenant == bindparam("b_tenant"), resources.c.key == bindparam("b_key"))), old)

    def _load(self, conn: Connection, tenant: str, fps: list[str]) -> list[Finding]:
        out: list[Finding] = []
        for i in range(0, len(fps), 500):
            rows = conn.execute(select(findings).where(findings.c.tenant == tenant,
                                                       findings.c.fingerprint.in_(fps[i:i + 500]))).mappings()
            out.extend(row_to_finding(r) for r in rows)
        return out

    def findings(
        self,
        tenant: str,
        states: Iterable[str] | None = None,
        min_severity: Severity | None = None,
        check: str | None = None,
        statuses: Iterable[str] | None = None,
        provider: str | None = None,
        limit: int | None = None,
    ) -> list[Finding]:
        q = select(findings).where(findings.c.tenant == tenant)
        if states:
            q = q.where(findings.c.state.in_(list(states)))
        if statuses:
            q = q.where(findings.c.status.in_(list(statuses)))
        if min_severity is not None:
            q = q.where(findings.c.severity >= int(min_severity))
        if check:
            q = q.where(findings.c.check_id.like(check.replace("*", "%")))
        if provider:
            q = q.where(findings.c.provider == provider)
        q = q.order_by(findings.c.severity.desc(), findings.c.check_id, findings.c.resource_id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [row_to_finding(r) for r in conn.execute(q).mappings()]

    def finding(self, tenant: str, fingerprint_prefix: str) -> Finding | None:
        with self.engine.connect() as conn:
            rows = conn.execute(select(findings).where(
                findings.c.tenant == tenant, findings.c.fingerprint.like(fingerprint_prefix + "%")).limit(2)).mappings().all()
        if len(rows) != 1:
            return None
        return row_to_finding(rows[0])

    def history(self, tenant: str, fingerprint: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(finding_history).where(
                finding_history.c.tenant == tenant, finding_history.c.fingerprint == fingerprint)
                .order_by(finding_history.c.id)).mappings().all()
        return [dict(r) for r in rows]

    def resource(self, tenant: str, resource: Resource) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(resources).where(
                resources.c.tenant == tenant, resources.c.key == resource_key(resource))).mappings().first()
        return dict(row) if row else None

    def resource_snapshots(self, tenant: str, types: Iterable[str] | None = None) -> list[Resource]:
        """The last stored snapshot of every resource (optionally of some types) of the tenant."""
        q = select(resources).where(resources.c.tenant == tenant)
        if types:
            q = q.where(resources.c.type.in_(list(types)))
        with self.engine.connect() as conn:
            return [Resource(provider=r["provider"], account=r["account"], region=r["region"], type=r["type"],
                             id=r["id"], name=r["name"], tags=dict(r["tags"] or {}), data=dict(r["data"] or {}))
                    for r in conn.execute(q).mappings()]

    def counts(self, tenant: str) -> dict[str, dict[str, int]]:
        """{state: {severity label: n}} over every stored finding of the tenant."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(findings.c.state, findings.c.severity, func.count())
                                .where(findings.c.tenant == tenant)
                                .group_by(findings.c.state, findings.c.severity)).all()
        out: dict[str, dict[str, int]] = {}
        for state, sev, n in rows:
            out.setdefault(state, {})[Severity(sev).label] = n
        return out


def row_to_finding(r: Any) -> Finding:
    res = Resource(provider=r["provider"], account=r["account"], region=r["region"], type=r["resource_type"],
                   id=r["resource_id"], name=r["resource_name"], tags=dict(r["resource_tags"] or {}))
    return Finding(
        check_id=r["check_id"], resource=res, status=Status(r["status"]), severity=Severity(r["severity"]),
        detail=r["detail"], evidence=r["evidence"] or {}, fingerprint=r["fingerprint"],
        first_seen=r["first_seen"], last_seen=r["last_seen"], state=State(r["state"]),
        mute_reason=r["mute_reason"], mute_expires=date.fromisoformat(r["mute_expires"]) if r["mute_expires"] else None,
        kind=r["kind"], message=r.get("message") or "",
    )


def summarise(results: Iterable[Finding]) -> dict[str, Any]:
    by_status: dict[str, int] = {}
    fail_by_sev: dict[str, int] = {}
    for f in results:
        by_status[f.status.value] = by_status.get(f.status.value, 0) + 1
        if f.status is Status.FAIL:
            fail_by_sev[f.severity.label] = fail_by_sev.get(f.severity.label, 0) + 1
    return {"by_status": by_status, "failed_by_severity": fail_by_sev}
