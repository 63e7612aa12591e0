"""AWS Organizations checks: service control policies and the feature set."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
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
