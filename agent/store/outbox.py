"""The store's operations on the notification outbox: one row per message per channel, written
in the transaction that caused it, sent later by :mod:`notifiers.delivery`.

Row life (the ``status`` column, see :mod:`agent.store.tables.notify`)::

    pending ──send ok──► delivered
       │  └─transient failure─► pending (attempts+1, next_attempt_at later)
       ├─permanent failure (HTTP 4xx, bad address)─► failed
       └─older than max_age─► expired            (counted, never silently dropped)
    held ──digest fired──► digested (its content went into one "digest" row)

``key`` is the idempotency key: unique, so re-running the same scan hook never enqueues a
message twice, and sent as ``Idempotency-Key`` / Message-ID so receivers that dedupe drop a
resend after a crash between "sent" and "marked delivered".  A worker leases a row
(``claimed_until``) before sending, so two workers never send the same row at the same time.

A channel is a queue, oldest first.  A transient failure pauses the whole channel
(:meth:`Outbox.back_off` writes the row's next attempt and the channel's ``notify_pauses`` row in
one transaction): while paused, :meth:`Outbox.due` answers nothing and :meth:`Outbox.lease` takes
nothing, in every process; after it, the delayed message goes first, since no message is handed
out from behind an older one that still waits.

:func:`enqueue` writes on the caller's connection (inside a scan's or a remediation's
transaction); every :class:`Outbox` method is a transaction of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select, update

from agent.core.model import utcnow
from agent.store.connect import chunks, upsert
from agent.store.tables.notify import (
    DELIVERED,
    DIGESTED,
    EXPIRED,
    FAILED,
    HELD,
    PENDING,
    digests,
    outbox,
    pauses,
    threads,
)

__all__ = ["DELIVERED", "DIGESTED", "EXPIRED", "FAILED", "HELD", "PENDING", "DigestBuilder", "Outbox", "digests",
           "enqueue", "mark_delivered", "message_key", "outbox", "pauses", "save_thread_ref", "threads"]

# held rows, last fire time (None before the first digest) -> (fire time, the digest's outbox row) or None
DigestBuilder = Callable[[list[dict[str, Any]], datetime | None], tuple[datetime, dict[str, Any]] | None]


def message_key(*parts: Any) -> str:
    """Idempotency key: the same inputs always give the same key."""
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def enqueue(conn: Connection, rows: Iterable[dict[str, Any]]) -> int:
    """Insert outbox rows on ``conn``, skipping any whose key is already there.  Returns how many were new."""
    rows = list(rows)
    if not rows:
        return 0
    existing: set[str] = set()
    for part in chunks([r["key"] for r in rows]):
        existing.update(conn.execute(select(outbox.c.key).where(outbox.c.key.in_(part))).scalars())
    fresh: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["key"] not in existing and r["key"] not in fresh:
            r.setdefault("attempts", 0)
            r.setdefault("next_attempt_at", r["created_at"])
            fresh[r["key"]] = r
    if fresh:
        conn.execute(outbox.insert(), list(fresh.values()))
    return len(fresh)


def _thread_ref(conn: Connection, tenant: str, channel: str, thread_key: str) -> str | None:
    ref: str | None = conn.execute(select(threads.c.ref).where(
        threads.c.tenant == tenant, threads.c.channel == channel, threads.c.thread_key == thread_key)).scalar()
    return ref


def mark_delivered(conn: Connection, row_id: int, now: datetime) -> None:
    conn.execute(update(outbox).where(outbox.c.id == row_id).values(
        status=DELIVERED, delivered_at=now, claimed_until=None, attempts=outbox.c.attempts + 1, last_error=None))


def save_thread_ref(conn: Connection, tenant: str, channel: str, thread_key: str, ref: str, now: datetime) -> None:
    if _thread_ref(conn, tenant, channel, thread_key) is None:
        conn.execute(threads.insert().values(tenant=tenant, channel=channel, thread_key=thread_key, ref=ref,
                                             created_at=now))


def _pause(conn: Connection, tenant: str, channel: str, now: datetime) -> tuple[datetime, str] | None:
    row = conn.execute(select(pauses.c.until, pauses.c.reason).where(
        pauses.c.tenant == tenant, pauses.c.channel == channel, pauses.c.until > now)).first()
    return (row[0], row[1]) if row else None


def _last_fire(conn: Connection, tenant: str, route: str, channel: str) -> datetime | None:
    fire: datetime | None = conn.execute(select(digests.c.last_fire_at).where(
        digests.c.tenant == tenant, digests.c.route == route, digests.c.channel == channel)).scalar()
    return fire


class Outbox:
    """The outbox of one store (every tenant in it)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def enqueue(self, rows: Iterable[dict[str, Any]]) -> int:
        with self.engine.begin() as conn:
            return enqueue(conn, rows)

    # ------------------------------------------------------------- delivery
    def due(self, tenant: str, channel: str, now: datetime, limit: int) -> list[dict[str, Any]]:
        """The channel's next messages, oldest first: none while it is paused, and none from behind
        a message that still waits for its next attempt.  Rows another worker has leased are
        skipped (it is sending them)."""
        q = (select(outbox).where(outbox.c.tenant == tenant, outbox.c.channel == channel, outbox.c.status == PENDING)
             .order_by(outbox.c.id).limit(limit))
        out: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            if _pause(conn, tenant, channel, now) is not None:
                return out
            for r in conn.execute(q).mappings():
                if r["next_attempt_at"] > now:
                    break
                if r["claimed_until"] is None or r["claimed_until"] < now:
                    out.append(dict(r))
        return out

    def paused_until(self, tenant: str, channel: str, now: datetime) -> datetime | None:
        """When the channel's pause ends, or None when it is not paused at ``now``."""
        with self.engine.connect() as conn:
            pause = _pause(conn, tenant, channel, now)
        return pause[0] if pause else None

    def delivered_since(self, tenant: str, channel: str, since: datetime) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(outbox).where(
                outbox.c.tenant == tenant, outbox.c.channel == channel, outbox.c.status == DELIVERED,
                outbox.c.delivered_at >= since)).scalar_one())

    def lease(self, row_id: int, now: datetime, duration: timedelta) -> bool:
        """Take a row for sending; False when another worker holds it or it is no longer pending."""
        # A pause another worker wrote after this one read the queue still holds: the check is in
        # the same statement as the claim.
        paused = select(pauses.c.until).where(pauses.c.tenant == outbox.c.tenant, pauses.c.channel == outbox.c.channel,
                                              pauses.c.until > now).exists()
        with self.engine.begin() as conn:
            res = conn.execute(update(outbox).where(
                outbox.c.id == row_id, outbox.c.status == PENDING,
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now), ~paused,
            ).values(claimed_until=now + duration))
            return res.rowcount == 1

    def thread_ref(self, tenant: str, channel: str, thread_key: str) -> str | None:
        """The channel's reference of the thread ``thread_key`` (Slack: its first message's ts)."""
        with self.engine.connect() as conn:
            return _thread_ref(conn, tenant, channel, thread_key)

    def ack(self, row: dict[str, Any], now: datetime, thread_ref: str | None = None) -> None:
        """Mark a leased row delivered; keep ``thread_ref`` as its thread's reference if it has none yet."""
        with self.engine.begin() as conn:
            mark_delivered(conn, row["id"], now)
            if thread_ref and row["thread_key"]:
                save_thread_ref(conn, row["tenant"], row["channel"], row["thread_key"], thread_ref, now)

    def back_off(self, row: dict[str, Any], until: datetime, error: str, now: datetime) -> None:
        """A transient failure of a leased row: it is tried again at ``until``, and its whole channel
        waits until then (the latest answer of the receiver sets the pause)."""
        with self.engine.begin() as conn:
            conn.execute(update(outbox).where(outbox.c.id == row["id"]).values(
                next_attempt_at=until, claimed_until=None, attempts=outbox.c.attempts + 1, last_error=error[:2000]))
            values = {"until": until, "reason": error[:2000], "since": now}
            conn.execute(upsert(conn, pauses).values(tenant=row["tenant"], channel=row["channel"], **values)
                         .on_conflict_do_update(index_elements=[pauses.c.tenant, pauses.c.channel], set_=values))

    def fail(self, row_id: int, error: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(outbox).where(outbox.c.id == row_id).values(
                status=FAILED, claimed_until=None, attempts=outbox.c.attempts + 1, last_error=error[:2000]))

    def expire_old(self, tenant: str, cutoff: datetime) -> int:
        with self.engine.begin() as conn:
            res = conn.execute(update(outbox).where(
                outbox.c.tenant == tenant, outbox.c.status == PENDING, outbox.c.created_at < cutoff,
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < cutoff),
            ).values(status=EXPIRED, last_error=func.coalesce(outbox.c.last_error, "expired before delivery")))
            return int(res.rowcount or 0)

    def requeue_failed(self, tenant: str, now: datetime, channel: str | None = None) -> int:
        """Put failed (and expired) messages back in the queue, e.g. after fixing a channel's config."""
        cond = and_(outbox.c.tenant == tenant, outbox.c.status.in_([FAILED, EXPIRED]))
        if channel:
            cond = and_(cond, outbox.c.channel == channel)
        with self.engine.begin() as conn:
            res = conn.execute(update(outbox).where(cond).values(status=PENDING, next_attempt_at=now, created_at=now))
            return int(res.rowcount or 0)

    # -------------------------------------------------------------- digests
    def digest(self, tenant: str, route: str, channel: str, now: datetime, build: DigestBuilder) -> int:
        """Fold the rows held for (route, channel) up to ``now`` into one digest row, if ``build``
        says a digest is due; the digest row, the "digested" marks and the last fire time are one
        transaction, so an item is in exactly one digest.  Returns 1 when a digest was made."""
        with self.engine.begin() as conn:
            held = [dict(r) for r in conn.execute(select(outbox).where(
                outbox.c.tenant == tenant, outbox.c.channel == channel, outbox.c.route == route,
                outbox.c.status == HELD, outbox.c.created_at <= now).order_by(outbox.c.id)).mappings()]
            if not held:
                return 0
            last = _last_fire(conn, tenant, route, channel)
            made = build(held, last)
            if made is None:
                return 0
            fire, row = made
            conn.execute(outbox.insert().values(**row))
            for part in chunks([r["id"] for r in held]):
                conn.execute(update(outbox).where(outbox.c.id.in_(part)).values(status=DIGESTED))
            if last is None:
                conn.execute(digests.insert().values(tenant=tenant, route=route, channel=channel, last_fire_at=fire))
            else:
                conn.execute(update(digests).where(digests.c.tenant == tenant, digests.c.route == route,
                                                   digests.c.channel == channel).values(last_fire_at=fire))
            return 1

    def held(self, tenant: str, route: str, channel: str) -> int:
        """How many items wait for the next digest of (route, channel)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(outbox).where(
                outbox.c.tenant == tenant, outbox.c.channel == channel, outbox.c.route == route,
                outbox.c.status == HELD)).scalar_one())

    def last_fire(self, tenant: str, route: str, channel: str) -> datetime | None:
        with self.engine.connect() as conn:
            return _last_fire(conn, tenant, route, channel)

    # --------------------------------------------------------------- status
    def backlog(self, tenant: str, now: datetime | None = None) -> dict[str, dict[str, Any]]:
        """{channel: {status: count, ..., "oldest_pending": datetime|None, "last_error": str|None}},
        plus "paused_until" and "pause_reason" for a channel paused at ``now``."""
        out: dict[str, dict[str, Any]] = {}
        now = now or utcnow()
        with self.engine.connect() as conn:
            for channel, until, reason in conn.execute(select(pauses.c.channel, pauses.c.until, pauses.c.reason).where(
                    pauses.c.tenant == tenant, pauses.c.until > now)).all():
                out[channel] = {"oldest_pending": None, "last_error": None, "paused_until": until,
                                "pause_reason": reason}
            rows = conn.execute(select(outbox.c.channel, outbox.c.status, func.count(), func.min(outbox.c.created_at))
                                .where(outbox.c.tenant == tenant)
                                .group_by(outbox.c.channel, outbox.c.status)).all()
            for channel, status, n, oldest in rows:
                entry = out.setdefault(channel, {"oldest_pending": None, "last_error": None})
                entry[status] = int(n)
                if status == PENDING:
                    entry["oldest_pending"] = oldest
            for channel in out:
                out[channel]["last_error"] = conn.execute(select(outbox.c.last_error).where(
                    outbox.c.tenant == tenant, outbox.c.channel == channel, outbox.c.last_error.is_not(None),
                    outbox.c.status.in_([PENDING, FAILED, EXPIRED])).order_by(outbox.c.id.desc()).limit(1)).scalar()
        return out
