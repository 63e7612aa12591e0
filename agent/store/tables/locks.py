"""The tenant lock table: which process holds a tenant's daemon lock, and when it last said so.

Created by the Alembic revision ``0009_tenant_locks``.  One row per tenant at most (the primary
key is what makes the lock exclusive on SQLite); :mod:`agent.store.locks` is its only writer.
``holder`` is unique per acquisition (host, pid and the time it was taken); ``process_start``
tells a live process from a later one that reuses its pid.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table

from agent.store.tables.columns import UtcDateTime, metadata

tenant_locks = Table(
    "tenant_locks",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("holder", String(300), nullable=False),
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("process_start", String(32), nullable=False),  # /proc start ticks ("" where unknown)
    Column("acquired_at", UtcDateTime, nullable=False),
    Column("heartbeat_at", UtcDateTime, nullable=False),
)
