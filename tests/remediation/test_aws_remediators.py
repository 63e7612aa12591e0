"""Every AWS remediator against moto's server over HTTP:
failing finding → plan → apply → verify PASS → rollback → the check fails again, state as before.

Verification is :func:`remediation.verify.verify`: the collector + the registered check when both
exist on this branch, the remediator's own re-read otherwise (the detail says which).
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.core.model import Finding, Resource, Severity, Status
from remediation.base import DESTRUCTIVE
from remediation.registry import all_remediators
from remediation.verify import verify
from tests.remediation.aws_seeds import SEEDS
from tests.remediation.conftest import ACCOUNT

# moto stamps a new access key with the current time and has no way to age it, so the check
# (unused for 45 days) cannot fail there; that remediator is verified by its own re-read
# (threshold 0 days in these tests) instead of by the collector and the check.
OWN_READ_ONLY = {"aws.iam.unused_credentials_45_days"}


def failing_finding(rem: Any, resource: Resource) -> Finding:
    return Finding(rem.check_id, resource, Status.FAIL, Severity.HIGH, "seeded to fail")


def test_every_aws_remediator_has_a_round_trip_test() -> None:
    aws = {cid for cid, rem in all_remediators().items() if rem.provider == "aws"}
    assert aws == set(SEEDS)
    assert len(all_remediators()) >= 22


@pytest.mark.parametrize("check_id", sorted(SEEDS))
def test_round_trip(check_id: str, aws_ctx: Any, aws_factory: Any) -> None:
    rem = all_remediators()[check_id]
    resource = SEEDS[check_id](aws_factory)
    plan_ctx_state = rem.read(aws_ctx, resource)

    plan = rem.plan(aws_ctx, failing_finding(rem, resource), resource)
    assert plan.before == plan_ctx_state and plan.after != plan.before
    assert plan.changes() and plan.calls and plan.rollback_calls
    assert plan.cli.strip() and plan.terraform.strip()
    assert not any(DESTRUCTIVE.match(c.operation) for c in plan.calls + plan.rollback_calls)
    collector = check_id not in OWN_READ_ONLY
    first = verify(aws_ctx, plan, rem, collector)
    assert not first.ok, f"seeded resource already passes: {first.detail}"

    record = rem.apply(aws_ctx, plan)
    assert record.ok, record.error
    assert record.before == plan.before
    fixed = verify(aws_ctx, plan, rem, collector)
    assert fixed.ok, fixed.detail

    undone = rem.rollback(aws_ctx, plan)
    assert undone.ok, undone.error
    assert rem.read(aws_ctx, resource) == plan.before
    again = verify(aws_ctx, plan, rem, collector)
    assert not again.ok, again.detail


def test_security_group_fix_revokes_only_the_internet_ranges(aws_ctx: Any, aws_factory: Any) -> None:
    rem = all_remediators()["aws.ec2.sg_no_ssh_from_internet"]
    resource = SEEDS[rem.check_id](aws_factory)
    plan = rem.plan(aws_ctx, failing_finding(rem, resource), resource)
    assert rem.apply(aws_ctx, plan).ok
    ec2 = aws_factory.client("ec2")
    perms = ec2.describe_security_groups(GroupIds=[resource.data["GroupId"]])["SecurityGroups"][0]["IpPermissions"]
    ranges = {(p["FromPort"], r["CidrIp"]) for p in perms for r in p.get("IpRanges", [])}
    v6 = {(p["FromPort"], r["CidrIpv6"]) for p in perms for r in p.get("Ipv6Ranges", [])}
    assert ranges == {(22, "10.0.0.0/8"), (443, "0.0.0.0/0")}
    assert v6 == set()
    assert rem.rollback(aws_ctx, plan).ok
    perms = ec2.describe_security_groups(GroupIds=[resource.data["GroupId"]])["SecurityGroups"][0]["IpPermissions"]
    descs = {
        r.get("Description")
        for p in perms
        for r in p.get("IpRanges", [])
        if r["CidrIp"] == "0.0.0.0/0" and p["FromPort"] == 22
    }
    assert descs == {"anywhere"}  # rollback restores the rule with its description


def test_password_policy_keeps_stronger_values_and_restores_the_old_policy(aws_ctx: Any, aws_factory: Any) -> None:
    iam = aws_factory.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=20, MaxPasswordAge=30)
    rem = all_remediators()["aws.iam.password_policy_min_length_14"]
    resource = Resource(
        "aws",
        ACCOUNT,
        "global",
        "aws.iam.password_policy",
        f"arn:aws:iam::{ACCOUNT}:account-password-policy",
        "account password policy",
    )
    plan = rem.plan(aws_ctx, failing_finding(rem, resource), resource)
    assert plan.after["MinimumPasswordLength"] == 20 and plan.after["MaxPasswordAge"] == 30
    assert rem.apply(aws_ctx, plan).ok
    pol = iam.get_account_password_policy()["PasswordPolicy"]
    assert pol["PasswordReusePrevention"] == 24 and pol["MaxPasswordAge"] == 30
    assert rem.rollback(aws_ctx, plan).ok
    assert "PasswordReusePrevention" not in iam.get_account_password_policy()["PasswordPolicy"]


def test_a_public_aurora_cluster_snapshot_is_made_private_and_back(aws_ctx: Any, aws_factory: Any) -> None:
    """The snapshot check covers cluster snapshots: its fix takes their own API calls."""
    rds = aws_factory.client("rds")
    rds.create_db_cluster(DBClusterIdentifier="ucs-fix-aurora", Engine="aurora-postgresql", MasterUsername="dbadmin",
                          MasterUserPassword="not-a-real-secret")
    snap = rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier="ucs-fix-csnap",
                                          DBClusterIdentifier="ucs-fix-aurora")["DBClusterSnapshot"]
    rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier="ucs-fix-csnap", AttributeName="restore",
                                             ValuesToAdd=["all"])
    resource = Resource("aws", ACCOUNT, "us-east-1", "aws.rds.db_cluster_snapshot", snap["DBClusterSnapshotArn"],
                        "ucs-fix-csnap", {}, {"DBClusterSnapshotIdentifier": "ucs-fix-csnap"})
    rem = all_remediators()["aws.rds.snapshot_not_public"]
    plan = rem.plan(aws_ctx, failing_finding(rem, resource), resource)
    assert plan.calls[0].operation == "modify_db_cluster_snapshot_attribute"
    assert rem.apply(aws_ctx, plan).ok
    assert rem.read(aws_ctx, resource) == {"Public": False}
    assert rem.rollback(aws_ctx, plan).ok
    assert rem.read(aws_ctx, resource) == plan.before == {"Public": True}
