"""Is a resource encrypted with a customer managed KMS key? — the question FSx, DynamoDB, SQS,
Storage Gateway and others ask of the key id their API returns.

The key a service reports is an ARN, a key id, an alias name or an alias ARN; it cannot say by
itself who manages it.  The KMS collector lists the customer managed keys of each account and
region (``aws.kms.key``, AWS managed keys left out), so a key found there is the customer's, a key
of another account is the customer's too (AWS managed keys cannot be used across accounts), and
a key of the same account and region not found there is AWS managed.  Checks built here declare
``inputs=("aws.kms.key",)``, so a scan that did not read KMS answers ERROR, never a guess.
No checks here.
"""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result
from checks import Messages

MSG = Messages("aws.cmk_common", {
    "customer_key": ("customer managed key {key}", "顧客管理キー {key} です"),
    "foreign_key": ("customer managed key of account {account}", "アカウント {account} の顧客管理キーです"),
    "aws_managed": ("encrypted with an AWS managed key ({key}), not a customer managed key",
                    "顧客管理キーではなく AWS 管理キー ({key}) で暗号化されています"),
    "no_key": ("no KMS key is set", "KMS キーが設定されていません"),
})
KMS_KEY = "aws.kms.key"


def _names(key: Resource) -> set[str]:
    d = key.data
    out = {key.id, str(d.get("KeyId", "")), str(d.get("Arn", ""))}
    for alias in d.get("_aliases") or []:
        out |= {alias, f"arn:aws:kms:{key.region}:{key.account}:{alias}"}
    return {n for n in out if n}


def cmk_result(key_ref: Any, r: Resource, inventory: Inventory | None) -> Result:
    """PASS when ``key_ref`` (as the service reports it) names a customer managed key."""
    ref = str(key_ref or "").strip()
    if not ref:
        return MSG.fail("no_key")
    if ref.startswith("arn:") and ref.split(":")[4:5] not in ([r.account], [""]):
        return MSG.ok("foreign_key", account=ref.split(":")[4])
    if ref.startswith("alias/aws/") or ":alias/aws/" in ref:
        return MSG.fail("aws_managed", key=ref)
    keys = [k for k in (inventory.in_account("aws", r.account, KMS_KEY) if inventory is not None else [])
            if k.region == r.region or ref.startswith(f"arn:aws:kms:{k.region}:")]
    if any(ref in _names(k) for k in keys):
        return MSG.ok("customer_key", key=ref)
    return MSG.fail("aws_managed", key=ref)
