"""AWS products end to end: Security Hub on moto (seeded with BatchImportFindings), GuardDuty,
Macie and Access Analyzer on the stand-in, through the official SDK, into the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from agent.collectors.aws.context import ClientFactory
from agent.core.model import Coverage, Finding, Resource, Severity, State, Status
from agent.products.ingest import Clients, Ingest
from agent.settings.tenant import parse_settings
from agent.store.daemon_state import DaemonState
from tests.products.aws_standin import AwsProductsStandIn, Estate, guardduty_finding

ACCOUNT, REGION, DET = "123456789012", "eu-west-1", "d0e1f2"
STANDIN_SERVICES = {"guardduty", "macie2", "accessanalyzer"}
T0 = "2026-11-30T10:00:00Z"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
INSTANCE = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0abc"


class Routed(ClientFactory):
    """Security Hub and Inspector2 from moto, the products moto lacks from the stand-in."""

    def __init__(self, moto: str, standin: str, attempts: int = 2) -> None:
        super().__init__(endpoint_url=moto, default_region=REGION, max_attempts=attempts)
        self.other = ClientFactory(endpoint_url=standin, default_region=REGION, max_attempts=attempts)

    def client(self, service: str, region: str | None = None, max_attempts: int | None = None) -> Any:
        if service in STANDIN_SERVICES:
            return self.other.client(service, region, max_attempts)
        return super().client(service, region, max_attempts)


def asff(fid: str, control: str, resource_type: str, resource_id: str, updated: str = T0, *,
         record: str = "ACTIVE", label: str = "HIGH", product: str = "Security Hub") -> dict[str, Any]:
    return {
        "SchemaVersion": "2018-10-08", "Id": fid, "ProductName": product,
        "ProductArn": f"arn:aws:securityhub:{REGION}::product/aws/securityhub", "GeneratorId": f"security-control/{control}",
        "AwsAccountId": ACCOUNT, "Region": REGION, "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        "CreatedAt": T0, "UpdatedAt": updated, "Severity": {"Label": label}, "Title": f"{control} title",
        "Description": "d", "Resources": [{"Type": resource_type, "Id": resource_id, "Region": REGION}],
        "Compliance": {"Status": "FAILED", "SecurityControlId": control}, "RecordState": record,
        "Workflow": {"Status": "NEW"},
    }


@pytest.fixture()
def standin() -> Iterator[AwsProductsStandIn]:
    s = AwsProductsStandIn(Estate(
        detectors={DET: [
            guardduty_finding(ACCOUNT, REGION, DET, "gd1", "UnauthorizedAccess:EC2/SSHBruteForce", 8.0, T0, "i-0abc"),
            guardduty_finding(ACCOUNT, REGION, DET, "gd2", "Recon:IAMUser/UserPermissions", 2.0, T0),
            guardduty_finding(ACCOUNT, REGION, DET, "gd3", "Recon:EC2/Portscan", 5.0, T0, "i-0abc", archived=True),
        ]},
        analyzers=[{"arn": f"arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/org", "name": "org",
                    "type": "ORGANIZATION", "status": "ACTIVE", "createdAt": T0}],
        analyzer_findings={f"arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/org": [
            {"id": "aa1", "resource": "arn:aws:s3:::shared-bucket", "resourceType": "AWS::S3::Bucket",
             "resourceOwnerAccount": ACCOUNT, "status": "ACTIVE", "findingType": "ExternalAccess",
             "createdAt": T0, "updatedAt": T0, "analyzedAt": T0}]},
    )).start()
    yield s
    s.stop()


def settings_for(tenant: str, moto: str, extra: str = "") -> Any:
    return parse_settings(f"""
