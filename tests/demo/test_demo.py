"""`ucs demo` end to end: a real moto server, a seeded estate, the real collector over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_finds_the_seeded_mistakes(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "agent", "demo", "--output-dir", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    [report] = tmp_path.glob("ucs-demo-*[0-9].json")
    doc = json.loads(report.read_text())
    failing = {(f["check_id"], f["resource"]["name"]) for f in doc["findings"] if f["status"] == "FAIL"}
    passing = {(f["check_id"], f["resource"]["name"]) for f in doc["findings"] if f["status"] == "PASS"}
    for expected in [("aws.s3.no_public_acl", "acme-customer-exports"), ("aws.s3.no_public_policy", "acme-public-assets"),
                     ("aws.ec2.sg_no_ssh_from_internet", "bastion-ssh"), ("aws.ec2.sg_no_rdp_from_internet", "legacy-rdp"),
                     ("aws.ec2.sg_no_all_traffic_from_internet", "temp-debug"), ("aws.iam.user_mfa_enabled", "alice.admin"),
                     ("aws.rds.not_publicly_accessible", "orders-eu-west-1"), ("aws.kms.rotation_enabled", "alias/orders-db")]:
        assert expected in failing, expected
    assert ("aws.s3.block_public_access", "acme-private-data") in passing
    assert ("aws.ec2.sg_no_ssh_from_internet", "web-https") in passing
    assert not [c for c in doc["coverage"] if not c["ok"]], "the demo estate is fully readable"
    ocsf = json.loads(next(tmp_path.glob("*.ocsf.json")).read_text())
    assert {o["class_uid"] for o in ocsf} == {2003} and len(ocsf) == len(doc["findings"])
    assert (tmp_path / "ucs-demo.sqlite").is_file()
    assert "Sup3r-secret-demo!" not in report.read_text() + run.stdout + run.stderr  # the seeded login password
    # the commands the demo suggests read the demo tenant's rows from its store
    store_args = ["--store", f"sqlite:///{tmp_path / 'ucs-demo.sqlite'}", "--tenant", "demo"]
    assert "--tenant demo" in run.stderr
    listed = subprocess.run([sys.executable, "-m", "agent", "findings", "list", *store_args, "--json",
                             "--severity", "critical"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and {f["severity"] for f in json.loads(listed.stdout)["findings"]} == {"critical"}
    rep = subprocess.run([sys.executable, "-m", "agent", "report", *store_args, "--output-dir", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rep.returncode == 0, rep.stderr
    html = next(tmp_path.glob("ucs-report-demo-*.html")).read_text(encoding="utf-8")
    assert "CIS Amazon Web Services Foundations Benchmark v3.0.0" in html and "acme-customer-exports" in html
