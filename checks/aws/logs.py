"""CloudWatch Logs destination, CloudWatch Logs resource policy: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts, public_policy_result, public_texts


def _resource_policy_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.logs.resource_policy_not_public", resource_types=("aws.logs.resource_policy",), severity=Severity.HIGH,
       **public_texts("CloudWatch Logs resource policy", "CloudWatch Logs リソースポリシー"))
def resource_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_resource_policy_policy(r))


@check(id="aws.logs.resource_policy_not_shared_cross_account", resource_types=("aws.logs.resource_policy",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("CloudWatch Logs resource policy", "CloudWatch Logs リソースポリシー"))
def resource_policy_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_resource_policy_policy(r), r, inventory)


def _destination_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.logs.destination_policy_not_public", resource_types=("aws.logs.destination",), severity=Severity.HIGH,
       **public_texts("CloudWatch Logs destination", "CloudWatch Logs 送信先"))
def destination_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_destination_policy(r))


@check(id="aws.logs.destination_not_shared_cross_account", resource_types=("aws.logs.destination",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("CloudWatch Logs destination", "CloudWatch Logs 送信先"))
def destination_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_destination_policy(r), r, inventory)
