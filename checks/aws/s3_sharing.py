"""S3 bucket: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts


def _bucket_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.s3.bucket_not_shared_cross_account", resource_types=("aws.s3.bucket",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("S3 bucket", "S3 バケット"))
def bucket_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_bucket_policy(r), r, inventory)
