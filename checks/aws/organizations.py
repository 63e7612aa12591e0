"""AWS Organizations checks: service control policies (attached, what they deny), the feature set,
membership, the other policy types (AI services opt-out, tag, backup) and delegated administrators."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from agent.policy import aws_iam as iam_policy
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.organizations", {
    "no_organisation": ("account is not part of an organisation", "アカウントが組織に属していません"),
    "custom_scps": ("{policies}", "カスタム SCP: {policies}"),
    "no_custom_scp": ("no custom SCP is attached", "カスタム SCP がアタッチされていません"),
    "feature_set": ("feature set is {feature_set}", "機能セットが {feature_set} です"),
})


@check(id="aws.organizations.scps_in_use", resource_types=("aws.organizations.organization",), severity=Severity.MEDIUM,
       title=T("Service control policies guard the organisation", "サービスコントロールポリシー (SCP) で組織が保護されている"),
       description=T("Only the default FullAWSAccess SCP (or no organisation at all) means no preventive guardrail limits what member accounts can do.",
                     "既定の FullAWSAccess のみ (または組織なし) では、メンバーアカウントの操作を制限する予防的ガードレールがありません。"),
       remediation=T("Enable SCPs and attach guardrails (deny leaving the organisation, disabling CloudTrail/GuardDuty, unused regions).",
                     "SCP を有効にし、ガードレール (組織からの離脱、CloudTrail/GuardDuty の無効化、未使用リージョンの拒否など) をアタッチしてください。"))
def scps_in_use(r: Resource) -> Result:
    if r.data.get("Organization") is None:
        return MSG.fail("no_organisation")
    scps = readable(r.data.get("ServiceControlPolicies"), "ServiceControlPolicies")
    custom = [p.get("Name") for p in scps or [] if not p.get("AwsManaged") and p.get("Targets")]
    return MSG.ok("custom_scps", policies=custom) if custom else MSG.fail("no_custom_scp")


@check(id="aws.organizations.all_features_enabled", resource_types=("aws.organizations.organization",),
       severity=Severity.LOW,
       title=T("Organisation has all features enabled", "組織ですべての機能が有効"),
       description=T("Consolidated-billing-only organisations cannot use SCPs or organisation-wide security services.",
                     "一括請求のみの組織では SCP や組織全体のセキュリティサービスを使用できません。"),
       remediation=T("Enable all features in AWS Organizations.", "AWS Organizations ですべての機能を有効にしてください。"))
def all_features_enabled(r: Resource) -> Result:
    org = r.data.get("Organization")
    if org is None:
        return MSG.fail("no_organisation")
    fs = org.get("FeatureSet")
    return Result.ok() if fs == "ALL" else MSG.fail("feature_set", feature_set=fs)


MSG_DEPTH = Messages("aws.organizations.depth", {
    "type_disabled": ("the {policy_type} policy type is not enabled on the root", "ルートで {policy_type} ポリシータイプが有効になっていません"),
    "none_attached": ("no {policy_type} policy is attached", "{policy_type} ポリシーがアタッチされていません"),
    "attached": ("{policies}", "アタッチ済み: {policies}"),
    "not_denied": ("no attached SCP denies {actions}", "{actions} を拒否する SCP がアタッチされていません"),
    "member": ("part of organisation {organisation}", "組織 {organisation} に属しています"),
    "inactive_admins": ("delegated administrator account(s) {accounts} are not ACTIVE",
                        "委任管理者アカウント {accounts} が ACTIVE ではありません"),
    "admins": ("delegated administrators: {accounts}", "委任管理者: {accounts}"),
})
SECURITY_ACTIONS = ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "guardduty:DeleteDetector",
                    "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder")


def _type_enabled(r: Resource, policy_type: str) -> bool:
    roots = readable(r.data.get("Roots"), "Roots") or []
    return any(t.get("Type") == policy_type and t.get("Status") == "ENABLED"
               for root in roots for t in root.get("PolicyTypes") or [])


def _attached_policy(r: Resource, key: str, policy_type: str) -> Result:
    if r.data.get("Organization") is None:
        return MSG.fail("no_organisation")
    policies = readable(need(r, key), key) or []
    attached = [p.get("Name") for p in policies if p.get("Targets")]
    if not _type_enabled(r, policy_type):
        return MSG_DEPTH.fail("type_disabled", policy_type=policy_type)
    return MSG_DEPTH.ok("attached", policies=attached) if attached else MSG_DEPTH.fail("none_attached", policy_type=policy_type)


def _policy_check(check_id: str, key: str, policy_type: str, title: tuple[str, str], why: tuple[str, str],
                  fix: tuple[str, str]) -> None:
    def evaluate(r: Resource) -> Result:
        return _attached_policy(r, key, policy_type)
    evaluate.__name__ = evaluate.__qualname__ = check_id.rsplit(".", 1)[1]
    check(id=check_id, resource_types=ORG, severity=Severity.LOW, title=T(*title), description=T(*why),
          remediation=T(*fix))(evaluate)


ORG = ("aws.organizations.organization",)
_policy_check(
    "aws.organizations.ai_services_opt_out_policy_attached", "AiServicesOptOutPolicies", "AISERVICES_OPT_OUT_POLICY",
    ("An AI services opt-out policy is attached", "AI サービスのオプトアウトポリシーがアタッチされている"),
    ("Without an opt-out policy, AWS AI services may store and use content they process (text, images, audio) to "
     "improve the services.",
     "オプトアウトポリシーがないと、AWS の AI サービスが処理したコンテンツ (テキスト・画像・音声) をサービス改善のために保存・"
     "利用する場合があります。"),
    ("Enable the AI services opt-out policy type and attach a policy opting out of all services to the root.",
     "AI サービスのオプトアウトポリシータイプを有効にし、すべてのサービスをオプトアウトするポリシーをルートにアタッチしてください。"))
_policy_check(
    "aws.organizations.tag_policy_attached", "TagPolicies", "TAG_POLICY",
    ("A tag policy is attached", "タグポリシーがアタッチされている"),
    ("Ownership, environment and data-classification tags drive access control and incident response; without a tag "
     "policy they drift.",
     "所有者・環境・データ分類のタグはアクセス制御とインシデント対応の基礎ですが、タグポリシーがないと不統一になります。"),
    ("Enable the tag policy type and attach a tag policy defining the required keys and values.",
     "タグポリシータイプを有効にし、必須のキーと値を定めたタグポリシーをアタッチしてください。"))
_policy_check(
    "aws.organizations.backup_policy_attached", "BackupPolicies", "BACKUP_POLICY",
    ("A backup policy is attached", "バックアップポリシーがアタッチされている"),
    ("Organisation backup policies apply backup plans to member accounts that member administrators cannot remove.",
     "組織のバックアップポリシーは、メンバーアカウントの管理者が削除できないバックアッププランを適用します。"),
    ("Enable the backup policy type and attach a backup policy to the OUs holding production accounts.",
     "バックアップポリシータイプを有効にし、本番アカウントを含む OU にバックアップポリシーをアタッチしてください。"))


def _denied(r: Resource, actions: tuple[str, ...]) -> list[str] | Result:
    """The ``actions`` no attached custom SCP denies (or the answer when there is no organisation)."""
    if r.data.get("Organization") is None:
        return MSG.fail("no_organisation")
    scps = readable(need(r, "ServiceControlPolicies"), "ServiceControlPolicies") or []
    docs = [readable(p.get("Content"), "Content") for p in scps if not p.get("AwsManaged") and p.get("Targets")]
    deny = [s for d in docs for s in iam_policy.statements(d) if not s.allow]
    return [a for a in actions if not any(iam_policy.applies(s, a, "*", None, {}) for s in deny)]


@check(id="aws.organizations.scp_denies_leaving_organization", resource_types=ORG, severity=Severity.MEDIUM,
       title=T("An SCP stops member accounts leaving the organisation", "SCP でメンバーアカウントの組織離脱が禁止されている"),
       description=T("A member account that leaves the organisation sheds every SCP, organisation trail and delegated "
                     "security service at once.",
                     "組織を離脱したメンバーアカウントは、すべての SCP・組織の証跡・委任されたセキュリティサービスから一度に外れます。"),
       remediation=T("Attach an SCP denying organizations:LeaveOrganization to the root.",
                     "organizations:LeaveOrganization を拒否する SCP をルートにアタッチしてください。"))
def scp_denies_leaving_organization(r: Resource) -> Result:
    left = _denied(r, ("organizations:LeaveOrganization",))
    if isinstance(left, Result):
        return left
    return MSG_DEPTH.fail("not_denied", actions=left) if left else Result.ok()


@check(id="aws.organizations.scp_protects_security_services", resource_types=ORG, severity=Severity.MEDIUM,
       title=T("SCPs stop member accounts disabling CloudTrail, GuardDuty and Config",
               "SCP でメンバーアカウントによる CloudTrail・GuardDuty・Config の無効化が禁止されている"),
       description=T("An intruder with administrator rights in a member account first stops the trail, the detector "
                     "and the recorder that would reveal them.",
                     "メンバーアカウントで管理者権限を得た侵入者は、まず自分を検出しうる証跡・ディテクター・レコーダーを停止します。"),
       remediation=T("Attach an SCP denying cloudtrail:StopLogging/DeleteTrail, guardduty:DeleteDetector and "
                     "config:StopConfigurationRecorder/DeleteConfigurationRecorder (excepting a security role).",
                     "cloudtrail:StopLogging/DeleteTrail、guardduty:DeleteDetector、config:StopConfigurationRecorder/"
                     "DeleteConfigurationRecorder を拒否する SCP (セキュリティ用ロールは除外) をアタッチしてください。"))
def scp_protects_security_services(r: Resource) -> Result:
    left = _denied(r, SECURITY_ACTIONS)
    if isinstance(left, Result):
        return left
    return MSG_DEPTH.fail("not_denied", actions=left) if left else Result.ok()


@check(id="aws.organizations.account_part_of_organization", resource_types=ORG, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Account.2"]},
       title=T("The account is part of an AWS organisation", "アカウントが AWS Organizations の組織に属している"),
       description=T("A standalone account has no preventive guardrails (SCPs), no organisation trail and no central "
                     "security services.",
                     "単独のアカウントには予防的ガードレール (SCP)・組織の証跡・一元管理のセキュリティサービスがありません。"),
       remediation=T("Invite the account into your organisation (or create it there) and place it in an OU.",
                     "アカウントを組織に招待 (または組織内で作成) し、OU に配置してください。"))
def account_part_of_organization(r: Resource) -> Result:
    org = r.data.get("Organization")
    return MSG_DEPTH.ok("member", organisation=org.get("Id")) if org else MSG.fail("no_organisation")


@check(id="aws.organizations.delegated_administrators_active", resource_types=ORG, severity=Severity.LOW,
       title=T("Delegated administrators are active accounts", "委任管理者が有効なアカウントである"),
       description=T("A delegated administrator keeps organisation-wide powers over its services; a suspended or "
                     "closing account holding them is forgotten access.",
                     "委任管理者はそのサービスに対する組織全体の権限を持ち続けます。停止中や閉鎖中のアカウントが保持していると、"
                     "忘れられたアクセスになります。"),
       remediation=T("Deregister delegated administrators whose accounts are not ACTIVE (deregister-delegated-"
                     "administrator) and review the rest.",
                     "ACTIVE でない委任管理者の登録を解除し (deregister-delegated-administrator)、残りを見直してください。"))
def delegated_administrators_active(r: Resource) -> Result:
    if r.data.get("Organization") is None:
        return MSG.fail("no_organisation")
    admins = readable(need(r, "DelegatedAdministrators"), "DelegatedAdministrators") or []
    inactive = [str(a.get("Id")) for a in admins if a.get("Status", "ACTIVE") != "ACTIVE"]
    if inactive:
        return MSG_DEPTH.fail("inactive_admins", accounts=inactive)
    return MSG_DEPTH.ok("admins", accounts=[str(a.get("Id")) for a in admins])
