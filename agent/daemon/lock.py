"""One daemon per tenant: an exclusive lock held for the daemon's lifetime, in the store itself.

SQLite store: a row in ``tenant_locks`` (written by :mod:`agent.store.locks`) names the holder
(host, pid, when it was taken) and carries a heartbeat that a thread refreshes every
``daemon.lock.heartbeat_seconds`` while the daemon runs; release deletes the row.  A second
daemon is refused while the row is there, so no file is involved and deleting files lets nobody
in.  A holder silent for longer than ``heartbeat_seconds × stale_after_beats`` may be taken over:
on another host by its silence alone, on this host only once its process is gone too (a live
process that stopped beating — suspended, starved — keeps its lock).  A daemon whose row was
taken over while it was silent learns it at its next beat and stops (``on_lost``).

PostgreSQL store: a session-level ``pg_advisory_lock`` keyed by the tenant, held on a dedicated
connection; the server drops it when that connection closes, so it needs no heartbeat.  The row
is written and beaten there as well, only so that `ucs status` can name the holder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from agent.core.errors import UcsError
from agent.core.model import utcnow
from agent.settings.daemon import LockSettings
from agent.store.locks import Holder, TenantLocks

log = logging.getLogger(__name__)


class TenantLockError(UcsError):
    exit_code = 3
    hint = "stop the other daemon first (`ucs status` shows the tenant's state); one daemon serves one tenant"


def advisory_key(tenant: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock."""
    return int.from_bytes(hashlib.sha256(f"ucs-daemon:{tenant}".encode()).digest()[:8], "big", signed=True)


def process_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot; "" where there is no /proc to ask;
    None when no such process runs (a zombie — killed, not yet reaped — counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None if Path("/proc/self/stat").exists() else ""
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return None if fields[0] in ("Z", "X") else fields[19]


def process_alive(pid: int, started: str) -> bool:
    """Whether process ``pid`` — the one that started at ``started``, not a later one reusing its
    pid — still runs on this host."""
    now = process_start(pid)
    if now is None:
        return False
    if now:
        return not started or now == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class TenantLock:
    def __init__(self, engine: Engine, tenant: str, config: LockSettings | None = None,
                 on_lost: Callable[[str], None] | None = None, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.tenant = tenant
        self.config = config or LockSettings()
        self.on_lost = on_lost
        self.clock = clock
        self.rows = TenantLocks(engine)
        self.where = ""
        self._me: Holder | None = None
        self._conn: Any = None
        self._stop_beating = threading.Event()
        self._beater: threading.Thread | None = None

    @property
    def stale_after(self) -> timedelta:
        return timedelta(seconds=self.config.heartbeat_seconds * self.config.stale_after_beats)

    @property
    def _postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def may_take(self, other: Holder) -> bool:
        """A stale holder is gone: on another host by its silence alone, here once its process is."""
        return other.host != socket.gethostname() or not process_alive(other.pid, other.process_start)

    def describe(self, other: Holder | None) -> str:
        if other is None:
            return "the tenant's lock row in the store is held"
        age = max(0.0, (self.clock() - other.heartbeat_at).total_seconds())
        silent = ", silent but its process still runs" if timedelta(seconds=age) > self.stale_after else ""
        return f"pid {other.pid} on {other.host} holds the tenant's lock in the store, last heartbeat {age:.0f}s ago" \
               f"{silent}"

    def _refused(self, why: str) -> TenantLockError:
        return TenantLockError(f"tenant {self.tenant}: another ucs daemon is already running for this tenant ({why})")

    def acquire(self) -> None:
        host, pid, now = socket.gethostname(), os.getpid(), self.clock()
        me = Holder(self.tenant, f"{host}:{pid}:{time.time_ns()}", host, pid, process_start(pid) or "", now, now)
        if self._postgres:
            conn = self.engine.connect()
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": advisory_key(self.tenant)}).scalar()
            conn.commit()
            if not got:
                conn.close()
                raise self._refused(self._advisory_holder())
            self._conn = conn
            try:
                self.rows.put(me)
            except BaseException:
                self._unlock_advisory()
                raise
            self.where = f"pg_advisory_lock({advisory_key(self.tenant)})"
        else:
            claim = self.rows.claim(me, now, self.stale_after, self.may_take)
            if not claim.won:
                raise self._refused(self.describe(claim.other))
            if claim.other is not None:
                log.warning("tenant %s: took over the tenant lock of pid %d on %s (silent since %s, process gone)",
                            self.tenant, claim.other.pid, claim.other.host, claim.other.heartbeat_at.isoformat())
            self.where = f"tenant_locks row {me.holder}"
        self._me = me
        self._stop_beating.clear()
        self._beater = threading.Thread(target=self._beat, args=(me,), name=f"ucs-lock-{self.tenant}", daemon=True)
        self._beater.start()

    def _advisory_holder(self) -> str:
        where = f"PostgreSQL advisory lock {advisory_key(self.tenant)} is held"
        try:
            other = self.rows.current(self.tenant)
        except SQLAlchemyError:
            other = None
        return f"{where}; {self.describe(other)}" if other is not None else where

    def _beat(self, me: Holder) -> None:
        while not self._stop_beating.wait(self.config.heartbeat_seconds):
            now = self.clock()
            try:
                if self.rows.beat(me, now):
                    continue
                if self._postgres:  # the advisory lock decides; the row only shows who holds it
                    self.rows.put(replace(me, heartbeat_at=now))
                    continue
                other = self.rows.current(self.tenant)
            except SQLAlchemyError as exc:  # a busy or unreachable store: say so, keep trying
                log.warning("tenant %s: tenant lock heartbeat failed (%s); retrying", self.tenant,
                            exc.__class__.__name__)
                continue
            why = (f"tenant {self.tenant}: this daemon's tenant lock was taken over while it was silent "
                   f"({self.describe(other)}); stopping")
            log.error("%s", why)
            if self.on_lost is not None:
                self.on_lost(why)
            return

    def held_elsewhere(self) -> str | None:
        """Who holds the lock (for `ucs status`), or None when no daemon runs for the tenant."""
        if self._postgres:
            with self.engine.connect() as conn:
                got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": advisory_key(self.tenant)}).scalar()
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": advisory_key(self.tenant)})
                conn.commit()
            return None if got else self._advisory_holder()
        other = self.rows.current(self.tenant)
        if other is None or (self.clock() - other.heartbeat_at > self.stale_after and self.may_take(other)):
            return None
        return self.describe(other)

    def release(self) -> None:
        if self._beater is not None:
            self._stop_beating.set()
            self._beater.join()  # before the row goes: a beat must not write it back
            self._beater = None
        if self._me is not None:
            try:
                self.rows.release(self._me)
            finally:
                self._me = None
                self._unlock_advisory()

    def _unlock_advisory(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": advisory_key(self.tenant)})
            self._conn.commit()
        finally:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> TenantLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
