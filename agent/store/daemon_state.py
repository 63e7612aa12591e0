"""Daemon-room tables and their queries: Art. 11 suspensions and meter, Art. 12 dropped counts,
intake positions and per-day intake counts.

Created by the Alembic revision ``0004_daemon``.  The APScheduler job table (``apscheduler_jobs``)
is not here: APScheduler's SQLAlchemyJobStore creates and owns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    delete,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from agent.core.model import utcnow
from agent.store.schema import Json, UtcDateTime, metadata

suspensions = Table(
    "suspensions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("planned_end", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    Column("ended_by", String(128)),  # "auto" or "manual:<who>"
    Column("end_reason", Text),
    Column("reason", Text, nullable=False),
    Column("rates", Json, nullable=False),  # measured per-minute rates that caused it
    Column("notified", Boolean, nullable=False, default=False),
    Index("ix_suspensions_tenant", "tenant", "started_at"),
)

suspension_drops = Table(
    "suspension_drops",
    metadata,
    Column("suspension_id", Integer, primary_key=True),
    Column("source", String(256), primary_key=True),
    Column("tenant", String(64), nullable=False),
    Column("dropped", BigInteger, nullable=False),
)

throttle_meter = Table(
    "throttle_meter",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("minute", BigInteger, nullable=False),  # epoch minute of the open bucket
    Column("events", BigInteger, nullable=False),
    Column("findings", BigInteger, nullable=False),
    Column("over_streak", Integer, nullable=False),  # consecutive closed minutes above threshold
    Column("recent", Json, nullable=False),  # [[minute, events, findings], ...] last closed minutes
    Column("updated_at", UtcDateTime, nullable=False),
)

intake_positions = Table(
    "intake_positions",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("source", String(256), primary_key=True),
    Column("position", Text, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

event_counts = Table(
    "event_counts",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("source", String(256), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("accepted", BigInteger, nullable=False),
    Column("malformed", BigInteger, nullable=False),
    Column("dropped", BigInteger, nullable=False),
    Column("last_error", Text),
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


@dataclass(slots=True)
class MeterState:
    minute: int
    events: int
    findings: int
    over_streak: int
    recent: list[list[int]]


def _insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT, which has ``on_conflict_do_update`` on both SQLite and PostgreSQL."""
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


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
            sid = int(res.inserted_primary_key[0])
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
        if not by_source:
            return
        with self.engine.begin() as conn:
            ins = _insert(conn, suspension_drops)
            for source, n in by_source.items():
                conn.execute(ins.values(suspension_id=suspension_id, source=source, tenant=tenant, dropped=n)
                             .on_conflict_do_update(index_elements=["suspension_id", "source"],
                                                    set_={"dropped": suspension_drops.c.dropped + n}))

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
            conn.execute(_insert(conn, throttle_meter).values(tenant=tenant, **values)
                         .on_conflict_do_update(index_elements=["tenant"], set_=values))

    # --------------------------------------------------------- intake sources
    def position(self, tenant: str, source: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(intake_positions.c.position).where(
                intake_positions.c.tenant == tenant, intake_positions.c.source == source)).scalar()

    def set_position(self, tenant: str, source: str, position: str) -> None:
        values = {"position": position, "updated_at": utcnow()}
        with self.engine.begin() as conn:
            conn.execute(_insert(conn, intake_positions).values(tenant=tenant, source=source, **values)
                         .on_conflict_do_update(index_elements=["tenant", "source"], set_=values))

    def add_counts(self, tenant: str, day: str, counts: dict[str, tuple[int, int, int, str | None]]) -> None:
        """Add (accepted, malformed, dropped, last error) per source to the day's totals."""
        if not counts:
            return
        with self.engine.begin() as conn:
            ins = _insert(conn, event_counts)
            for source, (acc, bad, drop, err) in counts.items():
                set_: dict[str, Any] = {"accepted": event_counts.c.accepted + acc,
                                        "malformed": event_counts.c.malformed + bad,
                                        "dropped": event_counts.c.dropped + drop}
                if err:
                    set_["last_error"] = err
                conn.execute(ins.values(tenant=tenant, source=source, day=day, accepted=acc, malformed=bad,
                                        dropped=drop, last_error=err)
                             .on_conflict_do_update(index_elements=["tenant", "source", "day"], set_=set_))

    def counts(self, tenant: str, since_day: str | None = None) -> list[dict[str, Any]]:
        q = select(event_counts).where(event_counts.c.tenant == tenant)
        if since_day:
            q = q.where(event_counts.c.day >= since_day)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q.order_by(event_counts.c.day, event_counts.c.source)).mappings()]

    # -------------------------------------------------------------- retention
    def purge(self, tenant: str, older_than: datetime, extra: Iterable[tuple[Table, Any]] = ()) -> dict[str, int]:
        """Delete the tenant's finding history and intake counts older than ``older_than``."""
        from agent.store.schema import finding_history

        out: dict[str, int] = {}
        day = older_than.strftime("%Y-%m-%d")
        with self.engine.begin() as conn:
            out["finding_history"] = conn.execute(delete(finding_history).where(and_(
                finding_history.c.tenant == tenant, finding_history.c.at < older_than))).rowcount
            out["event_counts"] = conn.execute(delete(event_counts).where(and_(
                event_counts.c.tenant == tenant, event_counts.c.day < day))).rowcount
            for table, cond in extra:
                out[table.name] = conn.execute(delete(table).where(cond)).rowcount
        return out


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=days)
