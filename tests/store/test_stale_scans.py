"""A `ucs scan` killed mid-run does not leave its row ``running`` for ever (issue 23, defect 9): the
row names its process, and any command that opens the tenant's store reconciles it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.cli import main
from agent.store import Store
from agent.store.scans import process_identity, stale_reason
from tests.daemon.helpers import wait_for

ROOT = Path(__file__).resolve().parents[2]
HOUR = timedelta(hours=1)


def _config(tmp_path: Path, endpoint: str) -> Path:
    path = tmp_path / "tenant.yaml"
    path.write_text(f"""\
tenant: {{id: stale}}
licence: {{product: UCS Cloud Security, expires: 2099-12-31}}
providers:
  aws:
    accounts: [{{regions: [us-east-1], endpoint_url: "{endpoint}", credentials: {{env: true}}}}]
storage: {{url: "sqlite:///{tmp_path / 'ucs.sqlite'}"}}
output: {{dir: "{tmp_path / 'out'}"}}
""")
    return path


def test_a_killed_cli_scan_is_marked_interrupted_by_the_next_command(hang_server: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, hang_server)  # the scan hangs on its first call (STS), row begun
    proc = subprocess.Popen([sys.executable, "-m", "agent", "scan", "--config", str(config), "-q"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = Store(f"sqlite:///{tmp_path / 'ucs.sqlite'}")
    try:
        [running] = wait_for(lambda: store.scans("stale"), 30, "the scan row")
        assert running.status == "running" and running.scope["process"]["pid"] == proc.pid
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert store.scans("stale")[0].status == "running"  # nothing else noticed yet

        assert main(["findings", "list", "--config", str(config), "--json"]) == 0  # any command opening the store
        capsys.readouterr()
        [after] = store.scans("stale")
        assert after.status == "interrupted" and after.finished_at is not None
        assert after.error == f"left running by process {proc.pid} on {socket.gethostname()}, which is gone"
    finally:
        if proc.poll() is None:
            proc.kill()
        store.close()


def test_a_scan_of_a_live_process_is_left_running(store: Store, tenant_id: str) -> None:
    scan_id = store.begin_scan(tenant_id, "cli", {"providers": ["aws"]})
    assert store.reconcile_stale_scans(tenant_id, HOUR) == {}
    [row] = store.scans(tenant_id)
    assert row.id == scan_id and row.status == "running" and row.scope["process"]["pid"] == os.getpid()
    assert store.reconcile_stale_scans(tenant_id, HOUR, now=datetime.now(UTC) + 2 * HOUR) == {}  # pid rule wins


def test_stale_rules() -> None:
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    old, young = now - 3 * HOUR, now - timedelta(minutes=5)
    here, there = {"pid": 4242, "host": "here"}, {"pid": 4242, "host": "there"}

    def reason(trigger: str, started: datetime, proc: dict[str, object] | None, alive: bool = False) -> str | None:
        return stale_reason(trigger, started, {"process": proc} if proc else {}, host="here", now=now,
                            max_age=2 * HOUR, alive=lambda pid, start: alive)

    assert reason("cli", young, here) == "left running by process 4242 on here, which is gone"
    assert reason("daemon", young, here) is not None  # a dead daemon's scan, on this host, too
    assert reason("cli", old, here, alive=True) is None
    assert reason("cli", young, there) is None  # another host: only age tells
    assert reason("cli", old, there) == "left running on there for more than 7200 s (twice the scan deadline)"
    assert reason("cli", old, None) is not None  # a row from before scan rows named their process
    assert reason("daemon", old, there) is None  # another host's daemon reconciles its own


def test_a_reused_pid_is_not_the_scan_process() -> None:
    from agent.store.scans import process_alive

    me = process_identity()
    assert process_alive(me["pid"], me["start"])
    if me["start"] is not None:  # Linux: the start time tells a reused pid apart
        assert not process_alive(me["pid"], str(int(me["start"]) + 1))
