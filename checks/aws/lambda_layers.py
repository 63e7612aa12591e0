"""Lambda layer version: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts, public_policy_result, public_texts


def _layer_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.lambda.layer_policy_not_public", resource_types=("aws.lambda.layer_version",), severity=Severity.HIGH,
       **public_texts("Lambda layer version", "Lambda レイヤーバージョン"))
def layer_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_layer_policy(r))


@check(id="aws.lambda.layer_not_shared_cross_account", resource_types=("aws.lambda.layer_version",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("Lambda layer version", "Lambda レイヤーバージョン"))
def layer_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_layer_policy(r), r, inventory)
