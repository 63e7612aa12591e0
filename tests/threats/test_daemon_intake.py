"""The detector inside a real daemon: CloudTrail and audit files read by the files intake."""

from __future__ import annotations

import json
from pathlib import Path

from agent.daemon.service import Daemon
from agent.store import threats as tables
from tests.daemon.helpers import tenant_config, write_config
from tests.threats.test_detector import RAW_VALUES, seeded


def test_daemon_files_intake_stores_pseudonymised_threat_findings(tmp_path: Path, store_url, tenant_id,
                                                                   monkeypatch, caplog) -> None:
    monkeypatch.setenv("UCS_T_DAEMON_PSEUDONYM_KEY", "daemon-pseudonym-key-42")
    logs = tmp_path / "logs"
    logs.mkdir()
    events = seeded()
    trail = [e for e in events if "eventName" in e]
    audit = [e for e in events if "auditID" in e]
    (logs / "111122223333_CloudTrail_us-east-1_20261124T1000Z.json").write_text(json.dumps({"Records": trail}))
    (logs / "audit.log").write_text("\n".join(json.dumps(e) for e in audit) + "\n")
    cfg = tenant_config(tenant_id, store_url, menus={"options": ["threat-detection"]},
                        intake={"files": [{"path": str(logs), "source": "files"}]},
                        threats={"pseudonym_key_env": "UCS_T_DAEMON_PSEUDONYM_KEY", "investigators": ["hanako"]})
    d = Daemon(str(write_config(tmp_path / "tenant.yaml", cfg))).start()
    try:
        d.run("intake", "")
        found = [f for f in d.store.findings(tenant_id) if f.kind == "threat"]
        counts = tables.counts(d.store.engine, tenant_id)
    finally:
        d.stop()
    assert sorted(f.check_id for f in found) == [
        "threat.cloudtrail.access_key_created_for_other_user", "threat.cloudtrail.admin_port_opened_to_world",
        "threat.cloudtrail.trail_logging_stopped", "threat.k8s_audit.pod_exec"]
    assert sorted(counts.values()) == [2, 3, 5, 40]
    text = json.dumps([f.to_dict() for f in found]) + caplog.text
    for raw in RAW_VALUES:
        assert raw not in text


def test_daemon_polls_its_sources_once_at_start(tmp_path: Path, store_url, tenant_id, monkeypatch) -> None:
    import time

    monkeypatch.setenv("UCS_T_DAEMON_PSEUDONYM_KEY", "daemon-pseudonym-key-42")
    logs = tmp_path / "logs"
    logs.mkdir()
    trail = [e for e in seeded() if "eventName" in e]
    (logs / "111122223333_CloudTrail_us-east-1_20261124T1000Z.json").write_text(json.dumps({"Records": trail}))
    cfg = tenant_config(tenant_id, store_url, menus={"options": ["threat-detection"]},
                        intake={"files": [{"path": str(logs)}], "poll": {"interval_seconds": 3600}},
                        threats={"pseudonym_key_env": "UCS_T_DAEMON_PSEUDONYM_KEY"})
    d = Daemon(str(write_config(tmp_path / "tenant.yaml", cfg))).start()
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not [f for f in d.store.findings(tenant_id) if f.kind == "threat"]:
            time.sleep(0.2)
        found = [f for f in d.store.findings(tenant_id) if f.kind == "threat"]
    finally:
        d.stop()
    assert "threat.cloudtrail.trail_logging_stopped" in {f.check_id for f in found}  # not an hour later
