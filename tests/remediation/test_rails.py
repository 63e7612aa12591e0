"""Safety rails: exempt tag, change limit, drift, dry-run writes nothing, no double apply."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from remediation.store import RemediationStore
from tests.remediation.aws_seeds import s3_pab, sg_ssh
from tests.remediation.helpers import MotoRecording, store_failing, write_requests
from tests.remediation.test_runner import CHECK, runner

SSH = "aws.ec2.sg_no_ssh_from_internet"


def test_dry_run_makes_no_write_call(store: Any, tenant_id: str, aws_factory: Any, moto_reset: str) -> None:
    bucket = s3_pab(aws_factory)
    group = sg_ssh(aws_factory)
    store_failing(store, tenant_id, CHECK, bucket)
    store_failing(store, tenant_id, SSH, group)
    rec = MotoRecording(moto_reset)
    rec.start()
    try:
        run = runner(store, tenant_id, aws_factory, mode="dry-run")
        plans = run.propose()
        outcomes = [run.apply(p.id) for p in plans]
    finally:
        entries = rec.stop()
    assert sorted(p.status for p in plans) == ["dry-run", "dry-run"]
    assert all(p.calls for p in plans)  # the plans say exactly what would run…
    assert [o.status for o in outcomes] == ["refused", "refused"]
    assert entries, "the server recorded the reads"  # …the recording works…
    assert write_requests(entries) == []  # …and nothing that writes reached the server

    # Positive control: the same recording sees the writes of an approved apply.
    rec.start()
    try:
        run = runner(store, tenant_id, aws_factory, mode="approval")
        [plan] = run.propose(check=SSH)
        run.approve(plan.id)
        assert run.apply(plan.id).status == "verified"
    finally:
        entries = rec.stop()
    writes = write_requests(entries)
    assert len(writes) == 1 and writes[0].endswith("RevokeSecurityGroupIngress")


def test_exempt_tag_is_honoured(store: Any, tenant_id: str, aws_factory: Any) -> None:
    bucket = s3_pab(aws_factory)
    bucket.tags = {"keep-as-is": "yes"}
    store_failing(store, tenant_id, CHECK, bucket)
    run = runner(store, tenant_id, aws_factory, mode="approval", exempt_tag="keep-as-is")
    [plan] = run.propose()
    assert plan.status == "refused" and "exempt" in plan.reason and "keep-as-is" in plan.reason
    assert plan.calls == []
    assert run.propose() == []  # refused once, not again and again

    # Tagged after the plan was approved: the latest snapshot is read again before apply.
    other = runner(store, f"{tenant_id}b", aws_factory, mode="approval", exempt_tag="keep-as-is")
    bucket.tags = {}
    store_failing(store, other.tenant, CHECK, bucket)
    [plan] = other.propose()
    other.approve(plan.id)
    bucket.tags = {"keep-as-is": "true"}
    store_failing(store, other.tenant, CHECK, bucket)
    out = other.apply(plan.id)
    assert out.status == "refused" and "exempt" in out.detail
    with pytest.raises(Exception, match="NoSuchPublicAccessBlockConfiguration"):
        aws_factory.client("s3").get_public_access_block(Bucket=bucket.name)


def test_change_limit_per_run(store: Any, tenant_id: str, aws_factory: Any) -> None:
    store_failing(store, tenant_id, CHECK, s3_pab(aws_factory))
    store_failing(store, tenant_id, SSH, sg_ssh(aws_factory))
    run = runner(store, tenant_id, aws_factory, mode="approval", max_changes_per_run=1)
    plans = run.propose()
    for p in plans:
        run.approve(p.id)
    outcomes = run.apply_approved()
    assert sorted(o.status for o in outcomes) == ["refused", "verified"]
    limited = next(o for o in outcomes if o.status == "refused")
    assert "change limit" in limited.detail
    assert RemediationStore(store).plan(tenant_id, limited.plan_id).status == "approved"  # kept for the next run
    assert [
        o.status for o in runner(store, tenant_id, aws_factory, mode="approval", max_changes_per_run=1).apply_approved()
    ] == ["verified"]


def test_drifted_resource_is_refused(store: Any, tenant_id: str, aws_factory: Any) -> None:
    bucket = s3_pab(aws_factory)
    store_failing(store, tenant_id, CHECK, bucket)
    run = runner(store, tenant_id, aws_factory, mode="approval")
    [plan] = run.propose()
    run.approve(plan.id)
    # Someone changes the bucket by hand between plan and apply.
    s3 = aws_factory.client("s3")
    s3.put_public_access_block(Bucket=bucket.name, PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    out = run.apply(plan.id)
    assert out.status == "refused"
    assert "changed since the plan" in out.detail and "BlockPublicAcls was (not set), now True" in out.detail
    assert s3.get_public_access_block(Bucket=bucket.name)["PublicAccessBlockConfiguration"]["IgnorePublicAcls"] is False

    # A later scan that stored a different configuration is drift too, even if the live value is back.
    s3.delete_public_access_block(Bucket=bucket.name)
    [plan2] = run.propose()
    run.approve(plan2.id)
    bucket.data = {**bucket.data, "Policy": {"Statement": []}}
    store_failing(store, tenant_id, CHECK, bucket)
    out = run.apply(plan2.id)
    assert out.status == "refused" and "a later scan stored a different configuration (changed: Policy)" in out.detail


def test_concurrent_applies_of_one_plan_apply_once(
    store: Any, tenant_id: str, aws_factory: Any, moto_reset: str
) -> None:
    store_failing(store, tenant_id, SSH, sg_ssh(aws_factory))
    first = runner(store, tenant_id, aws_factory, actor="run-1", mode="approval")
    [plan] = first.propose()
    first.approve(plan.id)
    second = runner(store, tenant_id, aws_factory, actor="run-2", mode="approval")
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def go(name: str, r: Any) -> None:
        barrier.wait()
        results[name] = r.apply(plan.id)

    rec = MotoRecording(moto_reset)
    rec.start()
    try:
        threads = [threading.Thread(target=go, args=(n, r)) for n, r in (("a", first), ("b", second))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        entries = rec.stop()
    statuses = sorted(o.status for o in results.values())
    assert statuses == ["refused", "verified"], results
    assert len(write_requests(entries)) == 1  # the rule was revoked once
    claims = [a for a in RemediationStore(store).history(tenant_id, plan.id) if a["action"] == "claim"]
    assert len(claims) == 1


def test_conditional_update_admits_one_claim(store: Any, tenant_id: str, aws_factory: Any) -> None:
    store_failing(store, tenant_id, CHECK, s3_pab(aws_factory))
    run = runner(store, tenant_id, aws_factory, mode="approval")
    [plan] = run.propose()
    run.approve(plan.id)
    rs = RemediationStore(store)
    assert rs.transition(tenant_id, plan.id, ["approved"], "applying", "a", "claim") is True
    assert rs.transition(tenant_id, plan.id, ["approved"], "applying", "b", "claim") is False


def test_own_verified_change_rebases_other_plans_on_the_resource(store: Any, tenant_id: str, aws_factory: Any) -> None:
    from tests.remediation.helpers import store_failing as record

    bucket = s3_pab(aws_factory)
    record(store, tenant_id, CHECK, bucket)
    record(store, tenant_id, "aws.s3.versioning_enabled", bucket)
    run = runner(store, tenant_id, aws_factory, mode="approval")
    first, second = sorted(run.propose(), key=lambda p: p.check_id)
    assert (first.check_id, second.check_id) == (CHECK, "aws.s3.versioning_enabled")
    run.approve(first.id)
    run.approve(second.id)
    assert run.apply(first.id).status == "verified"
    # The snapshot now shows the first fix (as the collector's re-read stores it) …
    bucket.data = {**bucket.data, "PublicAccessBlock": {"BlockPublicAcls": True}}
    record(store, tenant_id, "aws.s3.versioning_enabled", bucket)
    snap = store.resource(tenant_id, bucket)
    rs = RemediationStore(store)
    # … and the runner moves the other open plans onto it, so our own change is not "drift".
    assert rs.rebase(tenant_id, bucket.id, first.id, snap["digest"], snap["data"], "test") == [second.id]
    assert rs.history(tenant_id, second.id)[-1]["action"] == "rebase"
    assert run.apply(second.id).status == "verified"


def test_destructive_operations_are_never_planned_or_applied(aws_ctx: Any, aws_factory: Any) -> None:
    from agent.core.errors import RemediationError
    from agent.core.model import Finding, Severity, Status
    from remediation.aws.s3 import Versioning
    from remediation.base import ApiCall

    class Reckless(Versioning):
        def calls(self, ctx: Any, r: Any, before: Any, after: Any) -> list[ApiCall]:
            return [ApiCall("s3", "delete_bucket", {"Bucket": r.name})]

    bucket = s3_pab(aws_factory)
    with pytest.raises(RemediationError, match="refusing destructive operation s3.delete_bucket"):
        Reckless().plan(aws_ctx, Finding(CHECK, bucket, Status.FAIL, Severity.HIGH), bucket)
    # A stored plan edited to contain one is refused at apply time too.
    plan = Versioning().plan(aws_ctx, Finding(CHECK, bucket, Status.FAIL, Severity.HIGH), bucket)
    plan.calls = [ApiCall("s3", "delete_bucket", {"Bucket": bucket.name})]
    with pytest.raises(RemediationError):
        Versioning().apply(aws_ctx, plan)
    assert aws_factory.client("s3").head_bucket(Bucket=bucket.name)["ResponseMetadata"]["HTTPStatusCode"] == 200
