"""`ucs compliance`: per-control status from the last scan's findings and coverage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import checks as registry
from agent.core.errors import UsageError
from agent.core.model import Coverage, Finding, Resource, Severity, Status
from agent.posture.compliance import evaluate, report_from_store

ROOT = Path(__file__).resolve().parents[2]
ACCT = "123456789012"


def cov(*types: str, failed: tuple[str, ...] = ()) -> list[dict]:
    c = Coverage()
    for t in types:
        c.add("aws", ACCT, "*", t, 1)
    for t in failed:
        c.fail("aws", ACCT, "us-east-1", t, "AccessDenied")
    return c.to_list()


def row(check_id: str, status: str, rid: str = "r1") -> dict:
    return {"check_id": check_id, "status": status, "account": ACCT, "region": "us-east-1", "resource_id": rid,
            "resource_name": rid, "detail": "d"}


def by_id(report) -> dict:
    return {c.id: c for c in report.controls}


def test_statuses_and_score() -> None:
    rows = [row("aws.efs.encrypted", "PASS"), row("aws.efs.encrypted", "FAIL", "fs-2"),
            row("aws.securityhub.enabled", "PASS"), row("aws.accessanalyzer.enabled", "ERROR")]
    report = evaluate("cis-aws-3.0", 7, rows, cov("aws.efs.file_system", "aws.securityhub.region", "aws.accessanalyzer.region",
                                                  "aws.ec2.network_acl"))
    c = by_id(report)
    assert c["2.4.1"].status == "fail" and c["2.4.1"].failing[0]["resource"] == "fs-2"
    assert c["4.16"].status == "pass"
    assert c["1.20"].status == "error"
    assert c["5.1"].status == "pass"  # NACLs assessed, none failing (no rows: no NACLs at all)
    assert c["1.1"].status == "manual" and c["5.5"].status == "manual"
    assert c["3.3"].status == "not-assessed"  # AWS Config not in this scan's coverage
    t = report.totals
    assert t["pass"] == 2 and t["fail"] == 1 and t["error"] == 1
    # severity-weighted, not-assessed controls count against the score: 8 of 253 weight points
    assert report.summary.weight_passed == 8 and report.summary.not_assessed == t["not-assessed"] == 52
    assert report.score == round(100 * 8 / report.summary.weight_total, 1)
    assert [x.id for x in report.controls][:3] == ["1.1", "1.2", "1.3"]
    ids = [x.id for x in report.controls]
    assert ids.index("1.9") < ids.index("1.10") < ids.index("2.1.1")


def test_a_failed_collection_is_not_a_pass() -> None:
    report = evaluate("cis-aws-3.0", 1, [], cov(failed=("aws.efs.file_system",)))
    assert by_id(report)["2.4.1"].status == "not-assessed"


def test_every_cis_control_is_listed_and_manual_ones_are_marked() -> None:
    report = evaluate("cis-aws-3.0", 1, [], [])
    ids = {c.id for c in report.controls}
    assert len(ids) == 62 and {"1.22", "2.4.1", "3.9", "4.16", "5.6"} <= ids
    assert {c.id for c in report.controls if c.status == "manual"} == {"1.1", "1.3", "1.18", "1.21", "2.1.3", "5.5"}


def test_unknown_framework_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as err:
        evaluate("cis-aws-9.9", 1, [], [])
    assert "cis-aws-3.0" in str(err.value)


def _finding(check_id: str, rid: str, status: Status) -> Finding:
    r = Resource("aws", ACCT, "us-east-1", "aws.efs.file_system", rid, rid, {}, {})
    return Finding(check_id, r, status, Severity.HIGH, "detail")


def test_from_store_uses_only_the_last_scan(store, tenant_id) -> None:
    coverage = Coverage.from_list(cov("aws.efs.file_system"))
    s1 = store.begin_scan(tenant_id)
    store.record_scan(s1, tenant_id, [_finding("aws.efs.encrypted", "fs-1", Status.FAIL)], coverage, {"aws.efs.encrypted"})
    assert by_id(report_from_store(store, tenant_id, "cis-aws-3.0"))["2.4.1"].status == "fail"
    s2 = store.begin_scan(tenant_id)
    store.record_scan(s2, tenant_id, [_finding("aws.efs.encrypted", "fs-1", Status.PASS)], coverage, {"aws.efs.encrypted"})
    report = report_from_store(store, tenant_id, "cis-aws-3.0")
    assert report.scan_id == s2 and by_id(report)["2.4.1"].status == "pass"


def test_from_store_without_scans(store, tenant_id) -> None:
    with pytest.raises(UsageError):
        report_from_store(store, tenant_id, "cis-aws-3.0")


def test_cli_json_and_table(tmp_path) -> None:
    from agent.store import Store

    db = tmp_path / "t.sqlite"
    cfg = tmp_path / "t.yaml"
    cfg.write_text(f"tenant: {{id: acme}}\nlicence: {{product: UCS, expires: 2099-01-01}}\nstorage: {{url: 'sqlite:///{db}'}}\n")
    s = Store(f"sqlite:///{db}")
    scan = s.begin_scan("acme")
    s.record_scan(scan, "acme", [_finding("aws.efs.encrypted", "fs-9", Status.FAIL)],
                  Coverage.from_list(cov("aws.efs.file_system")), {"aws.efs.encrypted"})
    s.close()
    out = subprocess.run([sys.executable, "-m", "agent", "compliance", "--framework", "cis-aws-3.0", "--config", str(cfg), "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["scan_id"] == scan and doc["score"] == 0.0
    assert next(c for c in doc["controls"] if c["id"] == "2.4.1")["failing"][0]["resource"] == "fs-9"
    table = subprocess.run([sys.executable, "-m", "agent", "compliance", "--framework", "cis-aws-3.0", "--config", str(cfg),
                            "--status", "fail"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert table.returncode == 0 and "2.4.1" in table.stdout and "score 0.0%" in table.stdout
    bad = subprocess.run([sys.executable, "-m", "agent", "compliance", "--framework", "nope", "--config", str(cfg)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "unknown framework" in bad.stderr


def test_every_check_framework_control_exists_in_the_listing() -> None:
    # the conformance test checks this too; here the compliance view must show each mapped check
    report = evaluate("cis-aws-3.0", 1, [], [])
    mapped = {cid for c in report.controls for cid in c.checks}
    want = {c.id for c in registry.all_checks() if "cis-aws-3.0" in c.meta.frameworks}
    assert mapped == want
