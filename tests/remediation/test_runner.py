"""The runner: modes, approvals, the audit trail and the finding lifecycle, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from agent.core.errors import MenuError, RemediationError
from agent.core.model import State, utcnow
from remediation.context import RemediationContext
from remediation.registry import all_remediators
from remediation.runner import Runner
from remediation.store import RemediationStore
from tests.remediation.aws_seeds import s3_pab
from tests.remediation.conftest import ACCOUNT
from tests.remediation.helpers import store_failing, tenant_settings

CHECK = "aws.s3.block_public_access"


def runner(store: Any, tenant: str, factory: Any, actor: str = "alice", **cfg: Any) -> Runner:
    settings = tenant_settings(tenant, **cfg)
    return Runner(
        settings,
        store,
        RemediationContext(settings.remediation, aws={ACCOUNT: factory}, actor=actor),
        actor=actor,
        catalogue=all_remediators(),
    )


def test_approval_flow_applies_verifies_resolves_and_rolls_back(store: Any, tenant_id: str, aws_factory: Any) -> None:
    bucket = s3_pab(aws_factory)
    finding = store_failing(store, tenant_id, CHECK, bucket)
    run = runner(store, tenant_id, aws_factory, mode="approval")

    [plan] = run.propose()
    assert plan.status == "pending" and plan.mode == "approval"
    assert plan.changes() == [
        f"{k}: (not set) → True"
        for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
    ]
    assert run.propose() == []  # one open plan per finding
    refused = run.apply(plan.id)
    assert refused.status == "refused" and "approval" in refused.detail
    assert run.changes == 0
    with pytest.raises(Exception, match="NoSuchPublicAccessBlockConfiguration"):
        aws_factory.client("s3").get_public_access_block(Bucket=bucket.name)  # still untouched

    assert run.approve(plan.id).status == "approved"
    out = run.apply(plan.id)
    assert out.status == "verified", out.detail
    pab = aws_factory.client("s3").get_public_access_block(Bucket=bucket.name)["PublicAccessBlockConfiguration"]
    assert all(pab.values())
    assert store.finding(tenant_id, finding.fingerprint).state is State.RESOLVED

    rs = RemediationStore(store)
    trail = rs.history(tenant_id, plan.id)
    assert [(a["action"], a["result"]) for a in trail] == [
        ("plan", "ok"),
        ("apply", "refused"),
        ("approve", "ok"),
        ("claim", "ok"),
        ("apply", "ok"),
        ("verify", "ok"),
    ]
    applied = trail[4]
    assert (
        applied["actor"] == "alice"
        and applied["before"]["BlockPublicAcls"] is None
        and applied["after"]["BlockPublicAcls"] is True
    )

    back = run.rollback(plan.id)
    assert back.status == "rolled_back", back.detail
    with pytest.raises(Exception, match="NoSuchPublicAccessBlockConfiguration"):
        aws_factory.client("s3").get_public_access_block(Bucket=bucket.name)
    assert rs.history(tenant_id, plan.id)[-1]["action"] == "rollback"
    with pytest.raises(RemediationError):
        run.rollback(plan.id)  # once only


def test_reject_and_expiry(store: Any, tenant_id: str, aws_factory: Any) -> None:
    store_failing(store, tenant_id, CHECK, s3_pab(aws_factory))
    run = runner(store, tenant_id, aws_factory, mode="approval", approval_expiry_hours=1)
    [plan] = run.propose()
    assert run.reject(plan.id, "not during the freeze").status == "rejected"
    with pytest.raises(RemediationError, match="rejected"):
        run.approve(plan.id)
    [again] = run.propose()  # a rejected plan no longer stands for the finding
    rs = RemediationStore(store)
    assert rs.expire(tenant_id, "test", now=utcnow() + timedelta(minutes=30)) == []
    assert rs.expire(tenant_id, "test", now=utcnow() + timedelta(hours=2)) == [again.id]
    out = run.apply(again.id)
    assert out.status == "refused" and "expired" in out.detail
    # An approval is valid for the window too: approved but not applied in time, it expires.
    [third] = run.propose()
    run.approve(third.id)
    assert rs.plan_row(tenant_id, third.id)["expires_at"] > utcnow() + timedelta(minutes=50)
    assert rs.expire(tenant_id, "test", now=utcnow() + timedelta(hours=2)) == [third.id]
    assert run.apply(third.id).status == "refused"


def test_menu_is_required(store: Any, tenant_id: str, aws_factory: Any) -> None:
    settings = tenant_settings(tenant_id, menus=())
    with pytest.raises(MenuError, match="'remediation'"):
        Runner(settings, store, RemediationContext(settings.remediation, aws={ACCOUNT: aws_factory}))


def test_modes_off_dry_run_and_auto_allow_list(store: Any, tenant_id: str, aws_factory: Any) -> None:
    store_failing(store, tenant_id, CHECK, s3_pab(aws_factory))
    assert runner(store, tenant_id, aws_factory, mode="off").propose() == []
    # auto without the allow-list falls back to approval: nothing changes unattended
    [plan] = runner(store, tenant_id, aws_factory, mode="auto").propose()
    assert plan.status == "pending"
    run = runner(store, tenant_id, aws_factory, mode="dry-run", checks={"aws.s3.*": "auto"}, auto_allow=[CHECK])
    run.reject(plan.id)
    [auto] = run.propose()
    assert auto.status == "verified", auto.reason
    assert [a["actor"] for a in RemediationStore(store).history(tenant_id, auto.id) if a["action"] == "approve"] == [
        "auto"
    ]


def test_failed_apply_is_audited_and_notified(store: Any, tenant_id: str, aws_factory: Any) -> None:
    from tests.remediation.aws_seeds import bucket as make_bucket

    events: list[tuple[str, dict[str, Any]]] = []
    b = make_bucket(aws_factory, "ucs-logs-nowhere")
    store_failing(store, tenant_id, "aws.s3.access_logging_enabled", b)
    settings = tenant_settings(tenant_id, mode="approval", s3_access_log_bucket="ucs-bucket-that-does-not-exist")
    run = Runner(
        settings,
        store,
        RemediationContext(settings.remediation, aws={ACCOUNT: aws_factory}),
        actor="bob",
        notify=lambda kind, payload: events.append((kind, payload)),
        catalogue=all_remediators(),
    )
    [plan] = run.propose()
    run.approve(plan.id)
    out = run.apply(plan.id)
    assert out.status == "failed" and "InvalidTargetBucketForLogging" in out.detail
    last = RemediationStore(store).history(tenant_id, plan.id)[-1]
    assert (last["action"], last["result"], last["actor"]) == ("apply", "failed", "bob")
    assert [k for k, _ in events] == ["remediation_failed"] and events[0][1]["plan_id"] == plan.id

    store_failing(store, tenant_id, CHECK, s3_pab(aws_factory))
    [ok] = run.propose(check=CHECK)
    run.approve(ok.id)
    assert run.apply(ok.id).status == "verified"
    assert [k for k, _ in events] == ["remediation_failed", "remediation_applied"]


def test_failed_verification_leaves_the_finding_open(store: Any, tenant_id: str, aws_factory: Any) -> None:
    from remediation.aws.s3 import Versioning
    from remediation.base import ApiCall
    from tests.remediation.aws_seeds import s3_versioning

    class IneffectiveVersioning(Versioning):
        """Makes a real call that does not reach the target state (like a silently ignored write)."""

        def calls(self, ctx: Any, r: Any, before: Any, after: Any) -> list[ApiCall]:
            return [self.set_call(r, "Suspended")]

    b = s3_versioning(aws_factory)
    finding = store_failing(store, tenant_id, "aws.s3.versioning_enabled", b)
    settings = tenant_settings(tenant_id, mode="approval")
    run = Runner(
        settings,
        store,
        RemediationContext(settings.remediation, aws={ACCOUNT: aws_factory}),
        catalogue={"aws.s3.versioning_enabled": IneffectiveVersioning()},
    )
    [plan] = run.propose()
    run.approve(plan.id)
    out = run.apply(plan.id)
    assert out.status == "verify_failed"
    assert "NOT reached" in out.detail or "FAIL" in out.detail  # own re-read, or the check via the collector
    assert store.finding(tenant_id, finding.fingerprint).state in (State.NEW, State.OPEN)
    assert RemediationStore(store).plan(tenant_id, plan.id).reason == out.detail


def test_resolving_scan_is_not_the_last_scan(store: Any, tenant_id: str, aws_factory: Any) -> None:
    store_failing(store, tenant_id, CHECK, s3_pab(aws_factory))
    before = store.last_scan(tenant_id)
    run = runner(store, tenant_id, aws_factory, mode="approval")
    [plan] = run.propose()
    run.approve(plan.id)
    assert run.apply(plan.id).status == "verified"
    assert store.last_scan(tenant_id).id == before.id
    assert [s.status for s in store.scans(tenant_id)][:1] == ["remediation"]


def test_rollback_refuses_to_overwrite_a_newer_change(store: Any, tenant_id: str, aws_factory: Any) -> None:
    bucket = s3_pab(aws_factory)
    store_failing(store, tenant_id, CHECK, bucket)
    run = runner(store, tenant_id, aws_factory, mode="approval")
    [plan] = run.propose()
    run.approve(plan.id)
    assert run.apply(plan.id).status == "verified"
    s3 = aws_factory.client("s3")
    newer = {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": False,
        "RestrictPublicBuckets": True,
    }
    s3.put_public_access_block(Bucket=bucket.name, PublicAccessBlockConfiguration=newer)
    out = run.rollback(plan.id)
    assert out.status == "refused" and "changed since the fix" in out.detail
    assert s3.get_public_access_block(Bucket=bucket.name)["PublicAccessBlockConfiguration"] == newer
    assert RemediationStore(store).plan(tenant_id, plan.id).status == "verified"


def test_events_reach_the_notification_outbox(store: Any, tenant_id: str, aws_factory: Any) -> None:
    """With a route for remediation events, the default hook queues them in the notifier outbox."""
    from sqlalchemy import select

    from agent.settings.tenant import Settings
    from agent.store.tables import outbox

    base = tenant_settings(tenant_id, mode="approval").model_dump(exclude={"source"})
    base["notifications"] = {
        "channels": [
            {
                "name": "siem",
                "type": "webhook",
                "url_env": "UCS_TEST_UNUSED_WEBHOOK",
                "secret_env": "UCS_TEST_UNUSED_HMAC",
            }
        ],
        "routes": [
            {
                "name": "fixes",
                "match": {"transitions": ["remediation_applied", "remediation_failed", "resolved"]},
                "channels": ["siem"],
            }
        ],
    }
    settings = Settings.model_validate(base)
    store_failing(store, tenant_id, CHECK, s3_pab(aws_factory))
    run = Runner(
        settings,
        store,
        RemediationContext(settings.remediation, aws={ACCOUNT: aws_factory}),
        catalogue=all_remediators(),
    )
    [plan] = run.propose()
    run.approve(plan.id)
    assert run.apply(plan.id).status == "verified"
    with store.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.event, outbox.c.payload).where(outbox.c.tenant == tenant_id)).all()
    events = [r.event for r in rows]
    assert "remediation_applied" in events
    assert "resolved" in events  # the resolving one-resource scan goes through the notifier's hook too
    applied = next(r.payload for r in rows if r.event == "remediation_applied")
    assert f"plan {plan.id}" in str(applied)


def test_auto_plans_held_back_by_the_limit_run_next_time(store: Any, tenant_id: str, aws_factory: Any) -> None:
    from tests.remediation.aws_seeds import s3_versioning

    store_failing(store, tenant_id, CHECK, s3_pab(aws_factory))
    store_failing(store, tenant_id, "aws.s3.versioning_enabled", s3_versioning(aws_factory))
    cfg = {"mode": "auto", "auto_allow": ["aws.s3.*"], "max_changes_per_run": 1}
    first = runner(store, tenant_id, aws_factory, **cfg).propose()
    assert sorted(p.status for p in first) == ["refused", "verified"]
    held = next(p for p in first if p.status == "refused")
    assert "change limit" in held.reason
    assert RemediationStore(store).plan(tenant_id, held.id).status == "approved"  # kept for the next run
    assert runner(store, tenant_id, aws_factory, **cfg).propose() == []  # nothing new to plan …
    assert RemediationStore(store).plan(tenant_id, held.id).status == "verified"  # … but the held one ran