tenant: {{id: {tenant}}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
providers:
  aws:
    accounts: [{{id: "{ACCOUNT}", regions: [{REGION}], endpoint_url: "{moto}"}}]
products:
  licensed: [securityhub, guardduty, macie, access-analyzer, inspector2]
{extra}""", "tenant.yaml")


def our_scan(store: Any, tenant: str) -> None:
    """Our own scan first: the bucket fails our S3.8 check; the instance is internet-reachable."""
    bucket = Resource("aws", ACCOUNT, REGION, "aws.s3.bucket", "arn:aws:s3:::open-bucket", "open-bucket")
    inst = Resource("aws", ACCOUNT, REGION, "aws.ec2.instance", INSTANCE, "web-1", {"env": "prod"},
                    {"_exposure": {"internet_reachable": True}})
    cov = Coverage()
    cov.add("aws", ACCOUNT, REGION, "aws.s3.bucket")
    sid = store.begin_scan(tenant, trigger="test", scope={})
    store.record_scan(sid, tenant, [Finding("aws.s3.block_public_access", bucket, Status.FAIL, Severity.HIGH, "not blocked")],
                      cov, {"aws.s3.block_public_access"}, inventory=[bucket, inst], now=NOW - timedelta(days=1))


class Suspended:
    def meter(self, n: int = 1) -> int | None:
        return 7


def test_products_end_to_end(store, tenant_id, moto_reset, standin):
    sh = boto3.client("securityhub", region_name=REGION, endpoint_url=moto_reset)
    sh.enable_security_hub()
    seeded = [asff("f-s38", "S3.8", "AwsS3Bucket", "arn:aws:s3:::open-bucket"),
              asff("f-s39", "S3.9", "AwsS3Bucket", "arn:aws:s3:::other-bucket", label="LOW"),
              asff("f-old", "EC2.2", "AwsEc2SecurityGroup", "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1",
                   record="ARCHIVED"),
              asff("f-gd", "gd", "AwsEc2Instance", INSTANCE, product="GuardDuty")]
    assert sh.batch_import_findings(Findings=seeded)["SuccessCount"] == 4
    our_scan(store, tenant_id)
    told: list[Any] = []
    factory = Routed(moto_reset, standin.url)
    ingest = Ingest(settings_for(tenant_id, moto_reset), store, Clients(aws={ACCOUNT: factory}),
                    on_transitions=lambda conn, ts: told.extend(ts))

    first = ingest.run(now=NOW)
    by = first.by_source()
    assert by["securityhub"]["stored"] == 2  # archived skipped on a full read; GuardDuty's copy read from GuardDuty
    assert by["guardduty"]["stored"] == 2 and by["access-analyzer"]["stored"] == 1
    assert by["macie"]["gaps"] == 1 and by["inspector2"]["gaps"] == 0  # licensed, not enabled: a coverage gap
    found = {f.check_id: f for f in store.findings(tenant_id)}
    merged = found["aws.s3.block_public_access"]
    assert merged.sources == ("ucs", "securityhub") and merged.state is State.NEW  # its state is our scan's
    gd = found["product.guardduty.UnauthorizedAccess:EC2/SSHBruteForce"]
    assert gd.severity is Severity.HIGH and gd.resource.name == "web-1" and gd.resource.tags == {"env": "prod"}
    assert gd.refs["guardduty"]["id"].endswith("/finding/gd1")
    assert found["aws.s3.access_logging_enabled"].severity is Severity.LOW  # S3.9 maps to our check (no scan of ours yet)
    assert found["product.access-analyzer.ExternalAccess"].resource.id == "arn:aws:s3:::shared-bucket"
    assert found["product.macie.coverage_gap"].state is State.NEW
    kinds = sorted((t.kind, t.finding.check_id) for t in told)
    assert ("new", "aws.s3.block_public_access") not in kinds  # ours was told already: notified once
    assert ("new", "product.macie.coverage_gap") in kinds

    # the product changes two findings; the next read takes in only those
    sh.batch_import_findings(Findings=[asff("f-s39", "S3.9", "AwsS3Bucket", "arn:aws:s3:::other-bucket",
                                            "2026-12-01T10:00:00Z", record="ARCHIVED", label="LOW")])
    standin.estate.detectors[DET][0].update(service={**standin.estate.detectors[DET][0]["service"], "archived": True},
                                            updatedAt="2026-12-01T10:00:00Z")
    told.clear()
    gets_before = standin.count("/findings/get")
    second = ingest.run(now=NOW + timedelta(hours=2)).by_source()
    assert second["securityhub"]["read"] == 1 and second["guardduty"]["read"] == 1
    assert standin.count("/findings/get") - gets_before == 1
    assert sorted((t.kind, t.finding.check_id) for t in told) == [
        ("resolved", "aws.s3.access_logging_enabled"), ("resolved", "product.guardduty.UnauthorizedAccess:EC2/SSHBruteForce")]
    assert store.findings(tenant_id, check="product.macie.coverage_gap")[0].state is State.OPEN  # not told again

    # Art. 11/12: a suspended tenant's product findings are dropped, counted per product, read again later
    standin.estate.detectors[DET][1]["updatedAt"] = "2026-12-01T12:00:00Z"
    cursor = DaemonState(store.engine).position(tenant_id, f"product:guardduty:{ACCOUNT}:{REGION}")
    dropped = Ingest(settings_for(tenant_id, moto_reset), store, Clients(aws={ACCOUNT: factory}), throttle=Suspended())
    res = dropped.run(now=NOW + timedelta(hours=4)).by_source()
    assert res["guardduty"]["dropped"] == 1 and res["guardduty"]["stored"] == 0
    assert DaemonState(store.engine).position(tenant_id, f"product:guardduty:{ACCOUNT}:{REGION}") == cursor
    counts = {c["source"]: c for c in DaemonState(store.engine).counts(tenant_id)}
    assert counts["product:guardduty"]["dropped"] == 1


def test_a_product_that_cannot_be_read_resolves_nothing(store, tenant_id, moto_reset, standin):
    factory = Routed(moto_reset, standin.url)
    settings = settings_for(tenant_id, moto_reset).model_copy()
    settings.products.licensed = ["guardduty"]
    ingest = Ingest(settings, store, Clients(aws={ACCOUNT: factory}))
    assert ingest.run(now=NOW).by_source()["guardduty"]["stored"] == 2
    standin.stop()  # GuardDuty unreachable now: a gap, and what it reported stays as it was
    report = Ingest(settings, store, Clients(aws={ACCOUNT: Routed(moto_reset, standin.url, 1)})).run(
        now=NOW + timedelta(days=1))
    assert report.by_source()["guardduty"]["gaps"] == 1
    states = {f.check_id: f.state for f in store.findings(tenant_id)}
    assert states["product.guardduty.UnauthorizedAccess:EC2/SSHBruteForce"] is State.NEW
    assert states["product.guardduty.coverage_gap"] is State.NEW


def test_macie_unused_access_mutelist_and_the_aggregation_region(store, tenant_id, moto_reset, standin):
    standin.estate.macie = [
        {"accountId": ACCOUNT, "archived": False, "category": "CLASSIFICATION", "createdAt": T0, "id": "m1",
         "region": REGION, "resourcesAffected": {"s3Bucket": {"arn": "arn:aws:s3:::pii", "name": "pii"}},
         "severity": {"description": "High", "score": 3}, "title": "Personal data in pii",
         "type": "SensitiveData:S3Object/Personal", "updatedAt": T0},
        {"accountId": ACCOUNT, "archived": True, "category": "POLICY", "createdAt": T0, "id": "m2", "region": REGION,
         "resourcesAffected": {"s3Bucket": {"arn": "arn:aws:s3:::old", "name": "old"}},
         "severity": {"description": "Low", "score": 1}, "title": "t", "type": "Policy:IAMUser/S3BucketPublic",
         "updatedAt": T0}]
    arn = f"arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/org"
    standin.estate.analyzer_findings[arn].append(
        {"id": "aa2", "resource": f"arn:aws:iam::{ACCOUNT}:role/stale", "resourceType": "AWS::IAM::Role",
         "resourceOwnerAccount": ACCOUNT, "status": "ACTIVE", "findingType": "UnusedIAMRole",
         "createdAt": T0, "updatedAt": T0, "analyzedAt": T0})
    settings = settings_for(tenant_id, moto_reset, """mutelist:
  - {check: "product.access-analyzer.Unused*", reason: "roles kept for disaster recovery"}
""")
    settings.products.licensed = ["macie", "access-analyzer"]
    Ingest(settings, store, Clients(aws={ACCOUNT: Routed(moto_reset, standin.url)})).run(now=NOW)
    found = {f.check_id: f for f in store.findings(tenant_id)}
    assert set(found) == {"product.macie.SensitiveData:S3Object/Personal", "product.access-analyzer.ExternalAccess",
                          "product.access-analyzer.UnusedIAMRole"}  # the archived Macie finding is not taken in
    assert found["product.macie.SensitiveData:S3Object/Personal"].severity is Severity.HIGH
    unused = found["product.access-analyzer.UnusedIAMRole"]
    assert (unused.state, unused.severity, unused.resource.type) == (State.MUTED, Severity.LOW, "aws.iam.role")

    two = settings_for(tenant_id, moto_reset).model_copy()
    two.providers.aws.accounts[0].regions = ["eu-west-1", "us-east-1"]
    assert {(s, r) for s, _, r, _ in Ingest(two, store, Clients(aws={ACCOUNT: Routed(moto_reset, standin.url)})).units()
            if s in ("securityhub", "guardduty")} == {("securityhub", "eu-west-1"), ("securityhub", "us-east-1"),
                                                      ("guardduty", "eu-west-1"), ("guardduty", "us-east-1")}
    two.products.securityhub_aggregation_region = "us-east-1"
    assert [r for s, _, r, _ in Ingest(two, store, Clients(aws={ACCOUNT: Routed(moto_reset, standin.url)})).units()
            if s == "securityhub"] == ["us-east-1"]  # the organisation's aggregation region holds every region's


def test_export_securityhub_command(store, tenant_id, moto_reset, tmp_path, capsys):
    from agent.cli import main

    bucket = Resource("aws", ACCOUNT, REGION, "aws.s3.bucket", "arn:aws:s3:::open-bucket", "open-bucket")
    cov = Coverage()
    cov.add("aws", ACCOUNT, REGION, "aws.s3.bucket")
    sid = store.begin_scan(tenant_id, trigger="test", scope={})
    store.record_scan(sid, tenant_id, [Finding("aws.s3.block_public_access", bucket, Status.FAIL, Severity.HIGH, "x")],
                      cov, {"aws.s3.block_public_access"}, inventory=[bucket], now=NOW)
    cfg = tmp_path / "t.yaml"
    cfg.write_text(f"""tenant: {{id: {tenant_id}}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
storage: {{url: '{store.url}'}}
providers: {{aws: {{accounts: [{{id: "{ACCOUNT}", regions: [{REGION}], endpoint_url: "{moto_reset}", credentials: {{env: true}}}}]}}}}
""")
    assert main(["export", "securityhub", "-c", str(cfg)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["sent"], out["failed"], out["region"]) == (1, 0, REGION)
    got = boto3.client("securityhub", region_name=REGION, endpoint_url=moto_reset).get_findings()["Findings"]
    assert [g["GeneratorId"] for g in got] == ["ucs/aws.s3.block_public_access"]
    assert got[0]["Compliance"]["RelatedRequirements"] == ["aws-fsbp S3.8", "cis-aws-3.0 2.1.4"]
