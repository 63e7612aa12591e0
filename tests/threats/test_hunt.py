"""`ucs threats scan`: the rules over log files of all four sources without a tenant config,
in every output format, pseudonymised; with --config the findings land in the tenant's store."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from agent.cli import main
from agent.store import Store, threat_engine
from tests.threats.conftest import fixture
from tests.threats.test_detector import RAW_VALUES, copies

CASES = {
    "threat.cloudtrail.trail_logging_stopped": "cloudtrail",
    "threat.k8s_audit.port_forward": "k8s",
    "threat.azure_activity.diagnostic_setting_deleted": "azure",
    "threat.azure_entra.risky_signin_succeeded": "entra",
    "threat.gcp_audit.logging_sink_removed": "gcp",
}


def write_logs(root: Path) -> None:
    (root / "aws").mkdir()
    stop = copies(fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0], 3)
    quiet = fixture("threat.cloudtrail.root_account_used")["pass"]
    (root / "aws" / "111122223333_CloudTrail_us-east-1_20261124T1020Z.json.gz").write_bytes(
        gzip.compress(json.dumps({"Records": stop + quiet}).encode()))
    k8s = fixture("threat.k8s_audit.port_forward")
    (root / "audit.log").write_text("\n".join(json.dumps(r) for r in k8s["fail"] + k8s["pass"]) + "\n")
    azure = fixture("threat.azure_activity.diagnostic_setting_deleted")
    entra = fixture("threat.azure_entra.risky_signin_succeeded")
    (root / "PT1H.json").write_text("\n".join(json.dumps(r) for r in azure["fail"] + azure["pass"] + entra["fail"]))
    gcp = fixture("threat.gcp_audit.logging_sink_removed")
    (root / "cloudaudit.googleapis.com_activity.json").write_text("\n".join(json.dumps(r) for r in gcp["fail"] + gcp["pass"]))


def scan(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["threats", "scan", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_scan_folder_all_sources_json(tmp_path: Path, capsys) -> None:
    write_logs(tmp_path)
    code, out, err = scan(capsys, str(tmp_path), "--output-format", "json")
    assert code == 0, err
    docs = json.loads(out)
    assert {d["check_id"] for d in docs} >= set(CASES)
    [stop] = [d for d in docs if d["check_id"] == "threat.cloudtrail.trail_logging_stopped"]
    assert stop["events"]["count"] == 3 and len(stop["events"]["event_ids"]) == 3
    assert stop["events"]["sources"][0].endswith(".json.gz")
    assert "4 file(s)" in err
    for raw in RAW_VALUES:
        assert raw not in out, raw


def test_scan_sarif_ocsf_table_and_since(tmp_path: Path, capsys) -> None:
    write_logs(tmp_path)
    code, out, _ = scan(capsys, str(tmp_path), "--output-format", "sarif")
    doc = json.loads(out)
    assert doc["version"] == "2.1.0" and {r["ruleId"] for r in doc["runs"][0]["results"]} >= set(CASES)
    code, out, _ = scan(capsys, str(tmp_path), "--output-format", "ocsf")
    assert {d["class_uid"] for d in json.loads(out)} == {2004}
    code, out, _ = scan(capsys, str(tmp_path / "audit.log"))
    assert "threat.k8s_audit.port_forward" in out and "medium" in out
    code, out, err = scan(capsys, str(tmp_path), "--since", "2099-01-01", "--output-format", "json")
    assert json.loads(out) == [] and "before --since" in err


def test_scan_reports_broken_rules_and_keeps_the_rest(tmp_path: Path, capsys) -> None:
    (tmp_path / "logs").mkdir()
    write_logs(tmp_path / "logs")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yml").write_text("name: broken\ntitle: [unclosed\n")
    code, out, err = scan(capsys, str(tmp_path / "logs"), "--rules", str(rules), "--output-format", "json")
    assert code == 0 and "rule not loaded" in err and "bad.yml:" in err
    assert "threat.cloudtrail.trail_logging_stopped" in {d["check_id"] for d in json.loads(out)}


def test_scan_with_config_records_into_the_tenant_store(tmp_path: Path, capsys, monkeypatch) -> None:
    write_logs(tmp_path)
    monkeypatch.setenv("UCS_T_CLI_PSEUDONYM_KEY", "cli-pseudonym-key-abcdef")
    config = tmp_path / "tenant.yaml"
    config.write_text(f"""
tenant: {{id: hunt1}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
menus: {{options: [threat-detection]}}
storage: {{url: "sqlite:///{tmp_path / 'ucs.sqlite'}"}}
threats: {{pseudonym_key_env: UCS_T_CLI_PSEUDONYM_KEY, investigators: [hanako]}}
""", encoding="utf-8")
    code, out, err = scan(capsys, str(tmp_path / "aws"), "-c", str(config), "--output-format", "json")
    assert code == 0 and "recorded for tenant hunt1" in err
    store = Store(f"sqlite:///{tmp_path / 'ucs.sqlite'}")
    [f] = [f for f in store.findings("hunt1") if f.check_id == "threat.cloudtrail.trail_logging_stopped"]
    assert threat_engine.evidence(store.engine, "hunt1", f.fingerprint)["events"] == 3
    capsys.readouterr()
    assert main(["threats", "show", f.fingerprint[:10], "-c", str(config)]) == 0
    shown = capsys.readouterr().out
    assert "events:      3" in shown and "T1562.008" in shown and "111122223333_CloudTrail" in shown


def test_canary_secrets_in_events_never_reach_scan_output(tmp_path: Path, capsys) -> None:
    """Secrets inside matching events (user data, a Secret's data, a policy) stay out of every format."""
    canary = "canary-7f3a-secret-value-do-not-print"
    ud = fixture("threat.cloudtrail.user_data_modified")["fail"][0]
    ud["requestParameters"]["userData"] = canary
    role = fixture("threat.k8s_audit.role_grants_secret_read")["fail"][0]
    role["requestObject"]["metadata"] = {"annotations": {"token": canary}}
    (tmp_path / "logs.jsonl").write_text("\n".join(json.dumps(r) for r in (ud, role)) + "\n")
    for fmt in ("table", "json", "ocsf", "sarif"):
        code, out, err = scan(capsys, str(tmp_path), "--output-format", fmt)
        assert code == 0 and "threat.cloudtrail.user_data_modified" in out
        assert canary not in out and canary not in err, fmt
