"""AWS Organizations checks: service control policies and the feature set."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T, unreadable_result


@check(id="aws.organizations.scps_in_use", resource_types=("aws.organizations.organization",), severity=Severity.MEDIUM,
       title=T("Service control policies guard the organisation", "サービスコントロールポリシー (SCP) で組織が保護されている"),
       description=T("Only the default FullAWSAccess SCP (or no organisation at all) means no preventive guardrail limits what member accounts can do.",
                     "既定の FullAWSAccess のみ (または組織なし) では、メンバーアカウントの操作を制限する予防的ガードレールがありません。"),
       remediation=T("Enable SCPs and attach guardrails (deny leaving the organisation, disabling CloudTrail/GuardDuty, unused regions).",
                     "SCP を有効にし、ガードレール (組織からの離脱、CloudTrail/GuardDuty の無効化、未使用リージョンの拒否など) をアタッチしてください。"))
def scps_in_use(r: Resource) -> Result:
    if r.data.get("Organization") is None:
        return Result.fail("account is not part of an organisation")
    scps = r.data.get("ServiceControlPolicies")
    if (err := unreadable_result(scps)):
        return err
    custom = [p.get("Name") for p in scps or [] if not p.get("AwsManaged") and p.get("Targets")]
    return Result.ok(", ".join(custom)) if custom else Result.fail("no custom SCP is attached")


@check(id="aws.organizations.all_features_enabled", resource_types=("aws.organizations.organization",),
       severity=Severity.LOW,
       title=T("Organisation has all features enabled", "組織ですべての機能が有効"),
       description=T("Consolidated-billing-only organisations cannot use SCPs or organisation-wide security services.",
                     "一括請求のみの組織では SCP や組織全体のセキュリティサービスを使用できません。"),
       remediation=T("Enable all features in AWS Organizations.", "AWS Organizations ですべての機能を有効にしてください。"))
def all_features_enabled(r: Resource) -> Result:
    org = r.data.get("Organization")
    if org is None:
        return Result.fail("account is not part of an organisation")
    fs = org.get("FeatureSet")
    return Result.ok() if fs == "ALL" else Result.fail(f"feature set is {fs}")
