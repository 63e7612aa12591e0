"""S3 Glacier vault: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts, public_policy_result, public_texts


def _vault_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.glacier.vault_policy_not_public", resource_types=("aws.glacier.vault",), severity=Severity.HIGH,
       **public_texts("S3 Glacier vault", "S3 Glacier ボールト"))
def vault_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_vault_policy(r))


@check(id="aws.glacier.vault_not_shared_cross_account", resource_types=("aws.glacier.vault",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("S3 Glacier vault", "S3 Glacier ボールト"))
def vault_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_vault_policy(r), r, inventory)
