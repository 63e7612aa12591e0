"""Security Hub check: enabled in the region."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T

MSG = Messages("aws.securityhub", {
    "disabled": ("Security Hub is not enabled", "Security Hub が有効になっていません"),
})


@check(id="aws.securityhub.enabled", resource_types=("aws.securityhub.region",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["4.16"]},
       title=T("Security Hub is enabled in this region", "このリージョンで Security Hub が有効"),
       description=T("Security Hub aggregates findings from AWS security services; CIS 4.16 asks for it.",
                     "Security Hub は AWS セキュリティサービスの検出結果を集約します。CIS 4.16 が有効化を求めています。"),
       remediation=T("Enable Security Hub (aws securityhub enable-security-hub).", "Security Hub を有効にしてください (aws securityhub enable-security-hub)。"))
def securityhub_enabled(r: Resource) -> Result:
    return Result.ok() if r.data.get("Enabled") else MSG.fail("disabled")
