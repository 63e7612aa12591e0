"""The store's operations on the daemon tables (:mod:`agent.store.tables.daemon` and
:mod:`agent.store.tables.intake`): Art. 11 suspensions and meter, Art. 12 dropped counts, intake
positions and per-day intake counts.

:meth:`DaemonState.record_take` is how the intake commits what one take of records came to: the
per-day counts, the malformed counts by reason, the Art. 12 drops and the source's new position,
in one transaction, so a crash loses either all of a take's accounting or none of it (and the
sender is answered, or the position moved, only after it is stored)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, select, update

from agent.core.model import utcnow
from agent.store.connect import inserted_id, upsert
from agent.store.tables import (
    event_counts,
    intake_files,
    intake_malformed,
    intake_positions,
    suspension_drops,
    suspensions,
    throttle_meter,
)


@dataclass(slots=True)
class Suspension:
    id: int
    tenant: str
    started_at: datetime
    planned_end: datetime
    ended_at: datetime | None
    ended_by: str | None
    end_reason: str | None
    reason: str
    rates: dict[str, Any]
    notified: bool
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.ended_at is None

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())


@dataclass(frozen=True, slots=True)
class SourcePosition:
    """A source's position as one document (S3 folders' last keys, LookupEvents' newest time)."""

    key: str
    value: str


@dataclass(frozen=True, slots=True)
class FilePosition:
    """How far one file of a files source has been read."""

    key: str  # the files source ("files:<configured path>")
    path: str
    offset: int
    mtime_ns: int


Position = SourcePosition | FilePosition


@dataclass(slots=True)
class MeterState:
    minute: int
    events: int
    findings: int
    over_streak: int
    recent: list[list[int]]


class DaemonState:
    """Queries over the daemon tables of one store (shared by every tenant in it)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------ suspensions
    def open_suspension(self, tenant: str, started: datetime, planned_end: datetime, reason: str,
                        rates: dict[str, Any]) -> Suspension:
        with self.engine.begin() as conn:
            res = conn.execute(suspensions.insert().values(
                tenant=tenant, started_at=started, planned_end=planned_end, reason=reason, rates=rates,
                notified=False))
            sid = inserted_id(res)
        return Suspension(sid, tenant, started, planned_end, None, None, None, reason, rates, False)

    def active_suspension(self, tenant: str) -> Suspension | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(suspensions).where(
                suspensions.c.tenant == tenant, suspensions.c.ended_at.is_(None))
                .order_by(suspensions.c.id.desc()).limit(1)).mappings().first()
            return self._suspension(conn, row) if row else None

    def end_suspension(self, suspension_id: int, at: datetime, by: str, reason: str) -> bool:
        """Close a suspension; False when it was already closed (a second resume changes nothing)."""
        with self.engine.begin() as conn:
            res = conn.execute(update(suspensions).where(
                suspensions.c.id == suspension_id, suspensions.c.ended_at.is_(None))
                .values(ended_at=at, ended_by=by, end_reason=reason))
            return bool(res.rowcount)

    def mark_notified(self, suspension_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(suspensions).where(suspensions.c.id == suspension_id).values(notified=True))

    def suspensions(self, tenant: str, limit: int = 50) -> list[Suspension]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(suspensions).where(suspensions.c.tenant == tenant)
                                .order_by(suspensions.c.id.desc()).limit(limit)).mappings().all()
            return [self._suspension(conn, r) for r in rows]

    def add_drops(self, tenant: str, suspension_id: int, by_source: dict[str, int]) -> None:
        with self.engine.begin() as conn:
            for source, n in by_source.items():
                _add_drops(conn, tenant, suspension_id, source, n)

    @staticmethod
    def _suspension(conn: Connection, row: Any) -> Suspension:
        drops = dict(conn.execute(select(suspension_drops.c.source, suspension_drops.c.dropped)
                                  .where(suspension_drops.c.suspension_id == row["id"])).all())
        return Suspension(row["id"], row["tenant"], row["started_at"], row["planned_end"], row["ended_at"],
                          row["ended_by"], row["end_reason"], row["reason"], dict(row["rates"] or {}),
                          bool(row["notified"]), {k: int(v) for k, v in drops.items()})

    # ------------------------------------------------------------------ meter
    def load_meter(self, tenant: str) -> MeterState | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(throttle_meter).where(throttle_meter.c.tenant == tenant)).mappings().first()
        if not row:
            return None
        return MeterState(int(row["minute"]), int(row["events"]), int(row["findings"]), int(row["over_streak"]),
                          [list(map(int, r)) for r in row["recent"] or []])

    def save_meter(self, tenant: str, m: MeterState) -> None:
        values = {"minute": m.minute, "events": m.events, "findings": m.findings, "over_streak": m.over_streak,
                  "recent": m.recent, "updated_at": utcnow()}
        with self.engine.begin() as conn:
            conn.execute(upsert(conn, throttle_meter).values(tenant=tenant, **values)
                         .on_conflict_do_update(index_elements=["tenant"], set_=values))

    # --------------------------------------------------------- intake sources
    def position(self, tenant: str, source: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(intake_positions.c.position).where(
                intake_positions.c.tenant == tenant, intake_positions.c.source == source)).scalar()

    def set_position(self, tenant: str, source: str, position: str) -> None:
        with self.engine.begin() as conn:
            _set_position(conn, tenant, SourcePosition(source, position))

    def file_positions(self, tenant: str, key: str) -> dict[str, tuple[int, int]]:
        """{file path: (bytes consumed, mtime_ns then)} of a files source."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(intake_files.c.path, intake_files.c.offset, intake_files.c.mtime_ns).where(
                intake_files.c.tenant == tenant, intake_files.c.source == key))
            return {path: (int(off), int(mt)) for path, off, mt in rows}

    def add_counts(self, tenant: str, day: str, counts: dict[str, tuple[int, int, int, str | None]]) -> None:
        """Add (accepted, malformed, dropped, last error) per source to the day's totals."""
        with self.engine.begin() as conn:
            for source, (acc, bad, drop, err) in counts.items():
                _add_counts(conn, tenant, day, source, acc, bad, drop, err)

    def record_take(self, tenant: str, day: str, source: str, accepted: int, malformed: dict[str, int],
                    drops: dict[int, int], last_error: str | None, position: Position | None = None) -> None:
        """One take of records from ``source``, in one transaction: ``accepted``, ``malformed``
        ({reason: records}) and ``drops`` ({suspension id: records dropped under it}, Art. 12) added
        to the day's counts, and the source's new ``position``."""
        dropped = sum(drops.values())
        with self.engine.begin() as conn:
            if accepted or malformed or dropped or last_error:
                _add_counts(conn, tenant, day, source, accepted, sum(malformed.values()), dropped, last_error)
            for reason, n in malformed.items():
                values = {"tenant": tenant, "source": source, "day": day, "reason": reason, "count": n}
                conn.execute(upsert(conn, intake_malformed).values(**values).on_conflict_do_update(
                    index_elements=["tenant", "source", "day", "reason"],
                    set_={"count": intake_malformed.c.count + n}))
            for suspension_id, n in drops.items():
                _add_drops(conn, tenant, suspension_id, source, n)
            if position is not None:
                _set_position(conn, tenant, position)

    def counts(self, tenant: str, since_day: str | None = None) -> list[dict[str, Any]]:
        """The per-day counts by source, each with ``malformed_by_reason`` ({reason: records})."""
        q = select(event_counts).where(event_counts.c.tenant == tenant)
        r = select(intake_malformed).where(intake_malformed.c.tenant == tenant)
        if since_day:
            q = q.where(event_counts.c.day >= since_day)
            r = r.where(intake_malformed.c.day >= since_day)
        with self.engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(q.order_by(event_counts.c.day, event_counts.c.source)).mappings()]
            reasons: dict[tuple[str, str], dict[str, int]] = {}
            for m in conn.execute(r.order_by(intake_malformed.c.reason)).mappings():
                reasons.setdefault((m["source"], m["day"]), {})[m["reason"]] = int(m["count"])
        for row in rows:
            row["malformed_by_reason"] = reasons.get((row["source"], row["day"]), {})
        return rows


