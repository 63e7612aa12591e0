"""The daemon never skips scans for ever behind a hung one (issue 23, defect 4): a scan whose
collection hangs completes as partial at the scan deadline; one hung anywhere else is given up on
at twice the deadline and marked interrupted; either way the job ends and the next run happens."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agent import collectors
from agent.daemon.service import Daemon
from agent.engine import scan as engine_scan
from agent.store.tables import resources
from tests.daemon import slow_collector
from tests.daemon.helpers import tenant_config, wait_for, write_config

KEY = "aws:123456789012"


@pytest.fixture()
def daemon(tmp_path: Path, tenant_id: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Daemon]:
    slow_collector.reset()
    monkeypatch.setitem(collectors.PROVIDERS, "aws", lambda: slow_collector)
    cfg = tenant_config(tenant_id, f"sqlite:///{tmp_path / 'd.sqlite'}", scan={"deadline_seconds": 2})
    d = Daemon(str(write_config(tmp_path / "tenant.yaml", cfg))).start()
    yield d
    slow_collector.release.set()
    d.stop(grace=1)


def _run_job(d: Daemon) -> threading.Thread:
    job = threading.Thread(target=d.run, args=("scan", KEY), daemon=True)
    job.start()
    job.join(10)  # the deadline is 2 s: main's job would still be waiting here
    return job


def test_a_scan_whose_collection_hangs_ends_partial_at_the_deadline(daemon: Daemon) -> None:
    job = _run_job(daemon)  # slow_collector never returns until released
    assert not job.is_alive(), "the scan job is still waiting for a hung collector"
    [scan] = daemon.store.scans(daemon.tenant)
    assert scan.status == "partial"
    assert [c["error"] for c in scan.coverage if not c["ok"]] == ["scan deadline exceeded after 2 s"]
    assert not daemon.active()


def test_a_scan_hung_after_collection_is_given_up_and_the_next_one_runs(
        daemon: Daemon, monkeypatch: pytest.MonkeyPatch) -> None:
    slow_collector.release.set()  # collection returns at once; the engine is what hangs
    stuck = threading.Event()
    free = threading.Event()
    real = engine_scan.evaluation

    def evaluate_hangs_once(*args: Any, **kwargs: Any) -> Any:
        if not stuck.is_set():
            stuck.set()
            free.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_scan, "evaluation", evaluate_hangs_once)
    job = _run_job(daemon)
    assert not job.is_alive(), "the scan job is still waiting for a hung scan"
    [given_up] = daemon.store.scans(daemon.tenant)
    assert given_up.status == "interrupted" and "twice the scan deadline" in (given_up.error or "")

    assert not _run_job(daemon).is_alive()  # the next run is not skipped: it runs and completes
    latest = daemon.store.scans(daemon.tenant)[0]
    assert latest.id != given_up.id and latest.status == "completed"

    free.set()  # the abandoned scan moves again: it must not record anything
    wait_for(lambda: (daemon.store.scans(daemon.tenant)[-1].error or "").startswith("ScanAbandoned"), 10,
             "the late scan to stop itself")
    assert [s.status for s in daemon.store.scans(daemon.tenant)] == ["completed", "interrupted"]
    with daemon.store.engine.connect() as conn:
        assert set(conn.execute(select(resources.c.last_scan_id).where(
            resources.c.tenant == daemon.tenant)).scalars()) == {latest.id}


