"""The notification outbox: one row per message per channel, written in the transaction that
caused it, sent later by :mod:`notifiers.delivery`.

Row life:  pending ──send ok──► delivered
              │  └─transient failure─► pending (attempts+1, next_attempt_at later)
              ├─permanent failure (HTTP 4xx, bad address)─► failed
              └─older than max_age─► expired            (counted, never silently dropped)
           held ──digest fired──► digested (its content went into one "digest" row)

``key`` is the idempotency key: unique, so re-running the same scan hook never enqueues a
message twice, and sent as ``Idempotency-Key`` / Message-ID so receivers that dedupe drop a
resend after a crash between "sent" and "marked delivered".  A worker claims a row with a lease
(``claimed_until``) before sending, so two workers never send the same row at the same time.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    func,
    or_,
    select,
    update,
)

from agent.store.schema import Json, UtcDateTime, metadata

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


def message_key(*parts: Any) -> str:
    """Idempotency key: the same inputs always give the same key."""
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def insert_rows(conn: Connection, rows: Iterable[dict[str, Any]]) -> int:
    """Insert outbox rows, skipping any whose key is already there.  Returns how many were new."""
    rows = list(rows)
    if not rows:
        return 0
    keys = [r["key"] for r in rows]
    existing: set[str] = set()
    for i in range(0, len(keys), 500):
        existing.update(conn.execute(select(outbox.c.key).where(outbox.c.key.in_(keys[i:i + 500]))).scalars())
    fresh: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["key"] not in existing and r["key"] not in fresh:
            r.setdefault("attempts", 0)
            r.setdefault("next_attempt_at", r["created_at"])
            fresh[r["key"]] = r
    if fresh:
        conn.execute(outbox.insert(), list(fresh.values()))
    return len(fresh)


def due(conn: Connection, tenant: str, channel: str, now: datetime, limit: int) -> list[dict[str, Any]]:
    q = (select(outbox).where(outbox.c.tenant == tenant, outbox.c.channel == channel, outbox.c.status == PENDING,
                              outbox.c.next_attempt_at <= now,
                              or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now))
         .order_by(outbox.c.id).limit(limit))
    return [dict(r) for r in conn.execute(q).mappings()]


def claim(conn: Connection, row_id: int, now: datetime, lease: timedelta) -> bool:
    """Take a row for sending; False when another worker holds it or it is no longer pending."""
    res = conn.execute(update(outbox).where(
        outbox.c.id == row_id, outbox.c.status == PENDING,
        or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now),
    ).values(claimed_until=now + lease))
    return res.rowcount == 1


def mark_delivered(conn: Connection, row_id: int, now: datetime) -> None:
    conn.execute(update(outbox).where(outbox.c.id == row_id).values(
        status=DELIVERED, delivered_at=now, claimed_until=None, attempts=outbox.c.attempts + 1, last_error=None))


def mark_retry(conn: Connection, row_id: int, next_at: datetime, error: str) -> None:
    conn.execute(update(outbox).where(outbox.c.id == row_id).values(
        next_attempt_at=next_at, claimed_until=None, attempts=outbox.c.attempts + 1, last_error=error[:2000]))


def mark_failed(conn: Connection, row_id: int, error: str) -> None:
    conn.execute(update(outbox).where(outbox.c.id == row_id).values(
        status=FAILED, claimed_until=None, attempts=outbox.c.attempts + 1, last_error=error[:2000]))


def expire_old(conn: Connection, tenant: str, cutoff: datetime) -> int:
    res = conn.execute(update(outbox).where(
        outbox.c.tenant == tenant, outbox.c.status == PENDING, outbox.c.created_at < cutoff,
        or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < cutoff),
    ).values(status=EXPIRED, last_error=func.coalesce(outbox.c.last_error, "expired before delivery")))
    return int(res.rowcount or 0)


def delivered_since(conn: Connection, tenant: str, channel: str, since: datetime) -> int:
    return int(conn.execute(select(func.count()).select_from(outbox).where(
        outbox.c.tenant == tenant, outbox.c.channel == channel, outbox.c.status == DELIVERED,
        outbox.c.delivered_at >= since)).scalar_one())


def requeue_failed(conn: Connection, tenant: str, now: datetime, channel: str | None = None) -> int:
    """Put failed (and expired) messages back in the queue, e.g. after fixing a channel's config."""
    cond = and_(outbox.c.tenant == tenant, outbox.c.status.in_([FAILED, EXPIRED]))
    if channel:
        cond = and_(cond, outbox.c.channel == channel)
    res = conn.execute(update(outbox).where(cond).values(status=PENDING, next_attempt_at=now, created_at=now))
    return int(res.rowcount or 0)


def thread_ref(conn: Connection, tenant: str, channel: str, thread_key: str) -> str | None:
    return conn.execute(select(threads.c.ref).where(
        threads.c.tenant == tenant, threads.c.channel == channel, threads.c.thread_key == thread_key)).scalar()


def save_thread_ref(conn: Connection, tenant: str, channel: str, thread_key: str, ref: str, now: datetime) -> None:
    if thread_ref(conn, tenant, channel, thread_key) is None:
        conn.execute(threads.insert().values(tenant=tenant, channel=channel, thread_key=thread_key, ref=ref,
                                             created_at=now))


def backlog(conn: Connection, tenant: str) -> dict[str, dict[str, Any]]:
    """{channel: {status: count, ..., "oldest_pending": datetime|None, "last_error": str|None}}."""
    out: dict[str, dict[str, Any]] = {}
    rows = conn.execute(select(outbox.c.channel, outbox.c.status, func.count(), func.min(outbox.c.created_at))
                        .where(outbox.c.tenant == tenant)
                        .group_by(outbox.c.channel, outbox.c.status)).all()
    for channel, status, n, oldest in rows:
        entry = out.setdefault(channel, {"oldest_pending": None, "last_error": None})
        entry[status] = int(n)
        if status == PENDING:
            entry["oldest_pending"] = oldest
    for channel in out:
        err = conn.execute(select(outbox.c.last_error).where(
            outbox.c.tenant == tenant, outbox.c.channel == channel, outbox.c.last_error.is_not(None),
            outbox.c.status.in_([PENDING, FAILED, EXPIRED])).order_by(outbox.c.id.desc()).limit(1)).scalar()
        out[channel]["last_error"] = err
    return out