def _add_counts(conn: Connection, tenant: str, day: str, source: str, acc: int, bad: int, drop: int,
                err: str | None) -> None:
    set_: dict[str, Any] = {"accepted": event_counts.c.accepted + acc, "malformed": event_counts.c.malformed + bad,
                            "dropped": event_counts.c.dropped + drop}
    if err:
        set_["last_error"] = err
    conn.execute(upsert(conn, event_counts).values(tenant=tenant, source=source, day=day, accepted=acc, malformed=bad,
                                                   dropped=drop, last_error=err)
                 .on_conflict_do_update(index_elements=["tenant", "source", "day"], set_=set_))


def _add_drops(conn: Connection, tenant: str, suspension_id: int, source: str, n: int) -> None:
    conn.execute(upsert(conn, suspension_drops).values(suspension_id=suspension_id, source=source, tenant=tenant,
                                                       dropped=n)
                 .on_conflict_do_update(index_elements=["suspension_id", "source"],
                                        set_={"dropped": suspension_drops.c.dropped + n}))


def _set_position(conn: Connection, tenant: str, position: Position) -> None:
    now = utcnow()
    if isinstance(position, FilePosition):
        values: dict[str, Any] = {"offset": position.offset, "mtime_ns": position.mtime_ns, "updated_at": now}
        conn.execute(upsert(conn, intake_files).values(tenant=tenant, source=position.key, path=position.path, **values)
                     .on_conflict_do_update(index_elements=["tenant", "source", "path"], set_=values))
        return
    values = {"position": position.value, "updated_at": now}
    conn.execute(upsert(conn, intake_positions).values(tenant=tenant, source=position.key, **values)
                 .on_conflict_do_update(index_elements=["tenant", "source"], set_=values))


def purge_counts(conn: Connection, tenant: str, older_than: datetime) -> int:
    """Delete the tenant's per-day intake counts of days before ``older_than`` (retention); the
    number of per-day count rows removed (their malformed-by-reason rows go with them)."""
    day = older_than.strftime("%Y-%m-%d")
    conn.execute(delete(intake_malformed).where(and_(intake_malformed.c.tenant == tenant,
                                                     intake_malformed.c.day < day)))
    return int(conn.execute(delete(event_counts).where(and_(
        event_counts.c.tenant == tenant, event_counts.c.day < day))).rowcount)


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=days)
