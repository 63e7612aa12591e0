"""The tenant lock is held on the store itself (SQLite: a row with the holder and a heartbeat;
PostgreSQL: the advisory lock, and the row for `ucs status`): no file to delete, a dead holder
taken over only once it has been silent for the stale window."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete

from agent.core.model import utcnow
from agent.daemon.lock import TenantLock, TenantLockError, process_alive, process_start
from agent.settings.daemon import LockSettings
from agent.store import Store
from agent.store.locks import Holder, TenantLocks, tenant_locks
from tests.conftest import STORE_BACKENDS
from tests.daemon.helpers import free_port, tenant_config, wait_for, write_config

ROOT = Path(__file__).resolve().parents[2]
REFUSED = r"another ucs daemon is already running for this tenant \(pid \d+"
FAST = LockSettings(heartbeat_seconds=0.05, stale_after_beats=4)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _holder(tenant: str, host: str, pid: int, age: timedelta, started: str = "") -> Holder:
    at = utcnow() - age
    return Holder(tenant, f"{host}:{pid}:1", host, pid, started, at, at)


def test_a_second_holder_is_refused_until_the_first_releases(store, tenant_id) -> None:
    first = TenantLock(store.engine, tenant_id)
    first.acquire()
    try:
        with pytest.raises(TenantLockError, match=r"another ucs daemon is already running .*pid \d+") as refused:
            TenantLock(store.engine, tenant_id).acquire()
        assert f"pid {os.getpid()} on {socket.gethostname()}" in refused.value.message
        assert TenantLockError.exit_code == 3
        assert f"pid {os.getpid()}" in (TenantLock(store.engine, tenant_id).held_elsewhere() or "")
    finally:
        first.release()
    assert TenantLocks(store.engine).current(tenant_id) is None  # release deletes the row
    assert TenantLock(store.engine, tenant_id).held_elsewhere() is None
    with TenantLock(store.engine, tenant_id):
        pass


def test_the_heartbeat_runs_while_the_lock_is_held(store, tenant_id) -> None:
    with TenantLock(store.engine, tenant_id, FAST):
        rows = TenantLocks(store.engine)
        first = rows.current(tenant_id)
        assert first is not None and first.pid == os.getpid() and first.process_start == process_start(os.getpid())
        wait_for(lambda: rows.current(tenant_id).heartbeat_at > first.heartbeat_at, 10, "a heartbeat")


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_stale_holder_whose_process_is_gone_is_taken_over(store, tenant_id, caplog) -> None:
    rows = TenantLocks(store.engine)
    here = socket.gethostname()
    dead = _dead_pid()
    rows.put(_holder(tenant_id, here, dead, timedelta(seconds=0.1)))
    with pytest.raises(TenantLockError, match=REFUSED):  # silent, but not for long enough yet
        TenantLock(store.engine, tenant_id, FAST).acquire()
    rows.put(_holder(tenant_id, here, dead, timedelta(seconds=1)))  # > 4 × 0.05 s
    assert TenantLock(store.engine, tenant_id, FAST).held_elsewhere() is None  # `ucs status`: no daemon runs
    with TenantLock(store.engine, tenant_id, FAST):
        assert rows.current(tenant_id).pid == os.getpid()
    assert f"took over the tenant lock of pid {dead} on {here}" in caplog.text


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_silent_holder_whose_process_still_runs_here_keeps_the_lock(store, tenant_id) -> None:
    rows = TenantLocks(store.engine)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        started = process_start(sleeper.pid) or ""
        rows.put(_holder(tenant_id, socket.gethostname(), sleeper.pid, timedelta(hours=1), started))
        with pytest.raises(TenantLockError, match="silent but its process still runs"):
            TenantLock(store.engine, tenant_id, FAST).acquire()
        # The same pid with another start time is a later process reusing it: the holder is gone.
        assert process_alive(sleeper.pid, started) and not process_alive(sleeper.pid, "1")
        rows.put(_holder(tenant_id, socket.gethostname(), sleeper.pid, timedelta(hours=1), "1"))
        with TenantLock(store.engine, tenant_id, FAST):
            pass
    finally:
        sleeper.kill()
        sleeper.wait()
    assert not process_alive(sleeper.pid, started)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_stale_holder_on_another_host_is_taken_over(store, tenant_id) -> None:
    rows = TenantLocks(store.engine)
    rows.put(_holder(tenant_id, "other-host.example", os.getpid(), timedelta(seconds=0.1)))
    with pytest.raises(TenantLockError, match=r"pid \d+ on other-host.example"):
        TenantLock(store.engine, tenant_id, FAST).acquire()
    rows.put(_holder(tenant_id, "other-host.example", os.getpid(), timedelta(seconds=1)))
    with TenantLock(store.engine, tenant_id, FAST):
        assert rows.current(tenant_id).host == socket.gethostname()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_deleted_row_is_written_back_and_a_taken_over_lock_stops_its_holder(store, tenant_id) -> None:
    rows = TenantLocks(store.engine)
    lost: list[str] = []
    with TenantLock(store.engine, tenant_id, FAST, on_lost=lost.append) as lock:
        me = rows.current(tenant_id)
        with store.engine.begin() as conn:  # someone deletes the lock by hand: the holder says it again
            conn.execute(delete(tenant_locks).where(tenant_locks.c.tenant == tenant_id))
        wait_for(lambda: (rows.current(tenant_id) or me).holder == me.holder and rows.current(tenant_id), 10,
                 "the row written back")
        with pytest.raises(TenantLockError, match=REFUSED):
            TenantLock(store.engine, tenant_id, FAST).acquire()
        # Another holder took the row over (this one was silent too long): the next beat says so.
        rows.put(_holder(tenant_id, "other-host.example", 4242, timedelta(0)))
        wait_for(lambda: lost, 10, "the lost lock reported")
        assert "taken over" in lost[0] and "pid 4242 on other-host.example" in lost[0]
        assert lock.where.startswith("tenant_locks row ")
    assert rows.current(tenant_id).host == "other-host.example"  # release leaves the new holder's row alone


@pytest.mark.skipif("postgres" not in STORE_BACKENDS, reason="UCS_TEST_POSTGRES_URL is not set")
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
@pytest.mark.postgres
def test_postgres_keeps_its_advisory_lock_and_shows_the_holder(store, tenant_id) -> None:
    rows = TenantLocks(store.engine)
    rows.put(_holder(tenant_id, "crashed.example", 4242, timedelta(hours=1)))  # left by a crash
    with TenantLock(store.engine, tenant_id, FAST) as lock:
        assert lock.where.startswith("pg_advisory_lock(")
        assert rows.current(tenant_id).pid == os.getpid()  # the leftover row is simply replaced
        with pytest.raises(TenantLockError, match=r"advisory lock -?\d+ is held; pid \d+ on "):
            TenantLock(store.engine, tenant_id).acquire()
        assert f"pid {os.getpid()}" in (TenantLock(store.engine, tenant_id).held_elsewhere() or "")
    assert rows.current(tenant_id) is None
    assert TenantLock(store.engine, tenant_id).held_elsewhere() is None


# ------------------------------------------------------------------ real daemon processes
def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _daemon(config: Path, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "agent", "daemon", "--config", str(config)], cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=out, stderr=subprocess.STDOUT)


def _config(tmp_path: Path, tenant: str, db: Path, port: int, **daemon: object) -> Path:
    cfg = tenant_config(tenant, f"sqlite:///{db}", daemon={"scan": {"interval_seconds": 3600},
                                                           "health": {"port": port}, "stop_grace_seconds": 5,
                                                           **daemon})
    return write_config(tmp_path / f"{tenant}-{port}.yaml", cfg)


def _stop(proc: subprocess.Popen[bytes]) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    return proc.wait()


@pytest.mark.slow
def test_deleting_every_lock_file_lets_no_second_daemon_in(tmp_path: Path, tenant_id: str) -> None:
    db, port = tmp_path / "tenant.sqlite", free_port()
    first = _daemon(_config(tmp_path, tenant_id, db, port), tmp_path / "first.log")
    try:
        wait_for(lambda: _ready(port) or first.poll() is not None, 60, "the first daemon")
        assert first.poll() is None, (tmp_path / "first.log").read_text()
        for path in tmp_path.rglob("*.lock"):  # the old flock file, if any: gone
            path.unlink()
        log = tmp_path / "second.log"
        second = _daemon(_config(tmp_path, tenant_id, db, free_port()), log)
        try:
            assert second.wait(timeout=60) == 3
        finally:
            _stop(second)
        assert "another ucs daemon is already running for this tenant (pid" in log.read_text()
        assert first.poll() is None and _ready(port)
    finally:
        assert _stop(first) == 0
    store = Store(f"sqlite:///{db}")
    try:
        assert TenantLocks(store.engine).current(tenant_id) is None  # a clean stop deletes the row
    finally:
        store.close()


@pytest.mark.slow
def test_a_killed_daemon_is_taken_over_after_the_stale_window(tmp_path: Path, tenant_id: str) -> None:
    db, window = tmp_path / "tenant.sqlite", LockSettings(heartbeat_seconds=0.5, stale_after_beats=6)
    lock_cfg = {"lock": window.model_dump()}
    port = free_port()
    first = _daemon(_config(tmp_path, tenant_id, db, port, **lock_cfg), tmp_path / "first.log")
    store = Store(f"sqlite:///{db}")
    rows = TenantLocks(store.engine)
    try:
        wait_for(lambda: _ready(port) or first.poll() is not None, 60, "the first daemon")
        assert first.poll() is None, (tmp_path / "first.log").read_text()
        held = rows.current(tenant_id)
        assert held is not None and held.pid == first.pid
        wait_for(lambda: rows.current(tenant_id).heartbeat_at > held.heartbeat_at, 20, "the daemon's heartbeat")

        first.send_signal(signal.SIGKILL)
        first.wait()
        killed = time.monotonic()
        # Its row stays behind, and until it is stale nobody gets in (the pid is gone, but it
        # may be a daemon on another host sharing the name: silence decides).
        with pytest.raises(TenantLockError, match=REFUSED):
            TenantLock(store.engine, tenant_id, window).acquire()
        assert time.monotonic() - killed < 3

        stale = timedelta(seconds=window.heartbeat_seconds * window.stale_after_beats)
        wait_for(lambda: utcnow() - rows.current(tenant_id).heartbeat_at > stale, 30, "the stale window")
        port = free_port()
        second = _daemon(_config(tmp_path, tenant_id, db, port, **lock_cfg), tmp_path / "second.log")
        try:
            wait_for(lambda: _ready(port) or second.poll() is not None, 60, "the second daemon")
            assert second.poll() is None, (tmp_path / "second.log").read_text()
            assert rows.current(tenant_id).pid == second.pid
            assert f"took over the tenant lock of pid {first.pid}" in (tmp_path / "second.log").read_text()
        finally:
            assert _stop(second) == 0
        assert rows.current(tenant_id) is None
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
        store.close()
