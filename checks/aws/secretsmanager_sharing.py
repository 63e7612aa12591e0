"""Secrets Manager secret: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts


def _secret_policy(r: Resource) -> Any:
    return readable(need(r, "ResourcePolicy"), "Policy")


@check(id="aws.secretsmanager.secret_not_shared_cross_account", resource_types=("aws.secretsmanager.secret",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("Secrets Manager secret", "Secrets Manager シークレット"))
def secret_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_secret_policy(r), r, inventory)
