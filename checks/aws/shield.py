"""AWS Shield Advanced checks (only where the account subscribes): the subscription renews, the
Shield Response Team has access, proactive engagement is on, every internet-facing load
balancer is protected, and each protection has a health check and, for CloudFront and ALB,
automatic application-layer mitigation."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.shield", {
    "auto_renew": ("auto-renew is {status}", "自動更新の状態は {status} です"),
    "no_drt": ("the Shield Response Team has no role to act in the account",
               "Shield 対応チーム (SRT) がアカウントで操作するためのロールがありません"),
    "proactive": ("proactive engagement is {status} ({contacts} emergency contacts)",
                  "プロアクティブエンゲージメントの状態は {status} です (緊急連絡先 {contacts} 件)"),
    "no_health_check": ("no Route 53 health check is associated", "Route 53 ヘルスチェックが関連付けられていません"),
    "not_layer7": ("not an application-layer resource ({kind})", "アプリケーション層のリソースではありません ({kind})"),
    "layer7_off": ("automatic application-layer mitigation is {status}", "アプリケーション層の自動緩和の状態は {status} です"),
})


@check(id="aws.shield.subscription_auto_renew", resource_types=("aws.shield.subscription",), severity=Severity.LOW,
       title=T("Shield Advanced subscription renews automatically", "Shield Advanced サブスクリプションが自動更新される"),
       description=T("When the one-year commitment ends without renewal every protection lapses at once, in the "
                     "middle of whatever traffic the account serves.",
                     "1 年間のコミットメントが更新されずに終わると、すべての保護が一斉に失効します。"),
       remediation=T("aws shield update-subscription --auto-renew ENABLED", "aws shield update-subscription --auto-renew ENABLED を実行してください。"))
def subscription_auto_renew(r: Resource) -> Result:
    status = need(r, "AutoRenew")
    return Result.ok() if status == "ENABLED" else MSG.fail("auto_renew", status=status)


@check(id="aws.shield.drt_access_granted", resource_types=("aws.shield.subscription",), severity=Severity.MEDIUM,
       title=T("The Shield Response Team may act in the account during an attack",
               "攻撃時に Shield Response Team がアカウントで対応できる"),
       description=T("Without a DRT role the response team can only advise; it cannot write WAF rules or read the "
                     "flow logs while the attack is on.",
                     "DRT ロールがないと、対応チームは助言しかできず、攻撃中に WAF ルールを書いたりフローログを読んだりできません。"),
       remediation=T("aws shield associate-drt-role --role-arn ARN (a role trusting drt.shield.amazonaws.com with "
                     "AWSShieldDRTAccessPolicy).",
                     "aws shield associate-drt-role --role-arn ARN を実行してください (drt.shield.amazonaws.com を信頼し "
                     "AWSShieldDRTAccessPolicy を持つロール)。"))
def drt_access_granted(r: Resource) -> Result:
    drt = readable(need(r, "_drt_access"), "_drt_access") or {}
    return Result.ok() if drt.get("RoleArn") else MSG.fail("no_drt")


@check(id="aws.shield.proactive_engagement_enabled", resource_types=("aws.shield.subscription",), severity=Severity.LOW,
       title=T("Shield Advanced proactive engagement is enabled", "Shield Advanced のプロアクティブエンゲージメントが有効"),
       description=T("With proactive engagement the response team calls the emergency contacts when a protected "
                     "resource's health check turns unhealthy during an event, instead of waiting for a support case.",
                     "プロアクティブエンゲージメントでは、イベント中に保護対象のヘルスチェックが異常になると、サポートケースを待たずに"
                     "対応チームが緊急連絡先に連絡します。"),
       remediation=T("aws shield update-emergency-contact-settings, then aws shield enable-proactive-engagement.",
                     "aws shield update-emergency-contact-settings の後に aws shield enable-proactive-engagement を実行してください。"))
def proactive_engagement_enabled(r: Resource) -> Result:
    status = need(r, "ProactiveEngagementStatus") or "DISABLED"
    contacts = readable(need(r, "_emergency_contacts"), "_emergency_contacts")
    if status == "ENABLED" and contacts:
        return Result.ok()
    return MSG.fail("proactive", status=status, contacts=contacts)


@check(id="aws.shield.protection_has_health_check", resource_types=("aws.shield.protection",), severity=Severity.LOW,
       title=T("Shield Advanced protection has a health check", "Shield Advanced の保護にヘルスチェックがある"),
       description=T("Health-based detection lowers the thresholds at which Shield mitigates and is what proactive "
                     "engagement reacts to; without it detection is slower and less precise.",
                     "ヘルスベースの検出は Shield が緩和を始めるしきい値を下げ、プロアクティブエンゲージメントの契機にもなります。"
                     "ないと検出が遅く不正確になります。"),
       remediation=T("aws shield associate-health-check --protection-id ID --health-check-arn ARN",
                     "aws shield associate-health-check --protection-id ID --health-check-arn ARN を実行してください。"))
def protection_has_health_check(r: Resource) -> Result:
    return Result.ok() if need(r, "HealthCheckIds") else MSG.fail("no_health_check")


LAYER7 = (":cloudfront::", ":loadbalancer/app/")


@check(id="aws.shield.protection_automatic_layer7_mitigation", resource_types=("aws.shield.protection",),
       severity=Severity.MEDIUM,
       title=T("Shield Advanced mitigates application-layer attacks automatically on CloudFront and ALB",
               "Shield Advanced が CloudFront と ALB でアプリケーション層の攻撃を自動緩和する"),
       description=T("Automatic application-layer response writes WAF rate rules during an HTTP flood; without it "
                     "the flood is mitigated only when someone writes the rules by hand.",
                     "アプリケーション層の自動対応は HTTP フラッド中に WAF のレートルールを作成します。ないと誰かが手でルールを"
                     "書くまで緩和されません。"),
       remediation=T("aws shield enable-application-layer-automatic-response --resource-arn ARN --action Block={}",
                     "aws shield enable-application-layer-automatic-response --resource-arn ARN --action Block={} を実行して"
                     "ください。"))
def protection_automatic_layer7_mitigation(r: Resource) -> Result:
    target = str(need(r, "ResourceArn"))
    if not any(m in target for m in LAYER7):
        return MSG.ok("not_layer7", kind=target.split(":")[2] if target.count(":") > 2 else target)
    conf = need(r, "ApplicationLayerAutomaticResponseConfiguration") or {}
    status = conf.get("Status") or "DISABLED"
    return Result.ok() if status == "ENABLED" else MSG.fail("layer7_off", status=status)


# What an internet-facing resource of each type is, among the types this build collects (Shield
# Advanced also protects CloudFront distributions, Elastic IPs, Global Accelerators and Route 53
# zones: add their types here as their collectors come).
TARGETS = {"aws.elbv2.load_balancer": lambda data: data.get("Scheme") == "internet-facing"}
MSG_TARGETS = Messages("aws.shield_targets", {
    "unprotected": ("internet-facing resources without a Shield Advanced protection: {resources}",
                    "Shield Advanced の保護がないインターネット向けリソース: {resources}"),
    "protected": ("{count} internet-facing resources, all protected", "インターネット向けリソース {count} 件がすべて保護されています"),
    "unread": ("not fully collected in this scan: {types}", "このスキャンで完全には収集されていません: {types}"),
})


def _unread(inv: Inventory, account: str) -> list[str]:
    regions = sorted({e.region for e in inv.coverage.entries if e.provider == "aws" and e.account == account
                      and e.region not in ("*", "global")}) or ["*"]
    missing = {t for t in TARGETS for region in regions if not inv.complete("aws", account, region, t)}
    if not inv.complete("aws", account, "*", "aws.shield.protection"):
        missing.add("aws.shield.protection")
    return sorted(missing)


@check(id="aws.shield.internet_facing_resources_protected", resource_types=("aws.shield.subscription",),
       severity=Severity.MEDIUM, needs_inventory=True,
       title=T("Every internet-facing load balancer has a Shield Advanced protection",
               "インターネット向けのロードバランサーすべてに Shield Advanced の保護がある"),
       description=T("The subscription covers only the resources added as protections; an internet-facing load "
                     "balancer left out gets no DDoS response team, no cost protection and no advanced detection.",
                     "サブスクリプションが対象にするのは保護として追加したリソースだけです。漏れたインターネット向けロードバランサー"
                     "には DDoS 対応チームもコスト保護も高度な検出もありません。"),
       remediation=T("aws shield create-protection --name NAME --resource-arn ARN for each listed resource (or a "
                     "Firewall Manager Shield policy).",
                     "示された各リソースについて aws shield create-protection --name NAME --resource-arn ARN を実行してください "
                     "(または Firewall Manager の Shield ポリシーを使用してください)。"))
def internet_facing_resources_protected(r: Resource, inv: Inventory | None = None) -> Result:
    if inv is None or (unread := _unread(inv, r.account)):
        return MSG_TARGETS.error("unread", types=unread if inv is not None else sorted(TARGETS))
    protected = {str(p.data.get("ResourceArn")) for p in inv.in_account("aws", r.account, "aws.shield.protection")}
    exposed = sorted(x.id for t, facing in TARGETS.items() for x in inv.in_account("aws", r.account, t) if facing(x.data))
    missing = [a for a in exposed if a not in protected]
    return MSG_TARGETS.fail("unprotected", resources=missing) if missing else MSG_TARGETS.ok("protected", count=len(exposed))
