"""RDS, Aurora, DocumentDB or Neptune snapshot: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need
from checks.aws.policies import shared_result, shared_texts


@check(id="aws.rds.snapshot_not_shared_cross_account", resource_types=('aws.rds.db_snapshot', 'aws.rds.db_cluster_snapshot'), severity=Severity.MEDIUM,
       needs_inventory=True, **shared_texts("RDS, Aurora, DocumentDB or Neptune snapshot", "RDS・Aurora・DocumentDB・Neptune スナップショット"))
def snapshot_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return shared_result([str(a) for a in need(r, "_restore_allowed") or []], r, inventory)
