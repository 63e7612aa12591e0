"""AWS Backup vaults in one region with their access policies: ListBackupVaults (paginated), then
GetBackupVaultAccessPolicy per vault ("no policy" is ResourceNotFoundException)."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "backup"
GLOBAL = False
RESOURCE_TYPES = ("aws.backup.vault",)
PERMISSIONS = ("backup:GetBackupVaultAccessPolicy", "backup:ListBackupVaults")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("backup")

    def one(v: dict[str, Any]) -> Resource:
        got = ctx.read(c.get_backup_vault_access_policy, BackupVaultName=v["BackupVaultName"],
                       missing=("ResourceNotFoundException",))
        return make(ctx, "aws.backup.vault", v["BackupVaultArn"], v["BackupVaultName"],
                    {**v, "Policy": policy_field(got, "Policy")})

    return bounded_map(one, ctx.paginate(c, "list_backup_vaults", "BackupVaultList"))
