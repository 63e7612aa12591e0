"""GuardDuty check: a detector is enabled in the region."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T

MSG = Messages("aws.guardduty", {
    "no_detector": ("no detector", "ディテクターがありません"),
    "suspended": ("detector is suspended", "ディテクターが停止されています"),
})


@check(id="aws.guardduty.enabled", resource_types=("aws.guardduty.region",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["GuardDuty.1"]},
       title=T("GuardDuty is enabled in this region", "このリージョンで GuardDuty が有効"),
       description=T("GuardDuty detects compromised credentials, crypto-mining and reconnaissance; a region without it is unwatched.",
                     "GuardDuty は漏えいした認証情報、暗号通貨マイニング、偵察を検知します。無効なリージョンは監視されていません。"),
       remediation=T("Create a detector (aws guardduty create-detector --enable), ideally organisation-wide.",
                     "ディテクターを作成してください (aws guardduty create-detector --enable)。組織全体での有効化を推奨します。"))
def guardduty_enabled(r: Resource) -> Result:
    dets = r.data.get("Detectors") or []
    if not dets:
        return MSG.fail("no_detector")
    return Result.ok() if any(d.get("Status") == "ENABLED" for d in dets) else MSG.fail("suspended")
