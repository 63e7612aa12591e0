"""The daemon in-process: persisted jobs, no overlap, graceful stop mid-scan, reload, suspension."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from agent import collectors
from agent.daemon.lock import TenantLockError
from agent.daemon.service import Daemon, job_table
from agent.store.daemon_state import DaemonState
from agent.store.tables import resources
from tests.daemon import slow_collector
from tests.daemon.helpers import tenant_config, wait_for, write_config

JOB = "scan:aws:123456789012"


@pytest.fixture()
def slow_aws(monkeypatch: pytest.MonkeyPatch):
    slow_collector.reset()
    monkeypatch.setitem(collectors.PROVIDERS, "aws", lambda: slow_collector)
    yield slow_collector
    slow_collector.release.set()


def _daemon(tmp_path: Path, store_url: str, tenant: str, **sections) -> Daemon:
    return Daemon(str(write_config(tmp_path / f"{tenant}.yaml", tenant_config(tenant, store_url, **sections))))


def test_jobs_persist_across_restart_and_missed_runs_coalesce(tmp_path, store_url, tenant_id, moto_reset) -> None:
    sections = {"daemon": {"scan": {"interval_seconds": 60}, "health": {"enabled": False}},
                "providers": {"aws": {"accounts": [{"id": "123456789012", "regions": ["us-east-1"],
                                                    "endpoint_url": moto_reset}]}}}
    first = _daemon(tmp_path, store_url, tenant_id, **sections).start()
    first.scheduler.pause()
    missed = datetime.now(UTC) - timedelta(minutes=5)  # five runs missed while "down"
    first.scheduler.modify_job(JOB, jobstore="default", next_run_time=missed)
    assert first.stop()

    second = _daemon(tmp_path, store_url, tenant_id, **sections).start()
    try:
        job = second.scheduler.get_job(JOB, jobstore="default")
        assert job is not None and {j.id for j in second.scheduler.get_jobs("default")} >= {
            JOB, "outbox", "digests", "retention"}
        wait_for(lambda: [s for s in second.store.scans(tenant_id) if s.status != "running"], 30, "the missed scan")
        wait_for(lambda: not second.active(), 30, "the scan job to end")
        job = second.scheduler.get_job(JOB, jobstore="default")
        assert job.next_run_time > datetime.now(UTC)
        assert len(second.store.scans(tenant_id)) == 1  # five missed runs coalesced into one
    finally:
        second.stop()


def test_second_daemon_for_the_tenant_is_refused(tmp_path, store_url, tenant_id) -> None:
    d = _daemon(tmp_path, store_url, tenant_id).start()
    try:
        from agent.commands.status import status_doc

        assert status_doc(d.settings, d.store)["daemon"]["running"] is True
        other = Daemon(d.config_path)
        other.store_url = d.store_url
        with pytest.raises(TenantLockError, match="another ucs daemon is already running"):
            _start_in_thread(other)
    finally:
        d.stop()
    again = _daemon(tmp_path, store_url, tenant_id).start()  # the lock is free once stopped
    again.stop()


def _start_in_thread(d: Daemon) -> None:
    # In one process the in-process registry would refuse first; a thread-less second start still
    # goes to the lock, which is what a second process meets.
    from agent.daemon import service as mod

    saved = mod._RUNNING.pop(d.tenant)
    try:
        d.start()
    finally:
        mod._RUNNING[d.tenant] = saved


def test_slow_scan_never_overlaps_itself(tmp_path, tenant_id, slow_aws, caplog) -> None:
    # Scheduler behaviour, not storage: SQLite only (the PostgreSQL job store runs in other tests).
    store_url = f"sqlite:///{tmp_path / 'overlap.sqlite'}"
    d = _daemon(tmp_path, store_url, tenant_id, daemon={"scan": {"interval_seconds": 1}, "health": {"enabled": False}})
    d.start()
    try:
        assert slow_aws.entered.wait(30)
        # While the first run is held, its 1 s interval comes round again: that run is skipped.
        wait_for(lambda: "maximum number of running instances reached" in caplog.text, 30, "a skipped run")
        slow_aws.release.set()
        wait_for(lambda: len([s for s in d.store.scans(tenant_id) if s.status == "completed"]) >= 2, 30, "two scans")
    finally:
        d.stop()
    assert slow_aws.max_running == 1


def test_graceful_stop_lets_the_running_scan_finish(tmp_path, store_url, tenant_id, slow_aws) -> None:
    d = _daemon(tmp_path, store_url, tenant_id, daemon={"scan": {"interval_seconds": 1}, "health": {"enabled": False}})
    d.start()
    assert slow_aws.entered.wait(30)
    result: list[bool] = []
    stopper = threading.Thread(target=lambda: result.append(d.stop(grace=30)))
    stopper.start()
    wait_for(lambda: d.stopping.is_set(), 10, "stop to begin")
    slow_aws.release.set()
    stopper.join(60)
    assert result == [True]
    scans = d.store.scans(tenant_id)
    assert [s.status for s in scans] == ["completed"]
    with d.store.engine.connect() as conn:
        assert conn.execute(select(resources.c.last_scan_id).where(resources.c.tenant == tenant_id)).scalars().all() \
            == [scans[0].id]


def test_stop_after_grace_abandons_the_scan_cleanly(tmp_path, store_url, tenant_id, slow_aws) -> None:
    d = _daemon(tmp_path, store_url, tenant_id, daemon={"scan": {"interval_seconds": 1}, "health": {"enabled": False}})
    d.start()
    assert slow_aws.entered.wait(30)
    assert d.stop(grace=0.2) is False
    [scan] = d.store.scans(tenant_id)
    assert scan.status == "interrupted" and "abandoned" in scan.error
    with d.store.engine.connect() as conn:  # nothing of the abandoned scan was written
        assert conn.execute(select(resources.c.key).where(resources.c.tenant == tenant_id)).all() == []


def test_reload_rejects_a_broken_config_and_applies_a_good_one(tmp_path, store_url, tenant_id) -> None:
    d = _daemon(tmp_path, store_url, tenant_id)
    d.start()
    try:
        before = d.scheduler.get_job(JOB).name
        path = Path(d.config_path)
        good = path.read_text()
        path.write_text(good.replace("interval_seconds: 3600", "interval_seconds: 3600\n    cron: '*/5 * * * *'"))
        assert d.reload() is False
        path.write_text("tenant: [unclosed\n")
        assert d.reload() is False
        assert d.scheduler.get_job(JOB).name == before and d.settings.daemon.scan.interval_seconds == 3600
        path.write_text(good.replace("interval_seconds: 3600", "interval_seconds: 1800"))
        assert d.reload() is True
        assert d.scheduler.get_job(JOB).name == f"{JOB} | every 1800s jitter 0s | grace 900s"
        assert d.settings.daemon.scan.interval_seconds == 1800
    finally:
        d.stop()


def test_suspended_tenant_scans_are_skipped_and_recorded(tmp_path, store_url, tenant_id, slow_aws) -> None:
    from agent.store import Store

    store = Store(store_url)
    now = datetime.now(UTC)
    DaemonState(store.engine).open_suspension(tenant_id, now, now + timedelta(hours=1), "Art. 11 test", {})
    store.close()
    d = _daemon(tmp_path, store_url, tenant_id, daemon={"scan": {"interval_seconds": 1}, "health": {"enabled": False}})
    d.start()
    try:
        refused = wait_for(lambda: [s for s in d.store.scans(tenant_id) if s.status == "refused"], 30, "a refused scan")
        assert "Art. 11: service suspended" in refused[0].error
        assert not slow_aws.entered.is_set()  # no collection ran
    finally:
        d.stop()


def test_job_table_is_per_tenant(tmp_path, store_url, tenant_id) -> None:
    a = _daemon(tmp_path, store_url, tenant_id).start()
    b = _daemon(tmp_path, store_url, tenant_id + "b").start()
    try:
        assert job_table(tenant_id) != job_table(tenant_id + "b")
        assert all(j.args[0] == tenant_id for j in a.scheduler.get_jobs("default"))
        assert all(j.args[0] == tenant_id + "b" for j in b.scheduler.get_jobs("default"))
    finally:
        a.stop()
        b.stop()


def test_remediation_job_only_when_something_may_be_fixed_unattended(tmp_path, store_url, tenant_id) -> None:
    from agent.daemon.jobs import auto_mode_configured
    from agent.settings.tenant import load_settings

    def settings(remediation: dict):
        cfg = tenant_config(tenant_id, store_url, remediation=remediation, menus={"options": ["remediation"]})
        return load_settings(write_config(tmp_path / "r.yaml", cfg))

    assert not auto_mode_configured(settings({"mode": "dry-run"}))
    assert not auto_mode_configured(settings({"mode": "auto"}))  # nothing allow-listed: nothing runs unattended
    assert auto_mode_configured(settings({"mode": "auto", "auto_allow": ["aws.s3.*"]}))
    d = Daemon(str(tmp_path / "r.yaml")).start()
    try:
        assert d.scheduler.get_job("remediation", jobstore="default") is not None
    finally:
        d.stop()


def test_providers_outside_the_menus_are_not_scheduled(tmp_path, store_url, tenant_id, caplog) -> None:
    cfg = tenant_config(tenant_id, store_url)
    cfg["providers"]["gcp"] = {"projects": ["demo-project"]}
    d = Daemon(str(write_config(tmp_path / "m.yaml", cfg))).start()
    try:
        scans = {j.id for j in d.scheduler.get_jobs("default") if j.id.startswith("scan:")}
        assert scans == {JOB}
        assert "gcp accounts are not scheduled" in caplog.text and "multi-cloud" in caplog.text
    finally:
        d.stop()
