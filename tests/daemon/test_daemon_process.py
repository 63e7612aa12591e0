"""The daemon as a real subprocess: moto server, a schedule of seconds, SIGHUP, SIGTERM."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest

from agent.daemon.lock import TenantLock, TenantLockError
from agent.store import Store
from agent.store.daemon_state import DaemonState
from tests.daemon.helpers import free_port, tenant_config, wait_for, write_config

ROOT = Path(__file__).resolve().parents[2]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError:
        return 0, ""


@pytest.mark.slow
def test_daemon_subprocess_end_to_end(tmp_path: Path, moto_reset: str, tenant_id: str) -> None:
    db = tmp_path / "tenant.sqlite"
    port = free_port()
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=moto_reset)
    s3.create_bucket(Bucket="trail")
    records = [{"eventName": "PutBucketPolicy", "eventSource": "s3.amazonaws.com", "eventTime": "2026-03-02T09:00:00Z",
                "eventID": str(i)} for i in range(7)]
    s3.put_object(Bucket="trail", Key="AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/02/a.json.gz",
                  Body=gzip.compress(json.dumps({"Records": records}).encode()))
    cfg = tenant_config(tenant_id, f"sqlite:///{db}", moto_reset,
                        menus={"options": ["threat-detection"]},
                        intake={"s3": [{"bucket": "trail", "prefix": "AWSLogs/", "endpoint_url": moto_reset}],
                                "poll": {"interval_seconds": 1}},
                        daemon={"scan": {"interval_seconds": 1}, "health": {"port": port},
                                "outbox": {"interval_seconds": 1}, "stop_grace_seconds": 10})
    config = write_config(tmp_path / "tenant.yaml", cfg)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log_path = tmp_path / "daemon.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "agent", "--log-json", "daemon", "--config", str(config)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: _get(f"http://127.0.0.1:{port}/readyz")[0] == 200, 30, "/readyz")
        assert _get(f"http://127.0.0.1:{port}/healthz") == (200, "ok\n")
        store = Store(f"sqlite:///{db}")
        wait_for(lambda: len([s for s in store.scans(tenant_id) if s.status != "running"]) >= 2, 40, "two scans")
        wait_for(lambda: [r["accepted"] for r in DaemonState(store.engine).counts(tenant_id)] == [7], 40,
                 "the CloudTrail object taken in from S3")

        # Another process for the same tenant is refused: the lock is held across processes.
        with pytest.raises(TenantLockError, match=r"another ucs daemon is already running .*pid \d+"):
            TenantLock(store.engine, tenant_id).acquire()
        assert TenantLockError.exit_code == 3

        # SIGHUP with a broken config: rejected, the daemon keeps running on the old one.
        config.write_text(config.read_text().replace("interval_seconds: 1", "interval_seconds: -5"))
        proc.send_signal(signal.SIGHUP)
        wait_for(lambda: b"config reload rejected" in log_path.read_bytes(), 20, "reload rejection in the log")
        assert proc.poll() is None
        assert _get(f"http://127.0.0.1:{port}/readyz")[0] == 200

        status, metrics = _get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200
        assert f'ucs_scans_total{{status="partial",tenant="{tenant_id}"}}' in metrics or \
            f'ucs_scans_total{{status="completed",tenant="{tenant_id}"}}' in metrics
        assert "ucs_throttle_suspended" in metrics

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = log_path.read_text()
    stopped = [json.loads(line) for line in out.splitlines() if "daemon stopped" in line]
    assert stopped and stopped[-1]["level"] == "warning"  # --log-json: one JSON object per line
    assert stopped[-1]["tenant"] == tenant_id and "SIGTERM received" in out
    done = store.scans(tenant_id, limit=100)
    assert done and all(s.status in ("completed", "partial", "interrupted") for s in done)
    assert {s.trigger for s in done} == {"daemon"}
    assert [r["accepted"] for r in DaemonState(store.engine).counts(tenant_id)] == [7]  # polled often, read once
    # `ucs status` reads the schedule and the scans back from the store (in-process: the
    # command's subprocess path is the same code, and an interpreter start is costly here).
    from agent.commands.status import status_doc
    from agent.settings.tenant import load_settings

    doc = status_doc(load_settings(write_config(tmp_path / "ok.yaml", cfg)), store)
    assert "scan:aws:123456789012" in {j["job"] for j in doc["jobs"]} and doc["daemon"]["running"] is False
    assert doc["last_scans"][0]["trigger"] == "daemon"
    store.close()
