"""Ingresses: TLS for every host they serve."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import NSA

MSG = Messages("kubernetes.ingress", {
    "no_tls": ("no TLS configured", "TLS が設定されていません"),
    "hosts_without_tls": ("hosts without TLS: {hosts}", "TLS が設定されていないホスト: {hosts}"),
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
