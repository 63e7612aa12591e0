"""Detection and management end to end against moto's server over HTTP: a good and a bad
setting per service moto serves (GuardDuty protection plans, Inspector scan types, Macie,
Security Hub, Config recorders, log groups, CloudTrail Insights and data events, ACM, Backup
vaults, Resilience Hub, Shield Advanced), collected by the real service modules and judged by
the checks; reads moto lacks must answer ERROR, never PASS; an unused account costs a listing.

What moto lacks (GuardDuty ListFindings and DescribeOrganizationConfiguration, Inspector
ListFindingAggregations, Macie GetAutomatedDiscoveryConfiguration, Security Hub
GetEnabledStandards, Shield DescribeDRTAccess, and the services of test_detect_standin.py) is
proven against the stand-in there and by the fixtures (tests/checks/fixtures).
"""

from __future__ import annotations

import urllib.request
from typing import Any

import boto3
import pytest

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status
from agent.engine.evaluate import evaluate

ACCOUNT, GOOD, BAD = "123456789012", "us-east-1", "eu-west-1"
SERVICES = ["guardduty", "inspector2", "macie", "securityhub", "config", "logs", "cloudtrail", "cloudwatch", "acm",
            "backup", "kms", "resiliencehub", "shield", "elbv2"]
ON = {"Status": "ENABLED"}
OFF = {"Status": "DISABLED"}
PLANS = ("S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS")
AGENTS = ("EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT")


def _reset(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST")).read()


def _factory(url: str, attempts: int = 0) -> ClientFactory:
    return ClientFactory(endpoint_url=url, default_region=GOOD, max_attempts=attempts,
                         session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))


def _features(state: dict[str, str]) -> list[dict[str, Any]]:
    return [{"Name": n, **state} for n in PLANS] + [
        {"Name": "RUNTIME_MONITORING", **state, "AdditionalConfiguration": [{"Name": a, **state} for a in AGENTS]}]


def _seed(f: ClientFactory) -> None:
    f.client("guardduty", GOOD).create_detector(Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES", Features=_features(ON))
    f.client("guardduty", BAD).create_detector(Enable=True, FindingPublishingFrequency="SIX_HOURS", Features=_features(OFF))
    f.client("inspector2", GOOD).enable(resourceTypes=["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"], accountIds=[ACCOUNT])
    f.client("inspector2", BAD).enable(resourceTypes=["EC2"], accountIds=[ACCOUNT])
    f.client("securityhub", GOOD).enable_security_hub(EnableDefaultStandards=True)
    slr = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
    for region, role, glob in ((GOOD, slr, True), (BAD, f"arn:aws:iam::{ACCOUNT}:role/config-recorder", False)):
        cfg = f.client("config", region)
        cfg.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": role, "recordingGroup": {
            "allSupported": True, "includeGlobalResourceTypes": glob}})
        f.client("s3", region).create_bucket(Bucket=f"config-{region}", **(
            {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}))
        cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": f"config-{region}"})
        cfg.start_configuration_recorder(ConfigurationRecorderName="default")
    key = f.client("kms", GOOD).create_key(Description="logs and backups")["KeyMetadata"]["Arn"]
    logs = f.client("logs", GOOD)
    logs.create_log_group(logGroupName="good-lg", kmsKeyId=key)
    logs.put_retention_policy(logGroupName="good-lg", retentionInDays=400)
    logs.create_log_group(logGroupName="bad-lg")
    logs.put_retention_policy(logGroupName="bad-lg", retentionInDays=30)
    f.client("s3", GOOD).create_bucket(Bucket="trail-logs")
    ct = f.client("cloudtrail", GOOD)
    for name in ("good-trail", "bad-trail"):
        ct.create_trail(Name=name, S3BucketName="trail-logs", IsMultiRegionTrail=name == "good-trail")
        ct.start_logging(Name=name)
    ct.put_event_selectors(TrailName="good-trail", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True,
                                                                     "DataResources": [
        {"Type": "AWS::Lambda::Function", "Values": ["arn:aws:lambda"]},
        {"Type": "AWS::DynamoDB::Table", "Values": ["arn:aws:dynamodb"]}]}])
    ct.put_insight_selectors(TrailName="good-trail", InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    acm = f.client("acm", GOOD)
    acm.request_certificate(DomainName="good.example.com", ValidationMethod="DNS")
    acm.request_certificate(DomainName="*.example.com", ValidationMethod="DNS",
                            Options={"CertificateTransparencyLoggingPreference": "DISABLED"})
    bk = f.client("backup", GOOD)
    bk.create_backup_vault(BackupVaultName="good-vault", EncryptionKeyArn=key)
    bk.put_backup_vault_lock_configuration(BackupVaultName="good-vault", MinRetentionDays=7)
    bk.create_backup_vault(BackupVaultName="bad-vault",
                           EncryptionKeyArn=f"arn:aws:kms:{GOOD}:{ACCOUNT}:key/00000000-aaaa-bbbb-cccc-000000000000")
    rh = f.client("resiliencehub", GOOD)
    policy = rh.create_resiliency_policy(policyName="critical", tier="Critical", policy={
        d: {"rpoInSecs": 60, "rtoInSecs": 300} for d in ("AZ", "Hardware", "Software")})["policy"]["policyArn"]
    rh.create_app(name="good-app", policyArn=policy, assessmentSchedule="Daily")
    rh.create_app(name="bad-app", assessmentSchedule="Disabled")
    ec2 = f.client("ec2", GOOD)
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.7.{i}.0/24", AvailabilityZone=f"{GOOD}{z}")["Subnet"]["SubnetId"]
               for i, z in ((1, "a"), (2, "b"))]
    elb = f.client("elbv2", GOOD)
    alb = elb.create_load_balancer(Name="web", Subnets=subnets, Scheme="internet-facing")["LoadBalancers"][0]["LoadBalancerArn"]
    elb.create_load_balancer(Name="intranet", Subnets=subnets, Scheme="internal")
    sh = f.client("shield", GOOD)
    sh.create_subscription()
    sh.create_protection(Name="web-alb", ResourceArn=alb)


