"""Admission webhooks: failure policy, the namespaces they intercept, and how the API server calls them."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import NSA

WEBHOOK_TYPES = ("k8s.validating_webhook_configuration", "k8s.mutating_webhook_configuration")

MSG = Messages("kubernetes.webhook", {
    "failure_ignored": ("webhooks failing open: {webhooks}", "失敗時に許可されるWebhook: {webhooks}"),
    "system_namespaces": ("webhooks intercepting system namespaces: {webhooks}",
                          "システムの名前空間の要求も処理する Webhook: {webhooks}"),
    "insecure_client": ("webhooks called by URL without a CA bundle or over http: {webhooks}",
                        "CA バンドルなしの URL、または http で呼び出される Webhook: {webhooks}"),
})


def _webhooks(r: Resource) -> list[dict[str, Any]]:
    return [w for w in r.data.get("webhooks") or () if isinstance(w, dict)]


def _kind_of(r: Resource) -> str:
    return "validating" if r.type == WEBHOOK_TYPES[0] else "mutating"


@check(id="k8s.webhook.fails_closed", resource_types=(WEBHOOK_TYPES[0],), severity=Severity.MEDIUM,
       title=T("Validating webhooks fail closed", "Validating Webhook が失敗時に拒否する"),
       description=T("With failurePolicy: Ignore a validating webhook that is down or slow lets every request through: making it unavailable "
                     "switches the guard off.",
                     "failurePolicy: Ignore の Validating Webhook は、停止や遅延の間すべての要求を通すため、停止させるだけで防御を外せます。"),
       remediation=T("Set failurePolicy: Fail on security webhooks and run them highly available.",
                     "セキュリティ用の Webhook では failurePolicy: Fail を設定し、冗長構成で運用してください。"),
       frameworks={NSA: ["authn.rbac", "pod-security.enforcement"]})
def fails_closed(r: Resource) -> Result:
    bad = [str(w.get("name")) for w in _webhooks(r) if w.get("failurePolicy") == "Ignore"]
    return MSG.fail("failure_ignored", webhooks=bad) if bad else Result.ok()


def _selects_system(w: dict[str, Any]) -> bool:
    """Does the webhook's namespaceSelector admit kube-system (an empty selector admits all)?"""
    sel = w.get("namespaceSelector") or {}
    for expr in sel.get("matchExpressions") or ():
        if expr.get("key") in ("kubernetes.io/metadata.name", "name") and expr.get("operator") == "NotIn" \
                and "kube-system" in (expr.get("values") or ()):
            return False
        if expr.get("key") in ("kubernetes.io/metadata.name", "name") and expr.get("operator") == "In" \
                and "kube-system" not in (expr.get("values") or ()):
            return False
    labels = sel.get("matchLabels") or {}
    return not labels or labels.get("kubernetes.io/metadata.name") == "kube-system"


@check(id="k8s.webhook.mutating_excludes_system_namespaces", resource_types=(WEBHOOK_TYPES[1],), severity=Severity.MEDIUM,
       title=T("Mutating webhooks leave system namespaces alone", "Mutating Webhook がシステムの名前空間を対象外にしている"),
       description=T("A mutating webhook without a namespaceSelector excluding kube-system can change the control plane's own pods and "
                     "objects, and its outage can block the cluster's recovery.",
                     "kube-system を除外する namespaceSelector のない Mutating Webhook は、コントロールプレーン自身の Pod やオブジェクトを変更でき、"
                     "停止するとクラスタの復旧を妨げます。"),
       remediation=T("Add a namespaceSelector with kubernetes.io/metadata.name NotIn [kube-system] (and other system namespaces).",
                     "kubernetes.io/metadata.name NotIn [kube-system]（ほかのシステムの名前空間も）の namespaceSelector を追加してください。"),
       frameworks={NSA: ["authn.rbac"]})
def mutating_excludes_system(r: Resource) -> Result:
    bad = [str(w.get("name")) for w in _webhooks(r) if _selects_system(w)]
    return MSG.fail("system_namespaces", webhooks=bad) if bad else Result.ok()


@check(id="k8s.webhook.client_config_verified", resource_types=WEBHOOK_TYPES, severity=Severity.HIGH,
       title=T("Webhooks are called over verified TLS", "Webhook が検証された TLS で呼び出される"),
       description=T("The API server sends every matched object, Secrets included, to the webhook: over http, or to a URL without a caBundle, "
                     "the server's identity is not verified.",
                     "API サーバーは一致したオブジェクトを Secret も含めて Webhook に送ります。http や caBundle のない URL では相手を検証できません。"),
       remediation=T("Use clientConfig.service (or an https URL) with a caBundle for the webhook's certificate authority.",
                     "clientConfig.service（または https の URL）と、Webhook の認証局の caBundle を指定してください。"),
       frameworks={NSA: ["network.encryption"]})
def client_config_verified(r: Resource) -> Result:
    bad = []
    for w in _webhooks(r):
        cc = w.get("clientConfig") or {}
        url = str(cc.get("url") or "")
        if url.startswith("http://") or (url and not cc.get("caBundle")):
            bad.append(str(w.get("name")))
    return MSG.fail("insecure_client", webhooks=bad) if bad else Result.ok()
