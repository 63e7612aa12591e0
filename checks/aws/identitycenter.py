"""IAM Identity Center checks: permission sets (administrator access, session length, inline
full-admin policies) and the organisation's Identity Center instance."""

from __future__ import annotations

import re

from agent.core.model import Resource, Result, Severity
from agent.policy import aws_iam as iam_policy
from checks import Messages, check, need, readable
from checks.common import T

PS = ("aws.identitycenter.permission_set",)
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
# Identity Center caps sessions at 12 hours, so "at most 12 h" always holds: the check asks for a
# working day at most.
MAX_SESSION_HOURS = 8
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")
SSO_PRINCIPAL = "sso.amazonaws.com"

MSG = Messages("aws.identitycenter", {
    "admin_attached": ("AdministratorAccess is attached", "AdministratorAccess がアタッチされています"),
    "long_session": ("sessions last {duration}", "セッションの長さが {duration} です"),
    "bad_duration": ("session duration {duration} is not an ISO 8601 duration",
                     "セッションの長さ {duration} は ISO 8601 の期間ではありません"),
    "inline_admin": ("the inline policy grants full administrator access (*:* on *)",
                     "インラインポリシーが完全な管理者権限 (* に対する *:*) を付与しています"),
    "no_organisation": ("account is not part of an organisation", "アカウントが組織に属していません"),
    "member_account": ("not the management account", "管理アカウントではありません"),
    "not_enabled": ("IAM Identity Center is not enabled for the organisation",
                    "組織で Identity Center が有効になっていません"),
})


@check(id="aws.identitycenter.permission_set_no_administrator_access", resource_types=PS, severity=Severity.MEDIUM,
       title=T("Identity Center permission set does not attach AdministratorAccess",
               "Identity Center のアクセス権限セットに AdministratorAccess がアタッチされていない"),
       description=T("Everyone assigned the permission set, in every account it is provisioned to, gets full control of "
                     "that account.",
                     "このアクセス権限セットを割り当てられた全員が、プロビジョニング先のすべてのアカウントを完全に制御できます。"),
       remediation=T("Replace AdministratorAccess with job-function or scoped policies; keep an audited break-glass set "
                     "for full administration.",
                     "AdministratorAccess を職務別または範囲を絞ったポリシーに置き換え、完全な管理は監査された緊急用セットに限って"
                     "ください。"))
def permission_set_no_administrator_access(r: Resource) -> Result:
    managed = readable(need(r, "ManagedPolicies"), "ManagedPolicies") or []
    return MSG.fail("admin_attached") if any(p.get("Arn") == ADMIN_POLICY for p in managed) else Result.ok()


@check(id="aws.identitycenter.permission_set_inline_policy_not_full_admin", resource_types=PS, severity=Severity.HIGH,
       title=T("Identity Center permission set's inline policy does not grant full administrator access",
               "Identity Center のアクセス権限セットのインラインポリシーが完全な管理者権限を付与していない"),
       description=T("An inline Allow of *:* on * is AdministratorAccess under another name, hidden from reviews of "
                     "attached managed policies.",
                     "* に対する *:* を許可するインラインポリシーは名前を変えた AdministratorAccess であり、マネージドポリシーの"
                     "確認では見落とされます。"),
       remediation=T("Rewrite the inline policy to the actions and resources the role needs.",
                     "インラインポリシーを、必要なアクションとリソースに限定して書き直してください。"))
def permission_set_inline_policy_not_full_admin(r: Resource) -> Result:
    doc = readable(need(r, "InlinePolicy"), "InlinePolicy")
    return MSG.fail("inline_admin") if doc and iam_policy.is_full_admin(doc) else Result.ok()


def _hours(duration: str) -> float | None:
    m = _DURATION.match(duration)
    if not m or not any(m.groups()):
        return None
    h, mins, s = (int(x or 0) for x in m.groups())
    return h + mins / 60 + s / 3600


@check(id="aws.identitycenter.permission_set_session_duration_limited", resource_types=PS, severity=Severity.LOW,
       title=T("Identity Center permission set sessions last at most 8 hours",
               "Identity Center のアクセス権限セットのセッションが 8 時間以内"),
       description=T("Long sessions keep stolen browser or CLI credentials usable long after the user has left.",
                     "長いセッションでは、盗まれたブラウザや CLI の認証情報が利用者の離席後も長く使えます。"),
       remediation=T("Set the permission set's SessionDuration to PT8H or less (update-permission-set).",
                     "アクセス権限セットの SessionDuration を PT8H 以下にしてください (update-permission-set)。"))
def permission_set_session_duration_limited(r: Resource) -> Result:
    duration = need(r, "SessionDuration") or "PT1H"  # the service's default
    hours = _hours(str(duration))
    if hours is None:
        return MSG.error("bad_duration", duration=duration)
    return MSG.fail("long_session", duration=duration) if hours > MAX_SESSION_HOURS else Result.ok()


@check(id="aws.identitycenter.organization_instance_enabled", resource_types=("aws.organizations.organization",),
       severity=Severity.MEDIUM,
       title=T("The organisation uses IAM Identity Center for workforce access",
               "組織が従業員のアクセスに IAM Identity Center を使用している"),
       description=T("Without Identity Center, people reach member accounts through long-lived IAM users or ad hoc "
                     "role trusts instead of one audited sign-in with central MFA and short sessions.",
                     "Identity Center がないと、利用者は MFA と短いセッションを一元管理した監査可能なサインインではなく、長期の "
                     "IAM ユーザーや場当たり的なロール信頼でメンバーアカウントにアクセスすることになります。"),
       remediation=T("Enable IAM Identity Center in the management account (organisation instance) and move human access "
                     "to permission sets.",
                     "管理アカウントで IAM Identity Center (組織インスタンス) を有効にし、人のアクセスをアクセス権限セットに"
                     "移行してください。"))
def organization_instance_enabled(r: Resource) -> Result:
    if r.data.get("Organization") is None:
        return MSG.ok("no_organisation")
    if not need(r, "IsManagementAccount"):
        return MSG.ok("member_account")
    trusted = readable(need(r, "TrustedServices"), "TrustedServices") or []
    return Result.ok() if SSO_PRINCIPAL in trusted else MSG.fail("not_enabled")
