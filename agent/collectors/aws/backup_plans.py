"""AWS Backup plans and recovery points in one region (vaults and their policies are in
:mod:`backup`).

``ListBackupPlans`` (paginated), then per plan ``GetBackupPlan`` (its rules: target vault,
schedule, ``Lifecycle``) and ``ListBackupSelections`` (paginated: which resources the plan backs
up) give ``aws.backup.plan``.  ``ListBackupVaults`` then ``ListRecoveryPointsByBackupVault`` per
vault (paginated) give ``aws.backup.recovery_point`` with ``IsEncrypted``, ``EncryptionKeyArn``
and ``Lifecycle`` as listed.  An unused account costs the two listings per region.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import bounded_map, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "backup_plans"
GLOBAL = False
RESOURCE_TYPES = ("aws.backup.plan", "aws.backup.recovery_point")
PERMISSIONS = ("backup:GetBackupPlan", "backup:ListBackupPlans", "backup:ListBackupSelections",
               "backup:ListBackupVaults", "backup:ListRecoveryPointsByBackupVault")

POINT_KEYS = ("RecoveryPointArn", "BackupVaultName", "BackupVaultArn", "ResourceArn", "ResourceType", "Status",
              "CreationDate", "IsEncrypted", "EncryptionKeyArn", "Lifecycle", "CalculatedLifecycle", "StorageClass",
              "IsParent", "ParentRecoveryPointArn", "ResourceName", "VaultType")


def _plans(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("backup")

    def one(p: dict[str, Any]) -> Resource:
        pid = p["BackupPlanId"]
        got = ctx.read(c.get_backup_plan, BackupPlanId=pid)
        rules = got if is_unreadable(got) else (got.get("BackupPlan") or {}).get("Rules", [])
        selections = read_list(ctx, c, "list_backup_selections", "BackupSelectionsList", BackupPlanId=pid)
        return make(ctx, "aws.backup.plan", p["BackupPlanArn"], p.get("BackupPlanName") or pid,
                    {**p, "Rules": rules, "_selections": selections})

    return bounded_map(one, ctx.paginate(c, "list_backup_plans", "BackupPlansList"))


def _points(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("backup")
    out = []
    for v in ctx.paginate(c, "list_backup_vaults", "BackupVaultList"):
        for rp in ctx.paginate(c, "list_recovery_points_by_backup_vault", "RecoveryPoints",
                               BackupVaultName=v["BackupVaultName"]):
            data = {k: rp[k] for k in POINT_KEYS if k in rp}
            data.setdefault("Lifecycle", None)
            out.append(make(ctx, "aws.backup.recovery_point", rp["RecoveryPointArn"],
                            str(rp.get("ResourceName") or rp["RecoveryPointArn"].rsplit(":", 1)[-1]), data))
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    return (listed(ctx, "aws.backup.plan", lambda: _plans(ctx))
            + listed(ctx, "aws.backup.recovery_point", lambda: _points(ctx)))
