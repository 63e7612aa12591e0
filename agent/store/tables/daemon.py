"""The daemon tables: Art. 11 suspensions and the log-volume meter, Art. 12 dropped counts,
intake positions and per-day intake counts.

Created by the Alembic revision ``0004_daemon``.  The APScheduler job table (``ucs_jobs_<tenant>``)
is not here: APScheduler's SQLAlchemyJobStore creates and owns it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from agent.store.tables.columns import Json, UtcDateTime, metadata

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
