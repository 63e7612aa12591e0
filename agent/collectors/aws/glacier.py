"""S3 Glacier vaults in one region with their access policies: ListVaults (paginated), then
GetVaultAccessPolicy per vault ("no policy" is ResourceNotFoundException)."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "glacier"
GLOBAL = False
RESOURCE_TYPES = ("aws.glacier.vault",)
PERMISSIONS = ("glacier:GetVaultAccessPolicy", "glacier:ListVaults")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("glacier")

    def one(v: dict[str, Any]) -> Resource:
        got = ctx.read(c.get_vault_access_policy, vaultName=v["VaultName"], missing=("ResourceNotFoundException",))
        policy = got if got is None or is_unreadable(got) else policy_field(got.get("policy"), "Policy")
        return make(ctx, "aws.glacier.vault", v["VaultARN"], v["VaultName"], {**v, "Policy": policy})

    return bounded_map(one, ctx.paginate(c, "list_vaults", "VaultList"))
