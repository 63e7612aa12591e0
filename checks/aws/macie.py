"""Amazon Macie checks: enabled in the region, with automated sensitive data discovery on."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.macie", {
    "status": ("Macie is {status}", "Macie の状態は {status} です"),
    "not_enabled": ("Macie is not enabled (aws.macie.enabled reports it)",
                    "Macie が有効ではありません (aws.macie.enabled で報告されます)"),
    "discovery": ("automated sensitive data discovery is {status}", "機密データの自動検出の状態は {status} です"),
})


@check(id="aws.macie.enabled", resource_types=("aws.macie.region",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Macie.1"]},
       title=T("Amazon Macie is enabled", "Amazon Macie が有効"),
       description=T("Macie inventories S3 buckets, flags public and unencrypted ones and finds personal data and "
                     "credentials in objects; a region without it has no view of where sensitive data sits.",
                     "Macie は S3 バケットを棚卸しし、公開・未暗号化のバケットを指摘し、オブジェクト内の個人情報や認証情報を"
                     "検出します。無効なリージョンでは機密データの所在が分かりません。"),
       remediation=T("aws macie2 enable-macie (organisation-wide from the delegated administrator).",
                     "aws macie2 enable-macie を実行してください (組織全体では委任管理者から)。"))
def enabled(r: Resource) -> Result:
    status = need(r, "status")
    return Result.ok() if status == "ENABLED" else MSG.fail("status", status=status)


@check(id="aws.macie.automated_discovery_enabled", resource_types=("aws.macie.region",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Macie.2"]},
       title=T("Macie automated sensitive data discovery is enabled", "Macie の機密データ自動検出が有効"),
       description=T("Without automated discovery Macie only inspects objects in jobs someone schedules; new buckets "
                     "holding personal data stay unknown.",
                     "自動検出がないと Macie は誰かが設定したジョブの対象しか調べず、個人情報を含む新しいバケットは把握されません。"),
       remediation=T("aws macie2 update-automated-discovery-configuration --status ENABLED",
                     "aws macie2 update-automated-discovery-configuration --status ENABLED を実行してください。"))
def automated_discovery_enabled(r: Resource) -> Result:
    if need(r, "status") != "ENABLED":
        return MSG.ok("not_enabled")
    auto = readable(need(r, "_automated_discovery"), "_automated_discovery") or {}
    status = auto.get("status") or "DISABLED"
    return Result.ok() if status == "ENABLED" else MSG.fail("discovery", status=status)
