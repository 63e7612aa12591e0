"""Classic Load Balancer checks: encrypted listeners, ACM certificates, strong TLS policy, access
logs, connection draining, cross-zone balancing, several zones, desync mitigation."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

LB = ("aws.elb.load_balancer",)
SECURE = ("HTTPS", "SSL")
STRONG_POLICIES = ("ELBSecurityPolicy-TLS-1-2-2017-01",)
MSG = Messages("aws.elb", {
    "plain": ("listeners without TLS termination: {listeners}", "TLS 終端のないリスナー: {listeners}"),
    "no_tls": ("no HTTPS or SSL listener", "HTTPS または SSL のリスナーがありません"),
    "not_acm": ("certificates not from ACM: {listeners}", "ACM 以外の証明書: {listeners}"),
    "weak_policy": ("SSL negotiation policy {policies}", "SSL ネゴシエーションポリシー: {policies}"),
    "attr_off": ("{attribute} is off", "{attribute} が無効です"),
    "one_zone": ("spans {count} Availability Zone(s)", "{count} 個のアベイラビリティーゾーンにまたがっています"),
    "desync": ("desync mitigation mode is {mode}", "非同期緩和モードが {mode} です"),
})


def _listeners(r: Resource) -> list[dict[str, Any]]:
    return [d.get("Listener") or {} for d in need(r, "ListenerDescriptions") or []]


def _attrs(r: Resource) -> dict[str, Any]:
    return readable(need(r, "Attributes"), "Attributes") or {}


def _enabled(r: Resource, name: str) -> Result:
    return Result.ok() if (_attrs(r).get(name) or {}).get("Enabled") else MSG.fail("attr_off", attribute=name)


@check(id="aws.elb.listeners_encrypted", resource_types=LB, severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["ELB.3"]},
       title=T("Classic Load Balancer listeners terminate HTTPS or TLS", "Classic Load Balancer のリスナーが HTTPS または TLS を終端する"),
       description=T("HTTP or TCP listeners carry client traffic unencrypted.", "HTTP や TCP のリスナーはクライアントの通信を暗号化せずに運びます。"),
       remediation=T("Replace HTTP/TCP listeners with HTTPS/SSL listeners carrying an ACM certificate.",
                     "HTTP/TCP リスナーを ACM 証明書付きの HTTPS/SSL リスナーに置き換えてください。"))
def listeners_encrypted(r: Resource) -> Result:
    plain = [f"{ln.get('Protocol')}:{ln.get('LoadBalancerPort')}" for ln in _listeners(r)
             if str(ln.get("Protocol", "")).upper() not in SECURE]
    return MSG.fail("plain", listeners=plain) if plain else Result.ok()


@check(id="aws.elb.acm_certificate", resource_types=LB, severity=Severity.LOW, frameworks={"aws-fsbp": ["ELB.2"]},
       title=T("Classic Load Balancer TLS listeners use ACM certificates", "Classic Load Balancer の TLS リスナーが ACM 証明書を使用する"),
       description=T("Certificates uploaded to IAM are not renewed automatically and expire unnoticed.",
                     "IAM にアップロードした証明書は自動更新されず、気付かないうちに失効します。"),
       remediation=T("Request or import the certificate in ACM and set it on the listener (set-load-balancer-listener-ssl-certificate).",
                     "ACM で証明書をリクエストまたはインポートし、リスナーに設定してください (set-load-balancer-listener-ssl-certificate)。"))
def acm_certificate(r: Resource) -> Result:
    secure = [ln for ln in _listeners(r) if str(ln.get("Protocol", "")).upper() in SECURE]
    if not secure:
        return MSG.ok("no_tls")
    bad = [str(ln.get("LoadBalancerPort")) for ln in secure if ":acm:" not in str(ln.get("SSLCertificateId", ""))]
    return MSG.fail("not_acm", listeners=bad) if bad else Result.ok()


@check(id="aws.elb.strong_tls_policy", resource_types=LB, severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["ELB.8"]},
       title=T("Classic Load Balancer SSL listeners use a strong predefined security policy",
               "Classic Load Balancer の SSL リスナーが強力な定義済みセキュリティポリシーを使用する"),
       description=T("Older or custom SSL negotiation policies accept TLS 1.0/1.1 and weak ciphers.",
                     "古いまたはカスタムの SSL ネゴシエーションポリシーは TLS 1.0/1.1 や弱い暗号を受け入れます。"),
       remediation=T("Create an SSLNegotiationPolicyType policy referencing ELBSecurityPolicy-TLS-1-2-2017-01 and set it on "
                     "the HTTPS/SSL listeners.",
                     "ELBSecurityPolicy-TLS-1-2-2017-01 を参照する SSLNegotiationPolicyType ポリシーを作成し、HTTPS/SSL リスナーに"
                     "設定してください。"))
def strong_tls_policy(r: Resource) -> Result:
    listeners = [ln for ln in need(r, "ListenerDescriptions") or []
                 if str((ln.get("Listener") or {}).get("Protocol", "")).upper() in SECURE]
    if not listeners:
        return MSG.ok("no_tls")
    policies = {p.get("PolicyName"): p for p in readable(need(r, "_policies"), "_policies") or []}
    weak = []
    for ln in listeners:
        names = [n for n in ln.get("PolicyNames") or [] if (policies.get(n) or {}).get("PolicyTypeName") == "SSLNegotiationPolicyType"]
        refs = [str((policies.get(n) or {}).get("ReferenceSecurityPolicy")) for n in names]
        if not refs or not all(ref in STRONG_POLICIES for ref in refs):
            weak.append(f"{(ln.get('Listener') or {}).get('LoadBalancerPort')}:{','.join(refs) or 'none'}")
    return MSG.fail("weak_policy", policies=weak) if weak else Result.ok()


@check(id="aws.elb.access_logs_enabled", resource_types=LB, severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["ELB.5"]},
       title=T("Classic Load Balancer access logging is enabled", "Classic Load Balancer のアクセスログが有効"),
       description=T("Without access logs, requests reaching the load balancer cannot be investigated afterwards.",
                     "アクセスログがないと、ロードバランサーへのリクエストを後から調査できません。"),
       remediation=T("Enable the AccessLog attribute with an S3 bucket (aws elb modify-load-balancer-attributes).",
                     "S3 バケットを指定して AccessLog 属性を有効にしてください (aws elb modify-load-balancer-attributes)。"))
def access_logs_enabled(r: Resource) -> Result:
    return _enabled(r, "AccessLog")


@check(id="aws.elb.connection_draining_enabled", resource_types=LB, severity=Severity.LOW, frameworks={"aws-fsbp": ["ELB.7"]},
       title=T("Classic Load Balancer has connection draining enabled", "Classic Load Balancer の接続ドレインが有効"),
       description=T("Without draining, in-flight requests are cut when an instance is deregistered or fails its health check.",
                     "ドレインがないと、インスタンスの登録解除やヘルスチェック失敗時に処理中のリクエストが切断されます。"),
       remediation=T("Enable the ConnectionDraining attribute with a timeout.", "タイムアウトを指定して ConnectionDraining 属性を有効にしてください。"))
def connection_draining_enabled(r: Resource) -> Result:
    return _enabled(r, "ConnectionDraining")


@check(id="aws.elb.cross_zone_enabled", resource_types=LB, severity=Severity.LOW, frameworks={"aws-fsbp": ["ELB.9"]},
       title=T("Classic Load Balancer has cross-zone load balancing enabled", "Classic Load Balancer のクロスゾーン負荷分散が有効"),
       description=T("Without cross-zone balancing, a zone with few healthy instances gets as much traffic as the others.",
                     "クロスゾーン負荷分散がないと、正常なインスタンスの少ないゾーンにも他と同じ量のトラフィックが送られます。"),
       remediation=T("Enable the CrossZoneLoadBalancing attribute.", "CrossZoneLoadBalancing 属性を有効にしてください。"))
def cross_zone_enabled(r: Resource) -> Result:
    return _enabled(r, "CrossZoneLoadBalancing")


@check(id="aws.elb.multi_az", resource_types=LB, severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["ELB.10"]},
       title=T("Classic Load Balancer spans at least two Availability Zones", "Classic Load Balancer が 2 つ以上のアベイラビリティーゾーンにまたがる"),
       description=T("A load balancer in one zone stops serving when that zone fails.",
                     "1 つのゾーンにしかないロードバランサーは、そのゾーンの障害時に停止します。"),
       remediation=T("Enable a second Availability Zone (or attach a subnet in one) for the load balancer.",
                     "ロードバランサーで 2 つ目のアベイラビリティーゾーンを有効にする (またはそのサブネットを追加する) してください。"))
def multi_az(r: Resource) -> Result:
    zones = need(r, "AvailabilityZones") or []
    return Result.ok() if len(zones) >= 2 else MSG.fail("one_zone", count=len(zones))


@check(id="aws.elb.desync_mitigation_strict", resource_types=LB, severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["ELB.14"]},
       title=T("Classic Load Balancer desync mitigation mode is defensive or strictest",
               "Classic Load Balancer の非同期緩和モードが defensive または strictest"),
       description=T("The monitor mode lets ambiguous requests that enable HTTP desync attacks through to the targets.",
                     "monitor モードは HTTP 非同期攻撃に使われる曖昧なリクエストをターゲットまで通過させます。"),
       remediation=T("Set the additional attribute elb.http.desyncmitigationmode to defensive or strictest.",
                     "追加属性 elb.http.desyncmitigationmode を defensive または strictest にしてください。"))
def desync_mitigation_strict(r: Resource) -> Result:
    extra = {a.get("Key"): a.get("Value") for a in _attrs(r).get("AdditionalAttributes") or []}
    mode = str(extra.get("elb.http.desyncmitigationmode") or "defensive")  # the AWS default
    return Result.ok() if mode in ("defensive", "strictest") else MSG.fail("desync", mode=mode)
