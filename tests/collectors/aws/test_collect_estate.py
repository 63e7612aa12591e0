"""End to end against moto's server over HTTP: seed an estate with boto3, collect it with the
real collector, evaluate every AWS check, and look at what came out.

One estate per module (seeding and collecting take a few seconds); every test reads it.
The estate is built 100 days in the past of the scan (time-machine moves the clock forward after
the first access keys are made), so key ages and unused credentials have real failing cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import boto3
import pytest
import time_machine

import checks as registry
from agent.collectors.aws import collect, collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.inventory import Inventory
from agent.core.model import Finding, Status
from agent.engine.evaluate import evaluate
from agent.settings.tenant import AwsAccount
from tests.collectors.aws import estate

# This estate covers the core AWS services; the breadth services have their own estate
# (tests/collectors/aws_breadth), so both the collection and the checks are scoped to the core.
CORE_SERVICES = ["s3", "ec2", "vpc", "iam", "cloudtrail", "kms", "rds"]
CORE_CHECK_MODULES = {f"checks.aws.{s}" for s in CORE_SERVICES}
AWS_CHECKS = [c for c in registry.all_checks() if c.func.__module__ in CORE_CHECK_MODULES]
# Roles too, for the attacker's-view IAM checks (their own checks are proven by fixtures).
COLLECTED = [*CORE_SERVICES, "iam_roles"]


@dataclass
class Scan:
    inventory: Inventory
    findings: list[Finding]
    ids: dict[str, str]

    def statuses(self, check_id: str) -> dict[str, Status]:
        """Resource name (and id) → status, for one check."""
        out: dict[str, Status] = {}
        for f in self.findings:
            if f.check_id == check_id:
                out[f.resource.name] = f.status
                out[f.resource.id.rsplit("/", 1)[-1]] = f.status
        return out


@pytest.fixture(scope="module")
def scan(moto_server: str) -> Scan:
    estate.moto_api(moto_server, "reset")
    estate.seed_old_credentials(moto_server)
    later = datetime.now(UTC) + timedelta(days=100)
    with time_machine.travel(later, tick=True):
        seeded = estate.seed_main(moto_server)
        estate.seed_second(moto_server)

        second = AwsAccount.model_validate({
            "id": estate.SECOND, "regions": estate.REGIONS, "endpoint_url": moto_server, "services": COLLECTED,
            "credentials": {"assume_role": {"role_arn": estate.AUDIT_ROLE, "external_id": "ucs-ext"}}})
        inventory = collect(second)

        # From here on moto enforces IAM: the scanner may read everything but KMS.
        with estate.iam_enforced(moto_server):
            factory = ClientFactory(session=boto3.Session(**seeded.scanner_key), endpoint_url=moto_server)
            inventory.merge(collect_account(factory, estate.MAIN, estate.REGIONS, services=COLLECTED))
    findings = evaluate(inventory, AWS_CHECKS).findings
    return Scan(inventory, findings, seeded.ids)


# check id → (a resource that must FAIL, a resource that must PASS), by name or id key.
# Root checks have one root user per account and moto can neither enable root MFA nor create root
# keys, so each has only the outcome moto allows (their other outcome is proven by fixtures).
EXPECTED: dict[str, tuple[str | None, str | None]] = {
    "aws.s3.block_public_access": ("ucs-bad", "ucs-good"),
    "aws.s3.default_encryption": ("ucs-bad", "ucs-good"),
    "aws.s3.versioning_enabled": ("ucs-bad", "ucs-good"),
    "aws.s3.access_logging_enabled": ("ucs-bad", "ucs-good"),
    "aws.s3.no_public_acl": ("ucs-bad", "ucs-good"),
    "aws.s3.no_public_policy": ("ucs-bad", "ucs-good"),
    "aws.s3.tls_only_policy": ("ucs-bad", "ucs-good"),
    "aws.ec2.sg_no_ssh_from_internet": ("ucs-bad-ssh", "ucs-good-web"),
    "aws.ec2.sg_no_rdp_from_internet": ("ucs-bad-all", "ucs-bad-ssh"),
    "aws.ec2.sg_no_all_traffic_from_internet": ("ucs-bad-all", "ucs-bad-ssh"),
    "aws.ec2.default_sg_restricts_all": ("{default_sg}", "{closed_default_sg}"),
    "aws.ec2.imdsv2_required": ("ucs-bad-instance", "ucs-good-instance"),
    "aws.ec2.instance_no_public_ip": ("ucs-bad-instance", "ucs-good-instance"),
    "aws.ec2.ebs_volume_encrypted": ("ucs-bad-volume", "ucs-good-volume"),
    "aws.ec2.ebs_default_encryption": ("ec2 settings us-east-1", "ec2 settings eu-west-1"),
    "aws.ec2.snapshot_not_public": ("ucs-bad-snapshot", "ucs-good-snapshot"),
    "aws.vpc.flow_logs_enabled": ("{default_vpc}", "ucs-good-vpc"),
    "aws.iam.user_mfa_enabled": ("ucs-bad-console-no-mfa", "ucs-good-human"),
    "aws.iam.root_mfa_enabled": ("root", None),
    "aws.iam.root_no_access_keys": (None, "root"),
    "aws.iam.access_key_rotated_90_days": ("ucs-bad-old-keys", "ucs-fresh-key"),
    "aws.iam.unused_credentials_45_days": ("ucs-bad-old-keys", "ucs-fresh-key"),
    "aws.iam.single_active_access_key": ("ucs-bad-old-keys", "ucs-fresh-key"),
    "aws.iam.no_policies_attached_to_users": ("ucs-fresh-key", "ucs-good-human"),
    "aws.iam.no_full_admin_policies": ("ucs-bad-full-admin", "ucs-good-s3-read"),
    "aws.iam.password_policy_min_length_14": (f"{estate.MAIN}:account-password-policy",
                                              f"{estate.SECOND}:account-password-policy"),
    "aws.iam.password_policy_reuse_24": (f"{estate.MAIN}:account-password-policy",
                                         f"{estate.SECOND}:account-password-policy"),
    "aws.cloudtrail.enabled_multi_region": (f"{estate.SECOND}:eu-west-1", f"{estate.MAIN}:eu-west-1"),
    "aws.cloudtrail.log_file_validation": ("ucs-bad-trail", "ucs-good-trail"),
    "aws.cloudtrail.kms_encrypted": ("ucs-bad-trail", "ucs-good-trail"),
    "aws.kms.rotation_enabled": ("alias/ucs-bad-key", "alias/ucs-good-key"),
    "aws.rds.not_publicly_accessible": ("ucs-bad-db", "ucs-good-db"),
    "aws.rds.storage_encrypted": ("ucs-bad-db", "ucs-good-db"),
    "aws.rds.backup_enabled": ("ucs-bad-db", "ucs-good-db"),
    "aws.rds.snapshot_not_public": ("ucs-bad-db-snapshot", "ucs-good-db-snapshot"),
}


ATTACKER_VIEW = {
    "aws.iam.principal_not_full_admin": {"ucs-bad-inline-admin": Status.FAIL,
                                         "ucs-good-human": Status.FAIL,  # through the group ucs-admins
                                         "ucs-admins": Status.FAIL, "ucs-fresh-key": Status.PASS},
    "aws.iam.inline_policy_not_full_admin": {"ucs-bad-inline-admin": Status.FAIL, "ucs-good-human": Status.PASS},
    "aws.iam.no_administrator_access_policy": {"ucs-bad-inline-admin": Status.PASS},
    "aws.iam.no_privilege_escalation": {"ucs-bad-escalator": Status.FAIL, "ucs-bad-policy-writer": Status.FAIL,
                                        "ucs-fresh-key": Status.PASS, "ucs-bad-inline-admin": Status.PASS},
    "aws.iam.no_assume_role_on_all_resources": {"ucs-bad-escalator": Status.FAIL, "ucs-fresh-key": Status.PASS},
}


def test_iam_as_an_attacker_reads_it(scan: Scan) -> None:
    """Users, groups and roles collected from GetAccountAuthorizationDetails, judged by the
    attacker's-view checks (inline *:* on a user, admin through a group, escalation paths)."""
    wanted = [registry.get(cid) for cid in ATTACKER_VIEW]
    findings = evaluate(scan.inventory, wanted).findings
    for cid, expected in ATTACKER_VIEW.items():
        got = {f.resource.name: f.status for f in findings if f.check_id == cid and f.resource.account == estate.MAIN}
        for name, status in expected.items():
            assert got.get(name) is status, (cid, name, got.get(name))
    esc = next(f for f in findings if f.check_id == "aws.iam.no_privilege_escalation"
               and f.resource.name == "ucs-bad-escalator")
    assert "iam:PassRole + ec2:RunInstances" in esc.evidence["paths"]
    assert any("Pass" in s for s in esc.evidence["statements"]), esc.evidence


