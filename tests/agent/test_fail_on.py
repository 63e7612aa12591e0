"""`ucs scan --fail-on LEVEL` trips on what is known (issue 23, defect 3): an open finding the scan
could not re-assess (its unit failed, or its check answered ERROR) counts, and the CLI says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from agent.cli import main
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource, Severity, State, Status
from agent.core.tally import Tally
from agent.engine.gate import fail_on, not_reassessed
from agent.engine.scan import ScanOutcome
from agent.settings.tenant import AwsAccount
from agent.store import Store
from tests.faults.proxy import DENIED, Fault, FaultProxy

REGION = "eu-west-1"
TENANT = "failon"
SSH = "aws.ec2.sg_no_ssh_from_internet"


@pytest.fixture()
def proxy(moto_reset: str) -> Iterator[FaultProxy]:
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=moto_reset)
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    gid = ec2.create_security_group(GroupName="open-ssh", Description="x", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    p = FaultProxy(moto_reset).start()
    yield p
    p.stop()


def _scan(endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """A tenant scan of EC2 only (no account id: the scan asks STS), through ``endpoint``."""
    config = tmp_path / "tenant.yaml"
    config.write_text(f"""\
tenant: {{id: {TENANT}}}
licence: {{product: UCS Cloud Security, expires: 2099-12-31}}
providers:
  aws:
    accounts:
      - {{regions: [{REGION}], endpoint_url: "{endpoint}", credentials: {{env: true}}, services: [ec2]}}
storage: {{url: "sqlite:///{tmp_path / 'ucs.sqlite'}"}}
""")
    rc = main(["scan", "--config", str(config), "--checks", "aws.ec2.sg_no_ssh_*", "-q", "--output-format", "json",
               "--output-dir", str(tmp_path / "out"), "--fail-on", "high", *extra])
    return rc, capsys.readouterr().err


def test_fail_on_counts_open_findings_a_failed_region_could_not_reassess(
        proxy: FaultProxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, err = _scan(proxy.url, tmp_path, capsys)
    assert rc == 1 and "1 failing finding(s) at or above high" in err, err

    with proxy.injecting(Fault("ec2", "DescribeSecurityGroups", DENIED, REGION)):
        rc, err = _scan(proxy.url, tmp_path, capsys)
        assert proxy.injected > 0
    assert rc == 1, err  # main: 0, the region's FAIL was simply not seen
    assert "failing finding(s)" not in err
    assert "ucs: 1 open high+ finding(s) could not be re-assessed by this scan" in err, err
    with proxy.injecting(Fault("ec2", "DescribeSecurityGroups", DENIED, REGION)):
        rc, err = _scan(proxy.url, tmp_path, capsys, "--lang", "ja")
    assert rc == 1 and "再評価できませんでした" in err, err

    store = Store(f"sqlite:///{tmp_path / 'ucs.sqlite'}")
    try:
        [ssh] = [f for f in store.findings(TENANT, check=SSH) if f.resource.name == "open-ssh"]
        assert ssh.state is State.NEW  # the partial scans left it as the baseline found it
    finally:
        store.close()

    rc, err = _scan(proxy.url, tmp_path, capsys, "--fail-on", "critical")  # nothing that severe is open
    assert rc == 0, err


def test_a_scope_that_could_not_be_collected_at_all_counts_too(
        proxy: FaultProxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _ = _scan(proxy.url, tmp_path, capsys)
    assert rc == 1
    with proxy.injecting(kill_after=0):  # every connection reset: not even the account id is known
        rc, err = _scan(proxy.url, tmp_path, capsys, "--deadline", "2")
    # nothing could be assessed: exit 3 (issue 20), even with --fail-on; the gate still says why
    assert rc == 3 and "1 open high+ finding(s) could not be re-assessed" in err, err
    assert "nothing was assessed for aws" in err


# ------------------------------------------------------------------------ the gate, without moto
ACCOUNT = "123456789012"


def _finding(check: str, region: str, rtype: str = "aws.ec2.security_group", state: State = State.OPEN,
             status: Status = Status.FAIL, account: str = ACCOUNT, severity: Severity = Severity.HIGH) -> Finding:
    r = Resource("aws", account, region, rtype, f"{check}-{region}-{account}", f"r-{region}")
    f = Finding(check, r, status, severity, "", {}, f"fp-{check}-{region}-{account}-{rtype}")
    f.state = state
    return f


def _outcome(results: list[Finding], coverage: Coverage, checks: set[str], scope: AwsAccount) -> ScanOutcome:
    return ScanOutcome(1, "t", Tally.of(results), Inventory([], coverage), evaluated_checks=checks, scopes=[("aws", scope)])


def test_gate_rules() -> None:
    cov = Coverage()
    cov.add("aws", ACCOUNT, "us-east-1", "aws.ec2.security_group")
    cov.fail("aws", ACCOUNT, REGION, "aws.ec2.security_group", "ec2: AccessDenied")
    cov.fail("aws", ACCOUNT, "*", "aws.iam.user", "iam: AccessDenied")
    gap = _finding("c.sg", REGION)                                     # its unit failed
    errored = _finding("c.sg", "us-east-1")                             # ERROR this time
    seen_failing = _finding("c.other", "us-east-1")                     # a FAIL: counted as failing
    global_gap = _finding("c.iam", "global", "aws.iam.user")            # a failed global unit
    muted = _finding("c.sg", REGION, state=State.MUTED, account="111111111111")
    not_run = _finding("c.not_run", REGION)                             # its check did not run
    low = _finding("c.sg", REGION, account="999999999999", severity=Severity.LOW)
    results = [_finding("c.sg", "us-east-1", status=Status.ERROR), _finding("c.other", "us-east-1")]
    outcome = _outcome(results, cov, {"c.sg", "c.other", "c.iam"}, AwsAccount(id=ACCOUNT, regions=[REGION]))
    stored = [gap, errored, seen_failing, global_gap, muted, not_run, low]
    assert {f.fingerprint for f in not_reassessed(outcome, stored)} == {
        gap.fingerprint, errored.fingerprint, global_gap.fingerprint}
    gate = fail_on(Severity.HIGH, outcome, stored)
    assert gate.tripped and gate.failing == 1 and len(gate.unassessed) == 3


def test_gate_reads_a_whole_scope_failure_through_the_scope_config() -> None:
    cov = Coverage()
    cov.fail("aws", "aws", "*", "*", "scan deadline exceeded after 5 s")  # an ad-hoc scope: no account id yet
    in_region = _finding("c.sg", REGION)
    global_one = _finding("c.iam", "global", "aws.iam.user")
    other_region = _finding("c.sg", "ap-northeast-1")
    outcome = _outcome([], cov, {"c.sg", "c.iam"}, AwsAccount(regions=[REGION]))
    assert {f.fingerprint for f in not_reassessed(outcome, [in_region, global_one, other_region])} == {
        in_region.fingerprint, global_one.fingerprint}
    assert not fail_on(Severity.HIGH, _outcome([], Coverage(), {"c.sg"}, AwsAccount()), [in_region]).tripped
