"""Amazon Inspector checks: each scan type (EC2, ECR, Lambda standard, Lambda code) is on for the
account in the region, and no critical vulnerability finding is open."""

from __future__ import annotations

from collections.abc import Callable

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.inspector2", {
    "scan_off": ("{scan_type} scanning is {status}", "{scan_type} のスキャンの状態は {status} です"),
    "not_scanning": ("Inspector scans nothing in this region", "このリージョンで Inspector は何もスキャンしていません"),
    "critical": ("{count} critical findings are open", "重大 (CRITICAL) な検出結果が {count} 件未対応です"),
})


def _scan_check(scan_type: str, label: str, fsbp: str, severity: Severity, what: tuple[str, str]) -> Callable[[Resource], Result]:
    cid = f"aws.inspector2.{scan_type.lower().replace('lambdacode', 'lambda_code')}_scanning_enabled"

    def evaluate(r: Resource) -> Result:
        status = readable(need(r, "ResourceState").get(scan_type), scan_type)
        return Result.ok() if status == "ENABLED" else MSG.fail("scan_off", scan_type=label, status=status or "DISABLED")

    evaluate.__name__ = evaluate.__qualname__ = cid.rsplit(".", 1)[1]
    evaluate.__module__ = __name__
    return check(id=cid, resource_types=("aws.inspector2.region",), severity=severity, frameworks={"aws-fsbp": [fsbp]},
                 title=T(f"Amazon Inspector {label} scanning is enabled", f"Amazon Inspector の {label} スキャンが有効"),
                 description=T(f"Inspector continuously scans {what[0]} for known vulnerabilities; with the scan type "
                               "off, new CVEs in them go unnoticed.",
                               f"Inspector は{what[1]}を既知の脆弱性について継続的にスキャンします。無効だと新しい CVE が"
                               "見過ごされます。"),
                 remediation=T(f"aws inspector2 enable --resource-types {scan_type.upper() if scan_type != 'lambdaCode' else 'LAMBDA_CODE'}"
                               " (organisation-wide from the delegated administrator).",
                               f"aws inspector2 enable --resource-types {scan_type.upper() if scan_type != 'lambdaCode' else 'LAMBDA_CODE'}"
                               " を実行してください (組織全体では委任管理者から)。"))(evaluate)


_scan_check("ec2", "EC2", "Inspector.1", Severity.HIGH, ("EC2 instances' packages and network reachability",
                                                         " EC2 インスタンスのパッケージとネットワーク到達性"))
_scan_check("ecr", "ECR", "Inspector.2", Severity.HIGH, ("container images pushed to ECR", " ECR にプッシュされたコンテナイメージ"))
_scan_check("lambda", "Lambda standard", "Inspector.4", Severity.HIGH,
            ("the dependencies of Lambda functions and layers", " Lambda 関数とレイヤーの依存パッケージ"))
_scan_check("lambdaCode", "Lambda code", "Inspector.3", Severity.HIGH,
            ("the application code of Lambda functions", " Lambda 関数のアプリケーションコード"))


@check(id="aws.inspector2.no_critical_findings", resource_types=("aws.inspector2.region",), severity=Severity.HIGH,
       title=T("No critical Amazon Inspector finding is open", "重大な Amazon Inspector 検出結果が未対応で残っていない"),
       description=T("A critical vulnerability Inspector has found and nobody has fixed is the easiest way in for an "
                     "attacker; the count covers every scanned resource of the account in the region.",
                     "Inspector が検出して誰も修正していない重大な脆弱性は、攻撃者にとって最も簡単な侵入口です。件数はこのリージョンで"
                     "スキャンされたアカウントのすべてのリソースが対象です。"),
       remediation=T("Patch or rebuild the affected instances, images and functions (Inspector's remediation names "
                     "the fixed version), or suppress accepted risks with a suppression rule.",
                     "影響を受けるインスタンス、イメージ、関数を修正済みバージョンに更新または再構築するか、受容したリスクは抑制"
                     "ルールで除外してください。"))
def no_critical_findings(r: Resource) -> Result:
    counts = need(r, "_severity_counts")
    if counts is None:
        return MSG.ok("not_scanning")
    critical = int(counts.get("critical") or 0)
    return MSG.fail("critical", count=critical) if critical else Result.ok()
