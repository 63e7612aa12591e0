"""The daemon's daily compliance job: scheduled from `compliance.snapshot`, it stores one
snapshot per framework the tenant selected."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from agent.daemon import jobs as daemon_jobs
from agent.daemon.jobs import JobKind
from agent.daemon.service import Daemon
from agent.store import Store
from tests.agent.test_compliance_evidence import seed
from tests.daemon.helpers import tenant_config, write_config


def test_compliance_job_is_scheduled_and_stores_snapshots(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    cfg = tenant_config("comp-t", url, compliance={"frameworks": ["ismap", "pci-dss-4.0.1"],
                                                   "snapshot": {"cron": "50 23 * * *"}})
    d = Daemon(str(write_config(tmp_path / "tenant.yaml", cfg)))
    sched, kind, _ = d.desired_jobs(d.settings)["compliance"]
    assert kind is JobKind.COMPLIANCE and sched.cron == "50 23 * * *"
    s = Store(url)
    seed(s, "comp-t")
    assert d.jobs[JobKind.COMPLIANCE] == d._job_compliance
    daemon_jobs.compliance_snapshots(s, d.settings)  # what the handler runs when not suspended
    since = date.today() - timedelta(days=2)
    assert [len(s.compliance_trend("comp-t", fw, since)) for fw in ("ismap", "pci-dss-4.0.1", "fisc")] == [1, 1, 0]
    s.close()