@pytest.fixture(scope="module")
def scan(moto_server: str) -> Any:
    _reset(moto_server)
    unused = {}
    for service in ("inspector2", "logs", "resiliencehub", "shield", "backup"):
        f = _factory(moto_server)
        inv = collect_account(f, ACCOUNT, [GOOD], services=[service], max_workers=1)
        unused[service] = (f.calls, inv)
    _seed(_factory(moto_server, attempts=4))
    inv = collect_account(_factory(moto_server), ACCOUNT, [GOOD, BAD], services=SERVICES)
    _reset(moto_server)
    wanted = [c for c in registry.all_checks() if c.id.startswith(tuple(f"aws.{s}." for s in (
        "guardduty", "inspector2", "macie", "securityhub", "config", "logs", "cloudtrail", "acm", "backup",
        "resiliencehub", "shield")))]
    findings = {(x.check_id, x.resource.region, x.resource.name): x for x in evaluate(inv, wanted).findings}
    return inv, findings, unused


def _status(scan: Any, check_id: str, region: str, name: str) -> Status:
    key = (check_id, region, name)
    assert key in scan[1], (key, sorted(k for k in scan[1] if k[0] == check_id))
    return scan[1][key].status


REGIONAL = [
    *[(f"aws.guardduty.{c}", "guardduty") for c in (
        "s3_protection_enabled", "eks_audit_logs_enabled", "rds_protection_enabled", "lambda_protection_enabled",
        "malware_protection_enabled", "runtime_monitoring_enabled", "eks_runtime_monitoring_enabled",
        "ecs_runtime_monitoring_enabled", "ec2_runtime_monitoring_enabled", "findings_published_hourly")],
    ("aws.inspector2.ecr_scanning_enabled", "inspector2"), ("aws.inspector2.lambda_scanning_enabled", "inspector2"),
    ("aws.inspector2.lambda_code_scanning_enabled", "inspector2"),
    ("aws.config.recorder_uses_service_linked_role", "config"),
]
PER_RESOURCE = [
    ("aws.logs.log_group_retention_365_days", GOOD, "good-lg", "bad-lg"),
    ("aws.logs.log_group_encrypted_with_kms", GOOD, "good-lg", "bad-lg"),
    ("aws.cloudtrail.insights_enabled", GOOD, "good-trail", "bad-trail"),
    ("aws.acm.no_wildcard_certificate", GOOD, "good.example.com", "*.example.com"),
    ("aws.acm.transparency_logging_enabled", GOOD, "good.example.com", "*.example.com"),
    ("aws.backup.vault_lock_enabled", GOOD, "good-vault", "bad-vault"),
    ("aws.backup.vault_encrypted_with_cmk", GOOD, "good-vault", "bad-vault"),
    ("aws.resiliencehub.app_has_resiliency_policy", GOOD, "good-app", "bad-app"),
    ("aws.resiliencehub.app_assessed_daily", GOOD, "good-app", "bad-app"),
]


