"""ELBv2 load balancer checks: HTTPS redirects, TLS policies, logging, deletion protection, headers."""

from __future__ import annotations

import re

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.common import T

LB = ("aws.elbv2.load_balancer",)
STRONG_TLS = re.compile(r"TLS13-1-[23]|TLS-1-2|FS-1-2|PQ-TLS-1-[23]", re.IGNORECASE)

MSG = Messages("aws.elbv2", {
    "not_alb": ("not an application load balancer", "Application Load Balancer ではありません"),
    "no_redirect": ("HTTP listener(s) on port {ports} do not redirect to HTTPS",
                    "ポート {ports} の HTTP リスナーが HTTPS にリダイレクトしていません"),
    "weak_tls": ("weak TLS policy on {listeners}", "{listeners} の TLS ポリシーが弱いです"),
    "gateway": ("gateway load balancers have no access logs", "Gateway Load Balancer にはアクセスログがありません"),
    "access_logs_off": ("access logging is off", "アクセスログが無効です"),
    "deletion_off": ("deletion protection is off", "削除保護が無効です"),
    "forwards_invalid": ("invalid header fields are forwarded", "不正なヘッダーフィールドが転送されます"),
    "desync_mode": ("{mode}", "非同期緩和モード {mode}"),
    "desync_weak": ("desync mitigation mode is {mode}", "非同期緩和モードが {mode} です"),
})


def _attr(r: Resource, key: str) -> str | None:
    attrs = r.data.get("Attributes") or {}
    return str(attrs.get(key)).lower() if key in attrs else None


@check(id="aws.elbv2.http_redirects_to_https", resource_types=LB, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ELB.1"]},
       title=T("ALB HTTP listeners redirect to HTTPS", "ALB の HTTP リスナーが HTTPS にリダイレクトしている"),
       description=T("An Application Load Balancer listener on plain HTTP that forwards traffic sends it unencrypted.",
                     "転送を行う平文 HTTP の ALB リスナーは通信を暗号化せずに送ります。"),
       remediation=T("Change the HTTP listener's default action to a redirect to HTTPS (port 443, HTTP_301).",
                     "HTTP リスナーの既定アクションを HTTPS (443, HTTP_301) へのリダイレクトに変更してください。"))
def http_redirects_to_https(r: Resource) -> Result:
    listeners = readable(r.data.get("Listeners"), "Listeners")
    if r.data.get("Type", "application") != "application":
        return MSG.ok("not_alb")
    bad = []
    for ln in listeners or []:
        if ln.get("Protocol") != "HTTP":
            continue
        actions = ln.get("DefaultActions") or []
        if not any(a.get("Type") == "redirect" and (a.get("RedirectConfig") or {}).get("Protocol") == "HTTPS" for a in actions):
            bad.append(str(ln.get("Port")))
    return MSG.fail("no_redirect", ports=bad) if bad else Result.ok()


@check(id="aws.elbv2.tls_policy_strong", resource_types=LB, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ELB.17"]},
       title=T("Load balancer TLS listeners use a TLS 1.2+ security policy",
               "ロードバランサーの TLS リスナーが TLS 1.2 以上のセキュリティポリシーを使用している"),
       description=T("Security policies that still accept TLS 1.0/1.1 allow downgrade to weak protocols and ciphers.",
                     "TLS 1.0/1.1 を許可するセキュリティポリシーは弱いプロトコルや暗号へのダウングレードを許します。"),
       remediation=T("Set the listener's SslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or a stricter policy).",
                     "リスナーの SslPolicy を ELBSecurityPolicy-TLS13-1-2-2021-06 など、より厳格なものに設定してください。"))
def tls_policy_strong(r: Resource) -> Result:
    listeners = readable(r.data.get("Listeners"), "Listeners")
    weak = [f"{ln.get('Port')}:{ln.get('SslPolicy')}" for ln in listeners or []
            if ln.get("Protocol") in ("HTTPS", "TLS") and not STRONG_TLS.search(str(ln.get("SslPolicy") or ""))]
    return MSG.fail("weak_tls", listeners=weak) if weak else Result.ok()


