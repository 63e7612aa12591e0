"""Deadlines of a whole scan (issue 23, defect 4): a hung service makes the scan partial within a
few seconds and resolves nothing; a hung provider is cut off at the scan deadline; a `ucs scan`
process exits though a thread is still stuck in a read."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import boto3
import pytest

from agent import collectors
from agent.collectors.deadline import Deadline
from agent.core.inventory import Inventory
from agent.core.model import ACTIVE_STATES
from agent.engine.scan import collect_all, run_scan
from agent.settings.gcp import GcpProvider
from agent.settings.tenant import parse_settings
from agent.store import Store
from tests.collectors.aws.test_deadlines import OneServiceHangs

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"


def test_a_hung_service_makes_the_scan_partial_and_resolves_nothing(moto_reset: str, hang_server: str,
                                                                    tmp_path: Path) -> None:
    boto3.client("sqs", region_name=REGION, endpoint_url=moto_reset).create_queue(QueueName="q1")
    boto3.client("sns", region_name=REGION, endpoint_url=moto_reset).create_topic(Name="t1")
    settings = parse_settings(f"""\
tenant: {{id: deadlines}}
licence: {{product: UCS Cloud Security, expires: 2099-12-31}}
providers:
  aws:
    accounts:
      - {{id: "123456789012", regions: [{REGION}], endpoint_url: "{moto_reset}", services: [sns, sqs]}}
scan: {{service_deadline_seconds: 2}}
""")
    store = Store(f"sqlite:///{tmp_path / 'ucs.sqlite'}")
    try:
        clean = run_scan(settings, store, collect_options={"aws": {"clients": OneServiceHangs(
            "none", hang_server, endpoint_url=moto_reset, max_attempts=3)}})
        assert clean.status == "completed"
        before = {f.fingerprint for f in store.findings("deadlines", states=[s.value for s in ACTIVE_STATES])}
        assert any(f.resource.name == "q1" for f in clean.findings)

        started = time.monotonic()
        hung = run_scan(settings, store, collect_options={"aws": {"clients": OneServiceHangs(
            "sqs", hang_server, endpoint_url=moto_reset, max_attempts=3)}})
        assert time.monotonic() - started < 20  # a 2 s deadline; uncapped, the hung read would wait 3 × 60 s
        assert hung.status == "partial"
        assert [(e.region, e.resource_type, e.error) for e in hung.coverage.failures] == [
            (REGION, "aws.sqs.queue", "sqs: deadline exceeded after 2 s")]
        assert not hung.changes["resolved"]
        assert {f.fingerprint for f in store.findings("deadlines", states=[s.value for s in ACTIVE_STATES])} == before
        [row] = [s for s in store.scans("deadlines") if s.id == hung.scan_id]
        assert row.status == "partial"
    finally:
        store.close()


def test_a_hung_provider_is_cut_off_at_the_scan_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    told: list[str] = []

    def hang(scope: Any, clients: Any = None, progress: Any = None, **_: Any) -> Inventory:
        release.wait(30)
        progress("late news")  # a collector given up on no longer reaches the caller's progress
        return Inventory()

    monkeypatch.setitem(collectors.PROVIDERS, "gcp", lambda: SimpleNamespace(collect=hang))
    started = time.monotonic()
    try:
        inv = collect_all([("gcp", GcpProvider(projects=["proj-123456"]))], told.append, deadline=Deadline.after(1))
        assert time.monotonic() - started < 12  # cut at the 1 s scan deadline, not when the provider ends (30 s)
    finally:
        release.set()
    assert [(e.provider, e.account, e.region, e.resource_type, e.error) for e in inv.coverage.failures] == [
        ("gcp", "gcp", "*", "*", "scan deadline exceeded after 1 s")]
    time.sleep(0.1)
    assert "late news" not in told


def test_the_cli_exits_at_its_deadline_though_a_read_still_hangs(hang_server: str, tmp_path: Path) -> None:
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "agent", "scan", "--endpoint-url", hang_server, "--region", REGION,
                          "--deadline", "2", "-q", "--output-format", "json", "--output-dir", str(tmp_path),
                          "--store", f"sqlite:///{tmp_path / 'adhoc.sqlite'}"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 3, run.stderr  # the deadline cut the only scope off: nothing assessed (issue 20)
    assert "nothing was assessed for aws" in run.stderr
    assert time.monotonic() - started < 30  # the STS read alone would wait 8 × 60 s
    assert "scan deadline exceeded after 2 s" in run.stderr and "partial" in run.stderr
