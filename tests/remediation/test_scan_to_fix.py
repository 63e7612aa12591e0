"""The whole path on moto: a real scan finds the problems, plans fix them, the collector and the
checks verify, the findings resolve — and the next real scan agrees."""

from __future__ import annotations

from typing import Any

from agent.core.model import State
from agent.engine.scan import run_scan
from agent.settings.tenant import Settings
from remediation.context import build_context
from remediation.runner import Runner
from remediation.store import RemediationStore
from tests.remediation.aws_seeds import s3_pab, sg_ssh
from tests.remediation.helpers import tenant_settings

CHECKS = ["aws.s3.block_public_access", "aws.ec2.sg_no_ssh_from_internet"]


def test_scan_plan_apply_verify_and_rescan(store: Any, tenant_id: str, aws_factory: Any, moto_reset: str) -> None:
    s3_pab(aws_factory)
    sg_ssh(aws_factory)
    doc = tenant_settings(tenant_id, mode="approval").model_dump(exclude={"source"})
    doc["providers"] = {"aws": {"accounts": [{"id": "123456789012", "regions": ["us-east-1"], "endpoint_url": moto_reset,
                                              "credentials": {"env": True}}]}}
    settings = Settings.model_validate(doc)
    first = run_scan(settings, store, check_patterns=CHECKS)
    failing = {(f.check_id, f.resource.name) for f in first.findings if f.status.value == "FAIL"}
    assert ("aws.s3.block_public_access", "ucs-pab-bucket") in failing
    assert ("aws.ec2.sg_no_ssh_from_internet", "ucs-open-ssh") in failing

    run = Runner(settings, store, build_context(settings, "alice"), actor="alice")
    plans = [p for p in run.propose() if (p.check_id, p.resource_name) in failing]
    assert len(plans) == 2 and all(p.resource_digest for p in plans)  # planned from the scan's snapshots
    for p in plans:
        run.approve(p.id)
    outcomes = {o.plan_id: o for o in run.apply_approved()}
    for p in plans:
        assert outcomes[p.id].status == "verified", outcomes[p.id].detail
        assert "re-collected resource: PASS" in outcomes[p.id].detail  # the collector + the check said so
        assert store.finding(tenant_id, p.fingerprint).state is State.RESOLVED
        assert [a["action"] for a in RemediationStore(store).history(tenant_id, p.id)][-2:] == ["apply", "verify"]

    again = run_scan(settings, store, check_patterns=CHECKS)
    fixed = {(f.check_id, f.resource.name): f.status.value for f in again.findings}
    assert fixed[("aws.s3.block_public_access", "ucs-pab-bucket")] == "PASS"
    assert fixed[("aws.ec2.sg_no_ssh_from_internet", "ucs-open-ssh")] == "PASS"
