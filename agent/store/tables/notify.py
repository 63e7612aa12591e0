"""The notification tables: the outbox, Slack thread references, digest schedule state, and the
channels' pauses.

Created by the Alembic revisions ``0002_notify`` and ``0008_notify_pauses``.  An outbox row's life (``status``)::

    pending ──send ok──► delivered
       │  └─transient failure─► pending (attempts+1, next_attempt_at later)
       ├─permanent failure (HTTP 4xx, bad address)─► failed
       └─older than max_age─► expired            (counted, never silently dropped)
    held ──digest fired──► digested (its content went into one "digest" row)

``key`` is the idempotency key (unique); ``claimed_until`` the lease a sender holds on a row.
A ``notify_pauses`` row says a channel takes nothing before ``until`` (a 429's Retry-After, or the
back-off after a transient failure): its whole queue waits, in order, not just the failed message.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text, UniqueConstraint

from agent.store.tables.columns import Json, UtcDateTime, metadata

PENDING, HELD, DIGESTED, DELIVERED, FAILED, EXPIRED = "pending", "held", "digested", "delivered", "failed", "expired"

outbox = Table(
    "notify_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("key", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # transition | event | burst | digest | test
    Column("event", String(32), nullable=False),  # new, resolved, remediation_failed, burst, digest …
    Column("route", String(64)),  # digest route of a held row
    Column("status", String(12), nullable=False),
    Column("severity", Integer, nullable=False, default=0),
    Column("thread_key", String(64)),  # Slack: later messages about the same finding go to its thread
    Column("payload", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("claimed_until", UtcDateTime),
    Column("delivered_at", UtcDateTime),
    Column("last_error", Text),
    UniqueConstraint("key", name="uq_notify_outbox_key"),
    Index("ix_notify_outbox_due", "tenant", "status", "channel", "next_attempt_at"),
)

threads = Table(
    "notify_threads",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("channel", String(64), primary_key=True),
    Column("thread_key", String(64), primary_key=True),
    Column("ref", String(128), nullable=False),  # Slack message ts of the thread's first message
    Column("created_at", UtcDateTime, nullable=False),
)

digests = Table(
    "notify_digests",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("route", String(64), primary_key=True),
    Column("channel", String(64), primary_key=True),
    Column("last_fire_at", UtcDateTime, nullable=False),
)

pauses = Table(
    "notify_pauses",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("channel", String(64), primary_key=True),
    Column("until", UtcDateTime, nullable=False),  # nothing is sent to the channel before this
    Column("reason", Text, nullable=False),  # the failure that paused it (redacted, as last_error)
    Column("since", UtcDateTime, nullable=False),
)
