"""Trusted Advisor checks: no security or fault-tolerance check of the account is red or yellow.

Available only on support plans that include the Trusted Advisor API; without one the collector
records the account as not available and no check resource exists (no finding, no noise).
"""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.trustedadvisor", {
    "status": ("Trusted Advisor reports {status} ({flagged} resources flagged)",
               "Trusted Advisor の状態は {status} です (指摘されたリソース {flagged} 件)"),
    "not_available": ("the check is not available for this account", "このアカウントではこのチェックを利用できません"),
})


def _result(r: Resource) -> Result:
    summary = readable(need(r, "_summary"), "_summary") or {}
    status = summary.get("status") or "not_available"
    if status == "not_available":
        return MSG.ok("not_available")
    flagged = (summary.get("resourcesSummary") or {}).get("resourcesFlagged", 0)
    return MSG.fail("status", status=status, flagged=flagged) if status in ("warning", "error") else Result.ok()


@check(id="aws.trustedadvisor.security_check_ok", resource_types=("aws.trustedadvisor.security_check",),
       severity=Severity.MEDIUM,
       title=T("Trusted Advisor security check reports no issue", "Trusted Advisor のセキュリティチェックで問題が報告されていない"),
       description=T("Trusted Advisor's security checks (open ports, exposed access keys, MFA on root, public "
                     "snapshots…) flag what AWS itself sees as at risk in the account.",
                     "Trusted Advisor のセキュリティチェック (開いたポート、漏えいしたアクセスキー、ルートの MFA、公開スナップ"
                     "ショットなど) は、AWS 自身がアカウントで危険と見なすものを指摘します。"),
       remediation=T("Open the check in the Trusted Advisor console, fix the flagged resources, then refresh the check.",
                     "Trusted Advisor コンソールでチェックを開き、指摘されたリソースを修正してからチェックを更新してください。"))
def security_check_ok(r: Resource) -> Result:
    return _result(r)


@check(id="aws.trustedadvisor.fault_tolerance_check_ok", resource_types=("aws.trustedadvisor.fault_tolerance_check",),
       severity=Severity.LOW,
       title=T("Trusted Advisor fault-tolerance check reports no issue", "Trusted Advisor の耐障害性チェックで問題が報告されていない"),
       description=T("Fault-tolerance checks flag single points of failure and missing backups (single-AZ databases, "
                     "EBS volumes without snapshots).",
                     "耐障害性チェックは単一障害点やバックアップの欠如 (シングル AZ のデータベース、スナップショットのない EBS "
                     "ボリューム) を指摘します。"),
       remediation=T("Open the check in the Trusted Advisor console and fix the flagged resources.",
                     "Trusted Advisor コンソールでチェックを開き、指摘されたリソースを修正してください。"))
def fault_tolerance_check_ok(r: Resource) -> Result:
    return _result(r)