def test_no_coverage_failures(scan: Any) -> None:
    assert not scan[0].coverage.failures, [(e.resource_type, e.region, e.error) for e in scan[0].coverage.failures]


@pytest.mark.parametrize(("check_id", "service"), REGIONAL, ids=[c for c, _ in REGIONAL])
def test_regional_settings(scan: Any, check_id: str, service: str) -> None:
    name = {"guardduty": "guardduty", "inspector2": "inspector2", "config": "config"}[service]
    assert _status(scan, check_id, GOOD, f"{name} {GOOD}") is Status.PASS
    assert _status(scan, check_id, BAD, f"{name} {BAD}") is Status.FAIL


@pytest.mark.parametrize(("check_id", "region", "good", "bad"), PER_RESOURCE, ids=[c[0] for c in PER_RESOURCE])
def test_resource_settings(scan: Any, check_id: str, region: str, good: str, bad: str) -> None:
    assert _status(scan, check_id, region, good) is Status.PASS
    assert _status(scan, check_id, region, bad) is Status.FAIL


def test_account_wide_and_single_settings(scan: Any) -> None:
    acct = f"cloudtrail {ACCOUNT}"
    for cid in ("aws.cloudtrail.lambda_data_events_logged", "aws.cloudtrail.dynamodb_data_events_logged"):
        region = next(k[1] for k in scan[1] if k[0] == cid)
        assert _status(scan, cid, region, acct) is Status.PASS, cid
    # the good region records global types: the account is covered from both regions
    for region in (GOOD, BAD):
        assert _status(scan, "aws.config.records_global_resources", region, f"config {region}") is Status.PASS
    assert _status(scan, "aws.securityhub.auto_enable_controls", GOOD, f"securityhub {GOOD}") is Status.PASS
    assert _status(scan, "aws.macie.enabled", GOOD, f"macie {GOOD}") is Status.PASS
    sub = next(k for k in scan[1] if k[0] == "aws.shield.subscription_auto_renew")
    assert scan[1][sub].status is Status.PASS
    assert _status(scan, "aws.shield.protection_has_health_check", "global", "web-alb") is Status.FAIL
    assert _status(scan, "aws.shield.protection_automatic_layer7_mitigation", "global", "web-alb") is Status.FAIL
    # the internet-facing ALB is protected; the internal one needs no protection
    assert scan[1][(("aws.shield.internet_facing_resources_protected",) + sub[1:])].status is Status.PASS


def test_reads_moto_lacks_answer_error_never_pass(scan: Any) -> None:
    lacking = ["aws.guardduty.no_high_severity_findings", "aws.guardduty.organization_auto_enable",
               "aws.inspector2.no_critical_findings", "aws.macie.automated_discovery_enabled",
               "aws.securityhub.fsbp_standard_enabled", "aws.securityhub.cis_standard_enabled",
               "aws.shield.drt_access_granted"]
    for cid in lacking:  # in the region where the service is on (elsewhere they answer "not enabled")
        got = {f.status for k, f in scan[1].items() if k[0] == cid and k[1] in (GOOD, "global")}
        assert got == {Status.ERROR}, (cid, got)


def test_unused_services_cost_a_listing_and_find_nothing(scan: Any) -> None:
    budget = {"inspector2": 1, "logs": 3, "resiliencehub": 1, "shield": 1, "backup": 1}
    for service, (calls, inv) in scan[2].items():
        assert not inv.coverage.failures, (service, inv.coverage.failures)
        assert calls <= budget[service], (service, calls)
        findings = [x for x in evaluate(inv, registry.all_checks()).findings if x.status is not Status.PASS
                    and service != "inspector2"]
        assert not findings and (len(inv) == 0 or service == "inspector2"), (service, [(r.type, r.name) for r in inv])
