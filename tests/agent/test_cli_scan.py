"""`ucs scan` ad hoc against moto over HTTP: outputs, --fail-on, --checks, findings commands."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parents[2]


def ucs(*args: str, env_url: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "XDG_DATA_HOME": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "agent", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=300)


def test_adhoc_scan_outputs_and_fail_on(moto_reset: str, tmp_path: Path) -> None:
    ec2 = boto3.client("ec2", region_name="eu-west-1", endpoint_url=moto_reset)
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    gid = ec2.create_security_group(GroupName="open-ssh", Description="x", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    out = tmp_path / "out"
    run = ucs("scan", "--endpoint-url", moto_reset, "--region", "eu-west-1", "--checks", "aws.ec2.*", "-q",
              "--output-format", "json", "--output-format", "csv", "--output-format", "ocsf",
              "--output-dir", str(out), "--fail-on", "high", env_url=moto_reset, data_dir=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "failing finding(s) at or above high" in run.stderr
    doc = json.loads(next(out.glob("*[0-9].json")).read_text())
    assert {f["check_id"].split(".")[1] for f in doc["findings"]} == {"ec2"}
    assert any(f["check_id"] == "aws.ec2.sg_no_ssh_from_internet" and f["resource"]["name"] == "open-ssh"
               and f["status"] == "FAIL" for f in doc["findings"])
    rows = list(csv.DictReader(next(out.glob("*.csv")).open(encoding="utf-8-sig")))
    assert len(rows) == len(doc["findings"]) and rows[0]["check_id"].startswith("aws.ec2.")
    ocsf = json.loads(next(out.glob("*.ocsf.json")).read_text())
    ssh = next(o for o in ocsf if o["finding_info"]["product_uid"] == "aws.ec2.sg_no_ssh_from_internet"
               and o["resources"][0]["name"] == "open-ssh")
    assert ssh["compliance"]["status"] == "Fail" and ssh["severity_id"] >= 4 and ssh["cloud"]["provider"] == "AWS"
    # --fail-on critical: nothing that severe is open
    run = ucs("scan", "--endpoint-url", moto_reset, "--region", "eu-west-1", "--checks", "aws.ec2.*", "-q",
              "--output-format", "json", "--output-dir", str(out), "--fail-on", "critical",
              env_url=moto_reset, data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    # the ad-hoc store keeps the lifecycle: the second scan left the finding open, not new
    run = ucs("findings", "list", "--json", "--check", "aws.ec2.sg_no_ssh_from_internet", env_url=moto_reset,
              data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    states = {(f["resource"]["name"], f["state"]) for f in json.loads(run.stdout)["findings"]}
    assert ("open-ssh", "open") in states
