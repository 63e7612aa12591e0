"""Azure RBAC: custom owner roles, subscription owners, classic administrators, root-scope access.

Read through azure-mgmt-authorization per subscription (``azure.rbac.subscription``); the
assignments made at the root scope ``/`` sit on the tenant resource (``azure.entra.tenant``).
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need
from checks.azure._common import cis, lower
from checks.common import T, as_list

SUBSCRIPTION = ("azure.rbac.subscription",)
OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
USER_ACCESS_ADMIN = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"
MAX_OWNERS = 3

MSG = Messages("azure.rbac", {
    "no_custom_owner": ("{count} custom role(s), none grants '*'", "カスタムロール {count} 件のいずれも '*' を許可していません"),
    "custom_owner": ("custom roles granting every action ('*'): {names}", "すべての操作 ('*') を許可するカスタムロール: {names}"),
    "owners": ("{count} Owner assignment(s) on the subscription", "サブスクリプションの所有者の割り当ては {count} 件です"),
    "too_many_owners": ("{count} Owner assignments on the subscription (at most {max})",
                        "サブスクリプションの所有者の割り当てが {count} 件あります (最大 {max} 件)"),
    "no_coadmins": ("no classic co-administrator", "従来の共同管理者はいません"),
    "coadmins": ("classic co-administrators: {names}", "従来の共同管理者: {names}"),
    "no_guest_roles": ("no guest user holds an Azure role", "Azure ロールを持つゲストユーザーはいません"),
    "guest_roles": ("guest users hold Azure roles: {guests}", "ゲストユーザーが Azure ロールを持っています: {guests}"),
    "no_root_uaa": ("nobody holds User Access Administrator at the root scope",
                    "ルートスコープでユーザー アクセス管理者を持つプリンシパルはいません"),
    "root_uaa": ("User Access Administrator at the root scope '/': {principals}",
                 "ルートスコープ '/' のユーザー アクセス管理者: {principals}"),
})


def _grants_everything(role: dict[str, Any]) -> bool:
    perms = as_list((role.get("properties") or {}).get("permissions"))
    return any("*" in as_list(p.get("actions")) for p in perms)


@check(id="azure.rbac.no_custom_owner_roles", resource_types=SUBSCRIPTION, severity=Severity.HIGH, frameworks=cis("1.23"),
       title=T("No custom role grants every action", "すべての操作を許可するカスタムロールがない"),
       description=T("A custom role with actions '*' is an Owner in disguise that reviews of Owner assignments miss.",
                     "actions が '*' のカスタムロールは偽装した所有者であり、所有者の割り当てのレビューから漏れます。"),
       remediation=T("Replace '*' with the actions the role needs (az role definition update), or delete the role.",
                     "'*' を必要な操作に置き換える (az role definition update) か、ロールを削除します。"))
def no_custom_owner(r: Resource) -> Result:
    roles = as_list(need(r, "customRoles"))
    wide = sorted(str((x.get("properties") or {}).get("roleName") or x.get("name")) for x in roles if _grants_everything(x))
    return MSG.fail("custom_owner", names=wide) if wide else MSG.ok("no_custom_owner", count=len(roles))


@check(id="azure.rbac.subscription_owners_at_most_3", resource_types=SUBSCRIPTION, severity=Severity.MEDIUM,
       title=T("At most three Owners on the subscription", "サブスクリプションの所有者が 3 件以下"),
       description=T("Every Owner can change anything and grant access to anyone; keep the number small and reviewed.",
                     "所有者は何でも変更でき、誰にでもアクセスを付与できます。人数を少なく保ち、レビューしてください。"),
       remediation=T("Remove Owner assignments that are not needed (az role assignment delete) or give Contributor instead.",
                     "不要な所有者の割り当てを削除する (az role assignment delete) か、共同作成者に置き換えます。"))
def owners(r: Resource) -> Result:
    scope = f"/subscriptions/{r.account}".lower()
    count = sum(1 for a in as_list(need(r, "roleAssignments"))
                if a.get("roleDefinitionId") == OWNER and lower(a.get("scope")) == scope)
    if count > MAX_OWNERS:
        return MSG.fail("too_many_owners", count=count, max=MAX_OWNERS)
    return MSG.ok("owners", count=count)


@check(id="azure.rbac.no_classic_coadministrators", resource_types=SUBSCRIPTION, severity=Severity.MEDIUM,
       title=T("No classic co-administrators", "従来の共同管理者がいない"),
       description=T("Classic co-administrators have Owner-equivalent access outside Azure RBAC and were retired by Microsoft.",
                     "従来の共同管理者は Azure RBAC の外で所有者相当の権限を持ち、Microsoft により廃止されました。"),
       remediation=T("Give the people an Azure RBAC role instead, then remove them as co-administrators in the portal "
                     "(Access control > Classic administrators).",
                     "代わりに Azure RBAC ロールを割り当て、ポータル (アクセス制御 > 従来の管理者) で共同管理者から削除します。"))
def no_coadmins(r: Resource) -> Result:
    admins = as_list(need(r, "classicAdministrators"))
    co = sorted(str((a.get("properties") or {}).get("emailAddress") or a.get("name")) for a in admins
                if "coadministrator" in lower((a.get("properties") or {}).get("role")))
    return MSG.fail("coadmins", names=co) if co else MSG.ok("no_coadmins")


@check(id="azure.rbac.no_user_access_admin_at_root", resource_types=("azure.entra.tenant",), severity=Severity.HIGH,
       title=T("Nobody keeps User Access Administrator at the root scope", "ルートスコープのユーザー アクセス管理者が残っていない"),
       description=T("'Access management for Azure resources' (elevate access) gives a Global Administrator User Access "
                     "Administrator over every subscription and management group; it should be switched off after use.",
                     "「Azure リソースのアクセス管理」(アクセス権の昇格) は全体管理者に全サブスクリプションと管理グループのユーザー アクセス管理者を"
                     "与えます。使用後は無効にしてください。"),
       remediation=T("az role assignment delete --assignee <principal> --role \"User Access Administrator\" --scope /",
                     "az role assignment delete --assignee <プリンシパル> --role \"User Access Administrator\" --scope / を実行します。"))
def no_root_uaa(r: Resource) -> Result:
    root = as_list(need(r, "rootRoleAssignments"))
    holders = sorted(str(a.get("principalId")) for a in root
                     if a.get("roleDefinitionId") == USER_ACCESS_ADMIN and (a.get("scope") or "/") == "/")
    return MSG.fail("root_uaa", principals=holders) if holders else MSG.ok("no_root_uaa")


@check(id="azure.rbac.no_guest_role_assignments", resource_types=("azure.entra.tenant",), severity=Severity.MEDIUM,
       title=T("No guest user holds an Azure role", "ゲストユーザーが Azure ロールを持っていない"),
       description=T("A guest's account, password and MFA are governed by another organisation; Azure roles for guests "
                     "escape your access reviews and offboarding.",
                     "ゲストのアカウント、パスワード、MFA は他組織の管理下にあり、ゲストへの Azure ロールはアクセスレビューや退職処理から漏れます。"),
       remediation=T("az role assignment delete --assignee <guest object id> --scope <scope>, or give the person a member account.",
                     "az role assignment delete --assignee <ゲストのオブジェクト ID> --scope <スコープ> を実行するか、メンバーアカウントを用意します。"))
def no_guest_roles(r: Resource) -> Result:
    guests = {str(u.get("id")): str(u.get("userPrincipalName")) for u in as_list(need(r, "users"))
              if lower(u.get("userType")) == "guest"}
    held = sorted({f"{guests[str(a.get('principalId'))]} ({a.get('subscriptionId')})"
                   for a in as_list(need(r, "azureRoleAssignments")) if str(a.get("principalId")) in guests})
    return MSG.fail("guest_roles", guests=held) if held else MSG.ok("no_guest_roles")
