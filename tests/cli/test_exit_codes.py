"""Exit codes CI can rely on (README "Exit codes"): 0 clean, 1 --fail-on, 3 a scan that could not
assess what it was asked (even with --fail-on), 4 partial under --fail-on-partial; a summary line
always says how much was assessed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource, Severity, Status
from agent.core.tally import Tally
from agent.engine.gate import Gate, assess, scan_exit_code
from agent.engine.scan import ScanOutcome
from agent.settings.tenant import AwsAccount

ROOT = Path(__file__).resolve().parents[2]


def _outcome(*entries: tuple[str, str, str, bool]) -> ScanOutcome:
    cov = Coverage()
    for account, region, rtype, ok in entries:
        if ok:
            cov.add("aws", account, region, rtype, 1)
        else:
            cov.fail("aws", account, region, rtype, "AccessDenied")
    return ScanOutcome(1, "t", Tally(), Inventory([], cov), scopes=[("aws", AwsAccount(regions=["eu-west-1"]))])


def _gate(tripped: bool) -> Gate:
    r = Resource("aws", "1", "eu-west-1", "aws.s3.bucket", "b", "b")
    return Gate(Severity.HIGH, [Finding("aws.s3.x", r, Status.FAIL, Severity.HIGH, "")] if tripped else [])


@pytest.mark.parametrize(("entries", "tripped", "partial_flag", "code"), [
    ([("1", "eu-west-1", "aws.ec2.instance", True)], False, False, 0),
    ([("1", "eu-west-1", "aws.ec2.instance", True)], True, False, 1),
    ([("aws", "*", "*", False)], False, False, 3),                       # collector could not start
    ([("aws", "*", "*", False)], True, True, 3),                         # 3 wins over --fail-on
    ([("1", "*", "aws.iam.user", True), ("1", "eu-west-1", "aws.ec2.instance", False),
      ("1", "us-east-1", "aws.ec2.instance", False)], False, False, 3),  # every region failed
    ([("1", "eu-west-1", "aws.ec2.instance", True), ("1", "eu-west-1", "aws.rds.db", False)], False, True, 4),
    ([("1", "eu-west-1", "aws.ec2.instance", True), ("1", "eu-west-1", "aws.rds.db", False)], False, False, 0),
    ([("1", "eu-west-1", "aws.ec2.instance", True), ("1", "eu-west-1", "aws.rds.db", False)], True, True, 1),
])
def test_scan_exit_code(entries: list[tuple[str, str, str, bool]], tripped: bool, partial_flag: bool,
                        code: int) -> None:
    assert scan_exit_code(assess(_outcome(*entries)), _gate(tripped), partial_flag) == code


def test_assessment_counts_what_was_read() -> None:
    a = assess(_outcome(("1", "*", "aws.iam.user", True), ("1", "eu-west-1", "aws.ec2.instance", True),
                        ("1", "us-east-1", "aws.ec2.instance", False)))
    assert (a.units, a.failed, a.accounts, a.regions, a.services) == (3, 1, 1, 1, 2)
    assert a.partial and not a.nothing_assessed


def test_a_scan_without_credentials_is_exit_3_even_with_fail_on(tmp_path: Path) -> None:
    # (an endpoint refusing connections takes the same path — a whole-scope coverage failure —
    # but costs botocore's retries; the table above covers it without the wait)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(PYTHONPATH=str(ROOT), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
               AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_EC2_METADATA_DISABLED="true", COLUMNS="200")
    run = subprocess.run([sys.executable, "-m", "agent", "scan", "--endpoint-url", "http://127.0.0.1:9",
                          "--region", "eu-west-1", "--store", f"sqlite:///{tmp_path / 'x.sqlite'}", "--fail-on",
                          "high", "--output-format", "table", "-q"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 3, run.stderr
    assert "assessed 0 of 1 unit(s) (1 not assessed)" in run.stderr
    assert "nothing was assessed for aws" in run.stderr and "NoCredentialsError" in run.stderr
    assert "Traceback" not in run.stderr


def test_units_that_answered_with_nothing_beside_a_failure_assessed_nothing() -> None:
    cov = Coverage()
    cov.add("kubernetes", "m", "*", "k8s.pod", 0)
    cov.fail("kubernetes", "m", "*", "*", "bad.yaml:1: Pod x: spec: expected an object, got an array")
    outcome = ScanOutcome(1, "t", Tally(), Inventory([], cov), scopes=[])
    assert scan_exit_code(assess(outcome), None, False) == 3
    cov.add("kubernetes", "m", "*", "k8s.service", 2)  # something was read: partial, not nothing
    assert scan_exit_code(assess(outcome), None, True) == 4
