"""The realtime re-assessment log: one row per targeted re-assessment (or change left to the next scan).

Created by the Alembic revision ``0010_realtime``; :mod:`agent.store.realtime` is its only writer.
``first_event_at`` is the time of the earliest change event coalesced into the row, so
``latency_seconds`` (recorded − first event) is the worst latency of the events it answers.
``outcome``: ``assessed``, ``deleted`` (the resource's findings resolved as deleted), ``failed``
(re-collection failed: findings left as they were) or ``deferred`` (over the account's cap, or a
scope the realtime path cannot re-read: the next scheduled scan answers it; Art. 12).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from agent.store.tables.columns import UtcDateTime, metadata

realtime_assessments = Table(
    "realtime_assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("provider", String(16), nullable=False),
    Column("account", String(128), nullable=False),
    Column("resource_type", String(128), nullable=False),
    Column("resource_key", String(1024), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("events", Integer, nullable=False),
    Column("first_event_at", UtcDateTime, nullable=True),
    Column("latency_seconds", Float, nullable=True),
    Column("resources", Integer, nullable=False),
    Column("api_calls", Integer, nullable=False),
    Column("transitions", Integer, nullable=False),
    Column("error", Text, nullable=True),
    Index("ix_realtime_tenant_at", "tenant", "recorded_at"),
)
