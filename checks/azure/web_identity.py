"""App Service managed identity must not hold subscription-wide admin roles (Owner, Contributor, UAA)."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need
from checks.common import T, as_list

ADMIN_ROLES = {"8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner", "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
               "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator"}
RBAC = ("azure.rbac.subscription",)

MSG = Messages("azure.web_identity", {
    "no_identity": ("no managed identity", "マネージド ID はありません"),
    "no_admin_roles": ("the managed identity holds no admin role in the subscription",
                       "マネージド ID はサブスクリプションで管理者ロールを持っていません"),
    "admin_roles": ("the managed identity holds {roles}", "マネージド ID が {roles} を持っています"),
})


@check(id="azure.web.managed_identity_not_admin", resource_types=("azure.web.app",), severity=Severity.HIGH,
       needs_inventory=True, inputs=RBAC,
       title=T("App Service managed identity holds no admin role", "App Service のマネージド ID が管理者ロールを持っていない"),
       description=T("Code running in the app can use its identity: with Owner or Contributor, an exploited app controls the "
                     "whole subscription.",
                     "アプリで動くコードはその ID を使えます。所有者や共同作成者なら、侵害されたアプリがサブスクリプション全体を掌握します。"),
       remediation=T("Replace the assignment with a role scoped to the resources the app needs "
                     "(az role assignment delete, then az role assignment create --scope <resource id>).",
                     "割り当てを、アプリが必要なリソースに範囲を絞ったロールに置き換えます (az role assignment delete の後、"
                     "az role assignment create --scope <リソース ID>)。"))
def managed_identity_not_admin(r: Resource, inventory: Inventory | None = None) -> Result:
    principal = str((r.data.get("identity") or {}).get("principalId") or "")
    if not principal:
        return MSG.ok("no_identity")
    summaries = [x for x in (inventory.in_account(r.provider, r.account, RBAC[0]) if inventory is not None else [])]
    roles = sorted({ADMIN_ROLES[a["roleDefinitionId"]] for s in summaries for a in as_list(need(s, "roleAssignments"))
                    if a.get("principalId") == principal and a.get("roleDefinitionId") in ADMIN_ROLES})
    return MSG.fail("admin_roles", roles=roles) if roles else MSG.ok("no_admin_roles")
