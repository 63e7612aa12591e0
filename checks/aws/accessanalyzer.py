"""IAM Access Analyzer check: an active analyzer in the region."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T


@check(id="aws.accessanalyzer.enabled", resource_types=("aws.accessanalyzer.region",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["1.20"]},
       title=T("IAM Access Analyzer is enabled in this region", "このリージョンで IAM Access Analyzer が有効"),
       description=T("Access Analyzer reports resources shared outside the account or organisation.",
                     "Access Analyzer は、アカウントや組織の外部と共有されているリソースを報告します。"),
       remediation=T("Create an analyzer (aws accessanalyzer create-analyzer --type ACCOUNT or ORGANIZATION).",
                     "アナライザーを作成してください (aws accessanalyzer create-analyzer --type ACCOUNT または ORGANIZATION)。"))
def accessanalyzer_enabled(r: Resource) -> Result:
    active = [a.get("name") for a in r.data.get("Analyzers") or [] if a.get("status") == "ACTIVE"]
    return Result.ok(", ".join(active)) if active else Result.fail("no active analyzer")
