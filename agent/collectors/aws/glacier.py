"""S3 Glacier vaults in one region with their access policies, Vault Lock and notifications:
ListVaults (paginated), then per vault GetVaultAccessPolicy, GetVaultLock and
GetVaultNotifications (for each, "none set" is ResourceNotFoundException)."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "glacier"
GLOBAL = False
RESOURCE_TYPES = ("aws.glacier.vault",)
PERMISSIONS = ("glacier:GetVaultAccessPolicy", "glacier:GetVaultLock", "glacier:GetVaultNotifications",
               "glacier:ListVaults")
NONE_SET = ("ResourceNotFoundException",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("glacier")

    def one(v: dict[str, Any]) -> Resource:
        name = v["VaultName"]
        got = ctx.read(c.get_vault_access_policy, vaultName=name, missing=NONE_SET)
        policy = got if got is None or is_unreadable(got) else policy_field(got.get("policy"), "Policy")
        lock = ctx.read(c.get_vault_lock, vaultName=name, missing=NONE_SET)
        notes = ctx.read(c.get_vault_notifications, vaultName=name, missing=NONE_SET)
        lock_state = lock if lock is None or is_unreadable(lock) else {"State": lock.get("State")}  # not the policy text
        return make(ctx, "aws.glacier.vault", v["VaultARN"], name, {
            **v, "Policy": policy, "VaultLock": lock_state,
            "VaultNotificationConfig": notes.get("vaultNotificationConfig") if isinstance(notes, dict)
            and not is_unreadable(notes) else notes})

    return bounded_map(one, ctx.paginate(c, "list_vaults", "VaultList"))
