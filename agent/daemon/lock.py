"""One daemon per tenant: an exclusive lock held for the daemon's lifetime.

SQLite store: ``flock`` on ``<tenant>.daemon.lock`` beside the database file (or in
``daemon.lock_dir``); the kernel drops it when the process dies, so a crash never leaves a stale
lock.  PostgreSQL store: a session-level ``pg_advisory_lock`` keyed by the tenant, held on a
dedicated connection; the server drops it when that connection closes.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from agent.core.errors import UcsError


class TenantLockError(UcsError):
    exit_code = 3
    hint = "stop the other daemon first (`ucs status` shows the tenant's state); one daemon serves one tenant"


def advisory_key(tenant: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock."""
    return int.from_bytes(hashlib.sha256(f"ucs-daemon:{tenant}".encode()).digest()[:8], "big", signed=True)


class TenantLock:
    def __init__(self, engine: Engine, tenant: str, lock_dir: str | None = None) -> None:
        self.engine = engine
        self.tenant = tenant
        self.lock_dir = lock_dir
        self._fd: int | None = None
        self._conn: Any = None
        self.where = ""

    def _lock_path(self) -> Path:
        if self.lock_dir:
            base = Path(os.path.expanduser(self.lock_dir))
        else:
            db = self.engine.url.database
            base = Path(db).expanduser().parent if db and db != ":memory:" else Path.cwd()
        base.mkdir(parents=True, exist_ok=True)
        return base / f"{self.tenant}.daemon.lock"

    def acquire(self) -> None:
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect()
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": advisory_key(self.tenant)}).scalar()
            conn.commit()
            if not got:
                conn.close()
                raise TenantLockError(f"tenant {self.tenant}: another ucs daemon is already running for this tenant "
                                      f"(PostgreSQL advisory lock {advisory_key(self.tenant)} is held)")
            self._conn, self.where = conn, f"pg_advisory_lock({advisory_key(self.tenant)})"
            return
        path = self._lock_path()
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise TenantLockError(f"tenant {self.tenant}: another ucs daemon is already running for this tenant "
                                  f"(pid {holder} holds {path})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd, self.where = fd, str(path)

    def held_elsewhere(self) -> str | None:
        """Who holds the lock (for `ucs status`), or None when no daemon runs for the tenant."""
        try:
            self.acquire()
        except TenantLockError as exc:
            return exc.message.split("(", 1)[-1].rstrip(")")
        self.release()
        return None

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": advisory_key(self.tenant)})
                self._conn.commit()
            finally:
                self._conn.close()
                self._conn = None
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> TenantLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
