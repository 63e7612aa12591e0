"""IAM Access Analyzer check: an active analyzer in the region."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T

MSG = Messages("aws.accessanalyzer", {
    "active": ("{analyzers}", "有効なアナライザー: {analyzers}"),
    "none_active": ("no active analyzer", "有効なアナライザーがありません"),
})


@check(id="aws.accessanalyzer.enabled", resource_types=("aws.accessanalyzer.region",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["IAM.28"], "cis-aws-3.0": ["1.20"]},
       title=T("IAM Access Analyzer is enabled in this region", "このリージョンで IAM Access Analyzer が有効"),
       description=T("Access Analyzer reports resources shared outside the account or organisation.",
                     "Access Analyzer は、アカウントや組織の外部と共有されているリソースを報告します。"),
       remediation=T("Create an analyzer (aws accessanalyzer create-analyzer --type ACCOUNT or ORGANIZATION).",
                     "アナライザーを作成してください (aws accessanalyzer create-analyzer --type ACCOUNT または ORGANIZATION)。"))
def accessanalyzer_enabled(r: Resource) -> Result:
    active = [a.get("name") for a in r.data.get("Analyzers") or [] if a.get("status") == "ACTIVE"]
    return MSG.ok("active", analyzers=active) if active else MSG.fail("none_active")
