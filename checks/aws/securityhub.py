"""Security Hub checks: enabled in the region, the FSBP and CIS standards on, new controls
enabled automatically, and members enabled organisation-wide by the administrator."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.securityhub", {
    "disabled": ("Security Hub is not enabled", "Security Hub が有効になっていません"),
    "not_enabled_here": ("Security Hub is not enabled (aws.securityhub.enabled reports it)",
                         "Security Hub が有効ではありません (aws.securityhub.enabled で報告されます)"),
    "standard_missing": ("standard {standard} is not enabled", "標準 {standard} が有効になっていません"),
    "standard_status": ("standard {standard} is {status}", "標準 {standard} の状態は {status} です"),
    "auto_controls_off": ("new controls of enabled standards are not enabled automatically",
                          "有効な標準に追加された新しいコントロールが自動で有効化されません"),
    "not_administrator": ("this account is not the organisation's Security Hub administrator",
                          "このアカウントは組織の Security Hub 管理者ではありません"),
    "org_local": ("new organisation members are not enabled (configuration {configuration})",
                  "新しい組織メンバーが有効化されません (設定方式 {configuration})"),
})


@check(id="aws.securityhub.enabled", resource_types=("aws.securityhub.region",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["4.16"]},
       title=T("Security Hub is enabled in this region", "このリージョンで Security Hub が有効"),
       description=T("Security Hub aggregates findings from AWS security services; CIS 4.16 asks for it.",
                     "Security Hub は AWS セキュリティサービスの検出結果を集約します。CIS 4.16 が有効化を求めています。"),
       remediation=T("Enable Security Hub (aws securityhub enable-security-hub).", "Security Hub を有効にしてください (aws securityhub enable-security-hub)。"))
def securityhub_enabled(r: Resource) -> Result:
    return Result.ok() if r.data.get("Enabled") else MSG.fail("disabled")


def _standard(r: Resource, marker: str, label: str) -> Result:
    if not need(r, "Enabled"):
        return MSG.ok("not_enabled_here")
    subs: list[dict[str, Any]] = readable(need(r, "Standards"), "Standards") or []
    mine = [s for s in subs if marker in str(s.get("StandardsArn", ""))]
    if not mine:
        return MSG.fail("standard_missing", standard=label)
    ready = [s for s in mine if s.get("StandardsStatus") in ("READY", "PENDING", None)]
    return Result.ok() if ready else MSG.fail("standard_status", standard=label, status=mine[0].get("StandardsStatus"))


@check(id="aws.securityhub.fsbp_standard_enabled", resource_types=("aws.securityhub.region",), severity=Severity.MEDIUM,
       title=T("The AWS Foundational Security Best Practices standard is enabled in Security Hub",
               "Security Hub で AWS 基礎セキュリティのベストプラクティス標準が有効"),
       description=T("FSBP is the standard whose controls evaluate most AWS services; without it Security Hub only "
                     "collects other products' findings.",
                     "FSBP は多くの AWS サービスを評価するコントロールを持つ標準です。無効だと Security Hub は他製品の検出結果を"
                     "集めるだけになります。"),
       remediation=T("aws securityhub batch-enable-standards --standards-subscription-requests "
                     "StandardsArn=arn:aws:securityhub:REGION::standards/aws-foundational-security-best-practices/v/1.0.0",
                     "aws securityhub batch-enable-standards --standards-subscription-requests "
                     "StandardsArn=arn:aws:securityhub:REGION::standards/aws-foundational-security-best-practices/v/1.0.0 "
                     "を実行してください。"))
def fsbp_standard_enabled(r: Resource) -> Result:
    return _standard(r, "standards/aws-foundational-security-best-practices/", "AWS FSBP")


@check(id="aws.securityhub.cis_standard_enabled", resource_types=("aws.securityhub.region",), severity=Severity.LOW,
       title=T("A CIS AWS Foundations Benchmark standard is enabled in Security Hub",
               "Security Hub で CIS AWS Foundations Benchmark 標準が有効"),
       description=T("The CIS standard evaluates account-level logging, monitoring and identity settings continuously.",
                     "CIS 標準はアカウントレベルのログ記録、監視、ID 設定を継続的に評価します。"),
       remediation=T("Enable cis-aws-foundations-benchmark v3.0.0 with aws securityhub batch-enable-standards.",
                     "aws securityhub batch-enable-standards で cis-aws-foundations-benchmark v3.0.0 を有効にしてください。"))
def cis_standard_enabled(r: Resource) -> Result:
    return _standard(r, "cis-aws-foundations-benchmark", "CIS")


@check(id="aws.securityhub.auto_enable_controls", resource_types=("aws.securityhub.region",), severity=Severity.LOW,
       title=T("Security Hub enables new controls of enabled standards automatically",
               "Security Hub が有効な標準の新しいコントロールを自動で有効化する"),
       description=T("With auto-enable off, controls AWS adds to a standard stay disabled and the standard's coverage "
                     "silently falls behind.",
                     "自動有効化が無効だと、AWS が標準に追加したコントロールが無効のままになり、標準の対象範囲が気付かないうちに"
                     "遅れていきます。"),
       remediation=T("aws securityhub update-security-hub-configuration --auto-enable-controls",
                     "aws securityhub update-security-hub-configuration --auto-enable-controls を実行してください。"))
def auto_enable_controls(r: Resource) -> Result:
    if not need(r, "Enabled"):
        return MSG.ok("not_enabled_here")
    return Result.ok() if need(r, "AutoEnableControls") else MSG.fail("auto_controls_off")


@check(id="aws.securityhub.organization_auto_enable", resource_types=("aws.securityhub.region",), severity=Severity.MEDIUM,
       title=T("The organisation's Security Hub administrator enables every member account",
               "組織の Security Hub 管理者がすべてのメンバーアカウントを有効化している"),
       description=T("Where this account is the Security Hub administrator, member accounts are covered only under "
                     "central configuration or with auto-enable for new accounts.",
                     "このアカウントが Security Hub 管理者である場合、メンバーアカウントは中央設定または新規アカウントの自動有効化が"
                     "ある場合にのみ対象になります。"),
       remediation=T("Use central configuration with a policy for the organisation root, or "
                     "aws securityhub update-organization-configuration --auto-enable.",
                     "組織ルートにポリシーを関連付けた中央設定を使うか、aws securityhub update-organization-configuration "
                     "--auto-enable を実行してください。"))
def organization_auto_enable(r: Resource) -> Result:
    if not need(r, "Enabled"):
        return MSG.ok("not_enabled_here")
    org = need(r, "_organization")
    if org is None:
        return MSG.ok("not_administrator")
    configuration = (org.get("OrganizationConfiguration") or {}).get("ConfigurationType") or "LOCAL"
    if configuration == "CENTRAL" or org.get("AutoEnable"):
        return Result.ok()
    return MSG.fail("org_local", configuration=configuration)
