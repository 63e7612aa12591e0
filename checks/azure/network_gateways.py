"""Application Gateway checks: a web application firewall and a TLS 1.2 minimum on listeners."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.azure._common import lower, props
from checks.common import T

GATEWAY = ("azure.network.application_gateway",)
# Predefined policies whose minimum protocol is TLS 1.2 (the 2017 "S" and 2022 policies).
TLS12_POLICIES = {"appgwsslpolicy20170401s", "appgwsslpolicy20220101", "appgwsslpolicy20220101s"}

MSG = Messages("azure.network_gateways", {
    "waf": ("web application firewall: {how}", "Web アプリケーション ファイアウォール: {how}"),
    "no_waf": ("no web application firewall ({tier} tier)", "Web アプリケーション ファイアウォールがありません ({tier} レベル)"),
    "tls": ("TLS policy {policy}", "TLS ポリシー {policy}"),
    "old_tls": ("TLS policy {policy} accepts TLS before 1.2", "TLS ポリシー {policy} は TLS 1.2 未満を受け付けます"),
})


@check(id="azure.network.application_gateway_waf_enabled", resource_types=GATEWAY, severity=Severity.MEDIUM,
       title=T("Application Gateway runs a web application firewall", "Application Gateway で Web アプリケーション ファイアウォールが動作している"),
       description=T("The WAF blocks common web attacks (SQL injection, XSS, known exploits) before they reach the apps.",
                     "WAF は一般的な Web 攻撃 (SQL インジェクション、XSS、既知の攻撃) をアプリに届く前に遮断します。"),
       remediation=T("Move the gateway to the WAF_v2 tier and attach a WAF policy in Prevention mode.",
                     "ゲートウェイを WAF_v2 レベルに変更し、防止モードの WAF ポリシーを関連付けます。"))
def waf_enabled(r: Resource) -> Result:
    p = props(r)
    tier = str((p.get("sku") or {}).get("tier") or "Standard")
    if (p.get("firewallPolicy") or {}).get("id"):
        return MSG.ok("waf", how="WAF policy")
    if lower(tier).startswith("waf") and (p.get("webApplicationFirewallConfiguration") or {}).get("enabled"):
        return MSG.ok("waf", how="gateway configuration")
    return MSG.fail("no_waf", tier=tier)


@check(id="azure.network.application_gateway_min_tls_1_2", resource_types=GATEWAY, severity=Severity.MEDIUM,
       title=T("Application Gateway listeners require TLS 1.2", "Application Gateway のリスナーが TLS 1.2 以上を要求する"),
       description=T("Without an SSL policy the gateway applies AppGwSslPolicy20150501, which accepts TLS 1.0.",
                     "SSL ポリシーがないと、TLS 1.0 を受け付ける AppGwSslPolicy20150501 が適用されます。"),
       remediation=T("az network application-gateway ssl-policy set -g <rg> --gateway-name <gw> --policy-type Predefined "
                     "--name AppGwSslPolicy20220101S",
                     "az network application-gateway ssl-policy set -g <RG> --gateway-name <GW> --policy-type Predefined "
                     "--name AppGwSslPolicy20220101S を実行します。"))
def min_tls(r: Resource) -> Result:
    policy = props(r).get("sslPolicy") or {}
    kind = lower(policy.get("policyType"))
    if kind in ("custom", "customv2"):
        version = str(policy.get("minProtocolVersion") or "TLSv1_0")
        return MSG.ok("tls", policy=version) if version in ("TLSv1_2", "TLSv1_3") else MSG.fail("old_tls", policy=version)
    name = str(policy.get("policyName") or "AppGwSslPolicy20150501")
    return MSG.ok("tls", policy=name) if lower(name) in TLS12_POLICIES else MSG.fail("old_tls", policy=name)