def test_every_high_risk_port_on_the_estate(scan: Scan) -> None:
    """The per-port security-group checks over the collected groups: all traffic open fails each,
    HTTPS alone passes each; SSH alone fails the FSBP high-risk list and the 80/443-only rule."""
    from checks.aws.ec2_ports import SERVICES

    ids = [f"aws.ec2.sg_no_{slug}_from_internet" for slug, *_ in SERVICES]
    ids += ["aws.ec2.sg_no_high_risk_ports_from_internet", "aws.ec2.sg_only_authorized_ports_from_internet"]
    findings = evaluate(scan.inventory, [registry.get(i) for i in ids]).findings
    got = {(f.check_id, f.resource.name): f.status for f in findings}
    for cid in ids:
        assert got[(cid, "ucs-bad-all")] is Status.FAIL, cid
        assert got[(cid, "ucs-good-web")] is Status.PASS, cid
    assert got[("aws.ec2.sg_no_high_risk_ports_from_internet", "ucs-bad-ssh")] is Status.FAIL
    assert got[("aws.ec2.sg_only_authorized_ports_from_internet", "ucs-bad-ssh")] is Status.FAIL
    assert got[("aws.ec2.sg_no_mysql_from_internet", "ucs-bad-ssh")] is Status.PASS


def test_aurora_cluster_snapshots_are_judged(scan: Scan) -> None:
    got = scan.statuses("aws.rds.snapshot_not_public")
    assert got.get("ucs-bad-cluster-snapshot") is Status.FAIL, got
    assert got.get("ucs-good-cluster-snapshot") is Status.PASS, got


