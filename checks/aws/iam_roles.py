"""IAM role, server certificate and AWS-managed-policy-use checks."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from agent.core.times import parse_time
from agent.policy import aws_iam as iam_policy
from checks import Messages, check, readable
from checks.common import T

ROLE = ("aws.iam.role",)
USE = ("aws.iam.managed_policy_use",)

MSG = Messages("aws.iam_roles", {
    "anyone_may": ("anyone may {actions}", "誰でも {actions} を実行できます"),
    "no_external_id": ("trusted without external id: {principals}", "外部 ID なしで信頼されています: {principals}"),
    "service_linked": ("service-linked role", "サービスリンクロールです"),
    "policies_unreadable": ("policies unreadable: {policies}", "読み取れないポリシー: {policies}"),
    "full_admin": ("full admin via {policies}", "{policies} によりフル管理者権限があります"),
    "no_expiry": ("no expiration date", "有効期限がありません"),
    "expired": ("expired {days_ago} days ago", "{days_ago} 日前に期限切れになりました"),
    "days_left": ("{days_left} days left", "残り {days_left} 日です"),
    "support_roles": ("{roles}", "AWSSupportAccess を持つロール: {roles}"),
    "no_support_role": ("no role has AWSSupportAccess", "AWSSupportAccess を持つロールがありません"),
    "attached_to": ("attached to {holders}", "{holders} にアタッチされています"),
    "unused_role": ("not used for {days} days", "{days} 日間使われていません"),
    "used_role": ("used {days} day(s) ago", "{days} 日前に使われました"),
    "no_scan_time": ("the scan time or the role's last use is unknown", "スキャン時刻またはロールの最終使用日時が不明です"),
})


def _is_service_linked(r: Resource) -> bool:
    return str(r.data.get("Path", "")).startswith("/aws-service-role/")


@check(id="aws.iam.role_trust_not_public", resource_types=ROLE, severity=Severity.CRITICAL,
       title=T("IAM role trust policy does not let anyone assume the role", "IAM ロールの信頼ポリシーが誰にでもロール引き受けを許可していない"),
       description=T("A trust policy with Principal '*' and no restricting condition lets any AWS account assume the role.",
                     "Principal が '*' で制限条件のない信頼ポリシーでは、任意の AWS アカウントがロールを引き受けられます。"),
       remediation=T("Name the trusted accounts or roles in the trust policy, or add aws:PrincipalOrgID / sts:ExternalId conditions.",
                     "信頼ポリシーで信頼するアカウントやロールを指定するか、aws:PrincipalOrgID / sts:ExternalId 条件を追加してください。"))
def role_trust_not_public(r: Resource) -> Result:
    acts = iam_policy.public_actions(r.data.get("AssumeRolePolicyDocument"))
    return MSG.fail("anyone_may", actions=acts) if acts else Result.ok()


@check(id="aws.iam.role_cross_account_trust_uses_external_id", resource_types=ROLE, severity=Severity.MEDIUM,
       title=T("Cross-account role trust requires an external ID or organisation", "クロスアカウントのロール信頼が外部 ID または組織を要求している"),
       description=T("A role trusted by another account without sts:ExternalId (or an organisation condition) is open to the confused-deputy problem.",
                     "sts:ExternalId (または組織条件) なしに他アカウントから信頼されるロールは、混乱した代理問題の対象になります。"),
       remediation=T("Add a Condition StringEquals sts:ExternalId (for third parties) or aws:PrincipalOrgID (for your own accounts).",
                     "Condition に StringEquals sts:ExternalId (第三者向け) または aws:PrincipalOrgID (自組織向け) を追加してください。"))
def role_cross_account_trust_uses_external_id(r: Resource) -> Result:
    bad: list[str] = []
    for st in iam_policy.statements(r.data.get("AssumeRolePolicyDocument")):
        if not st.allow:
            continue
        foreign = [p for p in st.principals or () if p.startswith("AWS:") and f":{r.account}:" not in p and p != f"AWS:{r.account}"]
        if not foreign:
            continue
        keys = {k.lower() for keys in st.conditions.values() for k in keys}
        if not keys & {"sts:externalid", "aws:principalorgid", "aws:principalorgpaths"}:
            bad.extend(p[4:] for p in foreign)
    return MSG.fail("no_external_id", principals=bad) if bad else Result.ok()


@check(id="aws.iam.role_not_full_admin", resource_types=ROLE, severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["1.16"]},
       title=T("IAM role has no full '*:*' administrative policy", "IAM ロールにフル管理者権限 ('*:*') のポリシーがない"),
       description=T("Roles with *:* are one credential leak away from full account takeover; grant least privilege instead.",
                     "*:* を持つロールは、認証情報が 1 つ漏れるだけでアカウント全体を乗っ取られます。最小権限を付与してください。"),
       remediation=T("Detach AdministratorAccess / replace the *:* statement with the actions the role needs.",
                     "AdministratorAccess をデタッチし、*:* ステートメントを必要なアクションのみに置き換えてください。"))
def role_not_full_admin(r: Resource) -> Result:
    if _is_service_linked(r):
        return MSG.ok("service_linked")
    if r.data.get("_unreadable_policies") and not r.data.get("_admin"):
        return MSG.error("policies_unreadable", policies=r.data["_unreadable_policies"])
    admin = r.data.get("_admin_policies") or []
    return MSG.fail("full_admin", policies=admin) if admin else Result.ok()


@check(id="aws.iam.server_certificate_not_expired", resource_types=("aws.iam.server_certificate",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["IAM.26"], "cis-aws-3.0": ["1.19"]},
       title=T("Expired IAM server certificates are removed", "期限切れの IAM サーバー証明書が削除されている"),
       description=T("An expired certificate deployed to a load balancer breaks TLS and signals abandoned configuration.",
                     "ロードバランサーに展開された期限切れ証明書は TLS を壊し、放置された構成を示します。"),
       remediation=T("Delete the certificate (aws iam delete-server-certificate) after replacing it where used.",
                     "使用箇所で置き換えた後、証明書を削除してください (aws iam delete-server-certificate)。"))
def server_certificate_not_expired(r: Resource) -> Result:
    left = r.data.get("_days_to_expiry")
    if left is None:
        return MSG.error("no_expiry")
    return MSG.fail("expired", days_left=left, days_ago=-left) if left < 0 else MSG.ok("days_left", days_left=left)


@check(id="aws.iam.support_role_exists", resource_types=USE, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["IAM.18"], "cis-aws-3.0": ["1.17"]},
       title=T("A support role holds AWSSupportAccess", "AWSSupportAccess を持つサポートロールがある"),
       description=T("A dedicated role for AWS Support lets incidents be handled without sharing admin credentials.",
                     "AWS サポート専用のロールにより、管理者の認証情報を共有せずにインシデントに対応できます。"),
       remediation=T("Create a role trusted by your operators and attach arn:aws:iam::aws:policy/AWSSupportAccess.",
                     "運用者が引き受けられるロールを作成し、arn:aws:iam::aws:policy/AWSSupportAccess をアタッチしてください。"))
def support_role_exists(r: Resource) -> Result:
    use = readable((r.data.get("Policies") or {}).get("AWSSupportAccess"), "AWSSupportAccess")
    roles = [x.get("RoleName") for x in (use or {}).get("PolicyRoles", [])]
    return MSG.ok("support_roles", roles=roles) if roles else MSG.fail("no_support_role")


@check(id="aws.iam.cloudshell_full_access_restricted", resource_types=USE, severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["1.22"]},
       title=T("AWSCloudShellFullAccess is attached to no one", "AWSCloudShellFullAccess が誰にもアタッチされていない"),
       description=T("CloudShell full access allows file upload/download between the shell and the internet, a data exfiltration path.",
                     "CloudShell のフルアクセスはシェルとインターネット間のファイル転送を許し、データ持ち出しの経路になります。"),
       remediation=T("Detach AWSCloudShellFullAccess from every user, group and role.",
                     "すべてのユーザー、グループ、ロールから AWSCloudShellFullAccess をデタッチしてください。"))
def cloudshell_full_access_restricted(r: Resource) -> Result:
    u = readable((r.data.get("Policies") or {}).get("AWSCloudShellFullAccess"), "AWSCloudShellFullAccess") or {}
    holders = ([x.get("RoleName") for x in u.get("PolicyRoles", [])] + [x.get("UserName") for x in u.get("PolicyUsers", [])]
               + [x.get("GroupName") for x in u.get("PolicyGroups", [])])
    return MSG.fail("attached_to", holders=holders) if holders else Result.ok()


UNUSED_ROLE_DAYS = 90


@check(id="aws.iam.role_used_within_90_days", resource_types=ROLE, severity=Severity.LOW, needs_inventory=True,
       title=T("IAM role was used in the last 90 days", "IAM ロールが過去 90 日以内に使われている"),
       description=T("A role nobody assumed for 90 days (RoleLastUsed, or its creation when never used) is standing "
                     "access an attacker can use unnoticed; service-linked roles are AWS's.",
                     "90 日間誰も引き受けていないロール（RoleLastUsed、未使用なら作成日時）は、気づかれずに悪用できる常設の"
                     "アクセスです。サービスリンクロールは AWS が管理します。"),
       remediation=T("Delete the role, or document why it must stay (break-glass) and mute the finding with a reason.",
                     "ロールを削除するか、残す理由（緊急用など）を記録し、理由を付けて検出結果をミュートしてください。"))
def role_used_within_90_days(r: Resource, inventory: Inventory | None = None) -> Result:
    if _is_service_linked(r):
        return MSG.ok("service_linked")
    now = inventory.now if inventory is not None else None
    if now is None:
        return MSG.error("no_scan_time")
    last = parse_time((r.data.get("RoleLastUsed") or {}).get("LastUsedDate")) or parse_time(r.data.get("CreateDate"))
    if last is None:
        return MSG.error("no_scan_time")
    days = (now - last).days
    return MSG.fail("unused_role", days=days) if days > UNUSED_ROLE_DAYS else MSG.ok("used_role", days=days)
