"""ECR private registry checks: enhanced scanning, scanning rules covering every repository,
registry policy not public."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.policies import public_policy_result
from checks.common import T

RG = ("aws.ecr.registry",)
MSG = Messages("aws.ecr_registry", {
    "basic": ("registry scan type is {scan_type}", "レジストリのスキャンタイプは {scan_type} です"),
    "not_all": ("no scanning rule covers every repository (filter '*')",
                "すべてのリポジトリ（フィルター '*'）を対象とするスキャンルールがありません"),
    "no_policy": ("no registry policy", "レジストリポリシーはありません"),
})


def _scan(r: Resource) -> dict[str, Any]:
    return dict(need(r, "scanningConfiguration") or {})


@check(id="aws.ecr.registry_enhanced_scanning_enabled", resource_types=RG, severity=Severity.MEDIUM,
       title=T("ECR registry uses enhanced scanning", "ECR レジストリで拡張スキャンが有効"),
       description=T("Enhanced scanning (Amazon Inspector) finds vulnerabilities in OS and language packages continuously, "
                     "not just once at push.",
                     "拡張スキャン (Amazon Inspector) は OS と言語パッケージの脆弱性を、プッシュ時だけでなく継続的に検出します。"),
       remediation=T("aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules ...",
                     "aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules ... を実行してください。"))
def registry_enhanced_scanning_enabled(r: Resource) -> Result:
    scan_type = _scan(r).get("scanType", "BASIC")
    return Result.ok() if scan_type == "ENHANCED" else MSG.fail("basic", scan_type=scan_type)


@check(id="aws.ecr.registry_scans_all_repositories", resource_types=RG, severity=Severity.MEDIUM,
       title=T("ECR registry scanning rules cover every repository", "ECR レジストリのスキャンルールがすべてのリポジトリを対象とする"),
       description=T("Repositories left out of the registry's scanning rules get images nobody checks for known vulnerabilities.",
                     "レジストリのスキャンルールから外れたリポジトリのイメージは、既知の脆弱性を誰も確認しません。"),
       remediation=T("Add a scanning rule with the wildcard filter '*' (scan on push or continuous).",
                     "ワイルドカードフィルター '*' を持つスキャンルール（プッシュ時または継続的）を追加してください。"))
def registry_scans_all_repositories(r: Resource) -> Result:
    for rule in _scan(r).get("rules") or []:
        if rule.get("scanFrequency") in ("SCAN_ON_PUSH", "CONTINUOUS_SCAN") and any(
                f.get("filter") == "*" for f in rule.get("repositoryFilters") or []):
            return Result.ok()
    return MSG.fail("not_all")


@check(id="aws.ecr.registry_policy_not_public", resource_types=RG, severity=Severity.HIGH,
       title=T("ECR registry policy does not allow public access", "ECR レジストリポリシーがパブリックアクセスを許可していない"),
       description=T("A registry policy granting '*' lets anyone replicate into or create repositories in the registry.",
                     "'*' に許可を与えるレジストリポリシーでは、誰でもレジストリへのレプリケーションやリポジトリ作成ができます。"),
       remediation=T("Limit the registry policy's principals to your accounts, or delete it (aws ecr delete-registry-policy).",
                     "レジストリポリシーのプリンシパルを自社のアカウントに限定するか、削除してください (aws ecr delete-registry-policy)。"))
def registry_policy_not_public(r: Resource) -> Result:
    need(r, "Policy")
    policy = readable(r.data.get("Policy"), "Policy")
    return public_policy_result(policy) if policy else MSG.ok("no_policy")
