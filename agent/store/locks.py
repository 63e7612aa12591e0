"""The store's operations on the tenant lock row (:data:`agent.store.tables.locks.tenant_locks`).

    TenantLocks.claim(me, now, stale_after, may_take) -> Claim   won, or who holds the lock
    TenantLocks.beat(me, now)                         -> bool    False: the row is another's now
    TenantLocks.release(me)
    TenantLocks.current(tenant)                       -> Holder | None
    TenantLocks.put(me)                                         (PostgreSQL: the row only shows who)

Every step is one statement in a transaction of its own, and each is conditional, so two
claimers never both win whatever their interleaving: the INSERT is refused by the primary key
while a row exists, and a takeover is an UPDATE that matches only while the row still names the
stale holder *and* its heartbeat is still older than the window.  Whether a stale holder's
process is gone (``may_take``) is the caller's judgement: the store knows rows, not processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from agent.store.connect import upsert
from agent.store.tables.locks import tenant_locks

__all__ = ["Claim", "Holder", "TenantLocks", "tenant_locks"]


@dataclass(frozen=True, slots=True)
class Holder:
    """One acquisition of a tenant's lock by one process."""

    tenant: str
    holder: str  # unique per acquisition: "<host>:<pid>:<acquired, ns>"
    host: str
    pid: int
    process_start: str  # the process's start ticks (Linux /proc), "" where unknown
    acquired_at: datetime
    heartbeat_at: datetime


@dataclass(frozen=True, slots=True)
class Claim:
    won: bool
    other: Holder | None = None  # won: the stale holder it replaced, if any; lost: who holds it


class TenantLocks:
    """The tenant lock rows of one store (every tenant in it)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def current(self, tenant: str) -> Holder | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(tenant_locks).where(tenant_locks.c.tenant == tenant)).mappings().first()
        return Holder(**row) if row else None

    def claim(self, me: Holder, now: datetime, stale_after: timedelta,
              may_take: Callable[[Holder], bool]) -> Claim:
        """Take the tenant's lock for ``me``: free, or held by a holder silent for longer than
        ``stale_after`` that ``may_take`` says is gone."""
        me = replace(me, acquired_at=now, heartbeat_at=now)
        other: Holder | None = None
        for _ in range(3):  # a row released or taken over between two statements: look again
            if self._insert(me):
                return Claim(True)
            other = self.current(me.tenant)
            if other is None:
                continue
            if now - other.heartbeat_at <= stale_after or not may_take(other):
                return Claim(False, other)
            with self.engine.begin() as conn:
                res = conn.execute(update(tenant_locks).where(
                    tenant_locks.c.tenant == me.tenant, tenant_locks.c.holder == other.holder,
                    tenant_locks.c.heartbeat_at < now - stale_after,
                ).values(**_values(me)))
            if res.rowcount == 1:
                return Claim(True, other)
        return Claim(False, self.current(me.tenant) or other)

    def beat(self, me: Holder, now: datetime) -> bool:
        """Say ``me`` is alive.  A row deleted by hand is written again (nobody else took it);
        False when another holder's row is there: the lock was taken over."""
        with self.engine.begin() as conn:
            res = conn.execute(update(tenant_locks).where(
                tenant_locks.c.tenant == me.tenant, tenant_locks.c.holder == me.holder).values(heartbeat_at=now))
        return res.rowcount == 1 or self._insert(replace(me, heartbeat_at=now))

    def release(self, me: Holder) -> None:
        """Delete ``me``'s row (a row another holder took over is left alone)."""
        with self.engine.begin() as conn:
            conn.execute(delete(tenant_locks).where(tenant_locks.c.tenant == me.tenant,
                                                    tenant_locks.c.holder == me.holder))

    def put(self, me: Holder) -> None:
        """Write ``me`` whatever is there: for a backend whose own lock already decided (PostgreSQL's
        advisory lock), so a row left by a crashed holder is simply replaced."""
        values = _values(me)
        with self.engine.begin() as conn:
            conn.execute(upsert(conn, tenant_locks).values(tenant=me.tenant, **values)
                         .on_conflict_do_update(index_elements=[tenant_locks.c.tenant], set_=values))

    def _insert(self, me: Holder) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(tenant_locks.insert().values(tenant=me.tenant, **_values(me)))
        except IntegrityError:
            return False
        return True


def _values(me: Holder) -> dict[str, object]:
    return {k: v for k, v in asdict(me).items() if k != "tenant"}
