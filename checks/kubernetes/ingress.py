"""Ingresses: TLS for every host they serve."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import NSA

NGINX_SNIPPETS = ("nginx.ingress.kubernetes.io/configuration-snippet", "nginx.ingress.kubernetes.io/server-snippet",
                  "nginx.ingress.kubernetes.io/auth-snippet", "nginx.ingress.kubernetes.io/stream-snippet",
                  "nginx.org/server-snippets", "nginx.org/location-snippets")

MSG = Messages("kubernetes.ingress", {
    "no_tls": ("no TLS configured", "TLS が設定されていません"),
    "hosts_without_tls": ("hosts without TLS: {hosts}", "TLS が設定されていないホスト: {hosts}"),
    "nginx_snippets": ("snippet annotations: {annotations}", "スニペットのアノテーション: {annotations}"),
})


@check(id="k8s.ingress.tls_configured", resource_types=("k8s.ingress",), severity=Severity.MEDIUM,
       title=T("Ingresses terminate TLS", "Ingress で TLS を終端している"),
       description=T("An Ingress without a tls section serves its hosts over plain HTTP.",
                     "tls セクションのない Ingress は平文の HTTP でホストを公開します。"),
       remediation=T("Add spec.tls with a certificate Secret for every host (cert-manager can issue them).",
                     "すべてのホストについて、証明書の Secret を指定した spec.tls を追加してください（cert-manager で発行できます）。"),
       frameworks={NSA: ["network.encryption"]})
def ingress_tls(r: Resource) -> Result:
    spec = r.data.get("spec") or {}
    tls = spec.get("tls") or []
    if not tls:
        return MSG.fail("no_tls")
    covered = {h for t in tls for h in t.get("hosts") or ()}
    hosts = {rule.get("host") for rule in spec.get("rules") or () if rule.get("host")}
    missing = sorted(hosts - covered) if covered else []
    return MSG.fail("hosts_without_tls", hosts=missing) if missing else Result.ok()


@check(id="k8s.ingress.no_snippet_annotations", resource_types=("k8s.ingress",), severity=Severity.HIGH,
       title=T("Ingresses carry no nginx snippet annotations", "Ingress に nginx のスニペットのアノテーションがない"),
       description=T("configuration-snippet and server-snippet annotations inject raw nginx configuration into the shared controller "
                     "(CVE-2021-25742): they can read the controller's credentials and other tenants' Secrets.",
                     "configuration-snippet や server-snippet のアノテーションは共有コントローラーに nginx の設定を直接注入し（CVE-2021-25742）、"
                     "コントローラーの認証情報や他テナントの Secret を読めます。"),
       remediation=T("Replace snippets with the controller's dedicated annotations, and disable allow-snippet-annotations.",
                     "スニペットをコントローラー専用のアノテーションに置き換え、allow-snippet-annotations を無効にしてください。"),
       frameworks={NSA: ["network.network-policies"]})
def no_snippet_annotations(r: Resource) -> Result:
    ann = (r.data.get("metadata") or {}).get("annotations") or {}
    bad = sorted(k for k in ann if k in NGINX_SNIPPETS)
    return MSG.fail("nginx_snippets", annotations=bad) if bad else Result.ok()
