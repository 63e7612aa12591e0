"""EBS snapshot: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need
from checks.aws.policies import shared_result, shared_texts


def _volume_permissions(r: Resource) -> list[str]:
    """createVolumePermission entries as account ids, "all" for the public group."""
    perms = need(r, "_create_volume_permissions") or []
    return ["all" if p.get("Group") == "all" else str(p.get("UserId")) for p in perms if p.get("Group") or p.get("UserId")]


@check(id="aws.ec2.snapshot_not_shared_cross_account", resource_types=('aws.ec2.snapshot',), severity=Severity.MEDIUM,
       needs_inventory=True, **shared_texts("EBS snapshot", "EBS スナップショット"))
def snapshot_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return shared_result(_volume_permissions(r), r, inventory)