def _status(scan: Scan, check_id: str, key: str) -> Status | None:
    key = key.format(**scan.ids)
    statuses = scan.statuses(check_id)
    if key in statuses:
        return statuses[key]
    # account-scoped resources (one per account or per account × region) are named by account
    for f in scan.findings:
        if f.check_id == check_id and key in (f"{f.resource.account}:{f.resource.id.rsplit(':', 1)[-1]}",
                                              f"{f.resource.account}:{f.resource.region}"):
            return f.status
    return None


def test_every_aws_check_has_an_estate_expectation() -> None:
    assert {c.id for c in AWS_CHECKS} <= set(EXPECTED)


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_check_fails_and_passes_on_the_estate(scan: Scan, check_id: str) -> None:
    failing, passing = EXPECTED[check_id]
    if failing:
        assert _status(scan, check_id, failing) is Status.FAIL, (check_id, failing, scan.statuses(check_id))
    if passing:
        assert _status(scan, check_id, passing) is Status.PASS, (check_id, passing, scan.statuses(check_id))


def test_denied_service_is_a_coverage_gap_and_the_scan_goes_on(scan: Scan) -> None:
    gaps = {(e.account, e.region, e.resource_type): e.error for e in scan.inventory.coverage.failures}
    for region in estate.REGIONS:
        error = gaps.get((estate.MAIN, region, "aws.kms.key"))
        assert error and "AccessDenied" in error, gaps
        assert not scan.inventory.coverage.includes("aws", estate.MAIN, region, "aws.kms.key")
        assert scan.inventory.coverage.includes("aws", estate.MAIN, region, "aws.ec2.instance")
    # KMS in the other account was readable, and nothing else in MAIN failed.
    assert scan.inventory.coverage.includes("aws", estate.SECOND, "us-east-1", "aws.kms.key")
    assert {t for (a, _, t) in gaps if a == estate.MAIN} == {"aws.kms.key"}
    assert any(r.type == "aws.rds.db_instance" and r.account == estate.MAIN for r in scan.inventory)


def test_unreadable_setting_gives_error_not_fail(scan: Scan) -> None:
    secret = next(r for r in scan.inventory if r.name == estate.SECRET_BUCKET)
    assert "AccessDenied" in secret.data["Versioning"]["__unreadable__"]
    assert scan.statuses("aws.s3.versioning_enabled")[estate.SECRET_BUCKET] is Status.ERROR
    # the settings the scanner could read on that bucket are still judged ("not configured" → FAIL)
    assert secret.data["Encryption"] is None
    assert scan.statuses("aws.s3.default_encryption")[estate.SECRET_BUCKET] is Status.FAIL


def test_resources_are_json_documents_with_region_and_tags(scan: Scan) -> None:
    import json

    json.dumps([r.to_dict() for r in scan.inventory])  # the store needs JSON-safe data
    good = next(r for r in scan.inventory if r.type == "aws.s3.bucket" and r.name == "ucs-good")
    assert good.tags == {"owner": "data-team"} and good.region == "us-east-1"
    assert next(r for r in scan.inventory if r.name == estate.SECRET_BUCKET).region == "eu-west-1"
    # a multi-region trail is reported once, in its home region, and covers every region
    trails = [r for r in scan.inventory if r.type == "aws.cloudtrail.trail" and r.name == "ucs-good-trail"]
    assert [t.region for t in trails] == ["us-east-1"]
