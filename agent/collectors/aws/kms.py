"""Customer-managed KMS keys in one region, with key state, rotation status and key policy.

``ListKeys`` and ``ListAliases`` are paginated; ``DescribeKey``, ``GetKeyPolicy`` and ``GetKeyRotationStatus`` have
no batch form, so they are one call per key on a bounded pool.  AWS-managed keys are skipped:
their rotation is AWS's business.  A key that an ``alias/aws/*`` alias points at is AWS-managed
whatever ``KeyManager`` says (emulators report some of them as CUSTOMER).
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import bounded_map, jsonable
from agent.collectors.aws._util import policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "kms"
GLOBAL = False
RESOURCE_TYPES = ("aws.kms.key",)
PERMISSIONS = ("kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListKeys")


def _key(ctx: ServiceContext, kms: Any, key_id: str, aliases: list[str]) -> Resource | None:
    desc = ctx.read(kms.describe_key, KeyId=key_id)
    if is_unreadable(desc):
        meta: dict[str, Any] = {"KeyId": key_id, "KeyMetadata": desc}
        arn = f"arn:aws:kms:{ctx.region}:{ctx.account}:key/{key_id}"
    else:
        meta = jsonable(desc["KeyMetadata"])
        if meta.get("KeyManager") == "AWS":
            return None
        arn = meta.get("Arn") or f"arn:aws:kms:{ctx.region}:{ctx.account}:key/{key_id}"
    data = dict(meta)
    data["_aliases"] = aliases
    pol = ctx.read(kms.get_key_policy, KeyId=key_id, PolicyName="default", missing=("NotFoundException",))
    data["Policy"] = policy_field(pol, "Policy")
    symmetric = meta.get("KeySpec", meta.get("CustomerMasterKeySpec")) == "SYMMETRIC_DEFAULT"
    if symmetric and meta.get("KeyState") == "Enabled" and meta.get("Origin", "AWS_KMS") == "AWS_KMS":
        rot = ctx.read(kms.get_key_rotation_status, KeyId=key_id)
        data["_rotation_enabled"] = rot if is_unreadable(rot) else bool(rot.get("KeyRotationEnabled"))
    else:
        data["_rotation_enabled"] = None  # rotation does not apply (asymmetric, imported, disabled, pending deletion)
    name = aliases[0] if aliases else key_id
    return Resource("aws", ctx.account, ctx.region, "aws.kms.key", arn, name, {}, data)


def collect(ctx: ServiceContext) -> list[Resource]:
    kms = ctx.client()
    aliases: dict[str, list[str]] = {}
    for a in ctx.paginate(kms, "list_aliases", "Aliases"):
        if a.get("TargetKeyId"):
            aliases.setdefault(a["TargetKeyId"], []).append(a["AliasName"])
    keys = [k["KeyId"] for k in ctx.paginate(kms, "list_keys", "Keys")]
    keys = [k for k in keys if not any(n.startswith("alias/aws/") for n in aliases.get(k, []))]
    found = bounded_map(lambda k: _key(ctx, kms, k, sorted(aliases.get(k, []))), keys)
    return [r for r in found if r is not None]