@check(id="aws.elbv2.access_logs_enabled", resource_types=LB, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ELB.5"]},
       title=T("Load balancer access logging is enabled", "ロードバランサーのアクセスログが有効"),
       description=T("Without access logs, requests reaching the load balancer cannot be investigated afterwards.",
                     "アクセスログがないと、ロードバランサーへのリクエストを後から調査できません。"),
       remediation=T("Set the attribute access_logs.s3.enabled=true with a destination bucket.",
                     "属性 access_logs.s3.enabled=true と保存先バケットを設定してください。"))
def access_logs_enabled(r: Resource) -> Result:
    readable(r.data.get("Attributes"), "Attributes")
    if r.data.get("Type") == "gateway":
        return MSG.ok("gateway")
    return Result.ok() if _attr(r, "access_logs.s3.enabled") == "true" else MSG.fail("access_logs_off")


@check(id="aws.elbv2.deletion_protection_enabled", resource_types=LB, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["ELB.6"]},
       title=T("Load balancer deletion protection is enabled", "ロードバランサーの削除保護が有効"),
       description=T("Deletion protection stops a load balancer from being deleted by mistake.",
                     "削除保護により、ロードバランサーの誤削除を防ぎます。"),
       remediation=T("Set the attribute deletion_protection.enabled=true.", "属性 deletion_protection.enabled=true を設定してください。"))
def deletion_protection_enabled(r: Resource) -> Result:
    readable(r.data.get("Attributes"), "Attributes")
    return Result.ok() if _attr(r, "deletion_protection.enabled") == "true" else MSG.fail("deletion_off")


@check(id="aws.elbv2.drops_invalid_headers", resource_types=LB, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ELB.4"]},
       title=T("ALB drops invalid HTTP header fields", "ALB が不正な HTTP ヘッダーを破棄する"),
       description=T("Forwarding malformed headers enables HTTP request smuggling and desync attacks against targets.",
                     "不正なヘッダーを転送すると、ターゲットへの HTTP リクエストスマグリングや非同期攻撃が可能になります。"),
       remediation=T("Set routing.http.drop_invalid_header_fields.enabled=true on the load balancer.",
                     "ロードバランサーで routing.http.drop_invalid_header_fields.enabled=true を設定してください。"))
def drops_invalid_headers(r: Resource) -> Result:
    readable(r.data.get("Attributes"), "Attributes")
    if r.data.get("Type", "application") != "application":
        return MSG.ok("not_alb")
    ok = _attr(r, "routing.http.drop_invalid_header_fields.enabled") == "true"
    return Result.ok() if ok else MSG.fail("forwards_invalid")


@check(id="aws.elbv2.desync_mitigation_strict", resource_types=LB, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ELB.12"]},
       title=T("ALB desync mitigation mode is defensive or strictest",
               "ALB の非同期緩和モードが defensive または strictest"),
       description=T("The 'monitor' mode lets ambiguous requests that enable HTTP desync attacks through.",
                     "monitor モードは HTTP 非同期攻撃に使われる曖昧なリクエストを通過させます。"),
       remediation=T("Set routing.http.desync_mitigation_mode to defensive or strictest.",
                     "routing.http.desync_mitigation_mode を defensive または strictest に設定してください。"))
def desync_mitigation_strict(r: Resource) -> Result:
    readable(r.data.get("Attributes"), "Attributes")
    if r.data.get("Type", "application") != "application":
        return MSG.ok("not_alb")
    mode = _attr(r, "routing.http.desync_mitigation_mode") or "defensive"  # AWS default
    if mode in ("defensive", "strictest"):
        return MSG.ok("desync_mode", mode=mode)
    return MSG.fail("desync_weak", mode=mode)
