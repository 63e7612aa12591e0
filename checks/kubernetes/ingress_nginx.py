"""ingress-nginx controller configuration (the collector derives ``k8s.ingress_nginx`` from a
ConfigMap setting ``allow-snippet-annotations``, keeping only that setting)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import NSA

MSG = Messages("kubernetes.ingress_nginx", {
    "snippets_allowed": ("allow-snippet-annotations is {value}", "allow-snippet-annotations が {value} です"),
})


@check(id="k8s.ingress_nginx.snippets_disabled", resource_types=("k8s.ingress_nginx",), severity=Severity.HIGH,
       title=T("ingress-nginx does not allow snippet annotations", "ingress-nginx がスニペットのアノテーションを許可していない"),
       description=T("With allow-snippet-annotations: \"true\" anyone who can create an Ingress can inject nginx configuration and read the "
                     "controller's service account token and every Secret it sees (CVE-2021-25742).",
                     "allow-snippet-annotations: \"true\" では、Ingress を作成できる誰もが nginx の設定を注入し、コントローラーのトークンや"
                     "参照できるすべての Secret を読めます（CVE-2021-25742）。"),
       remediation=T("Set allow-snippet-annotations: \"false\" in the ingress-nginx controller ConfigMap (the default since v1.9).",
                     "ingress-nginx コントローラーの ConfigMap で allow-snippet-annotations: \"false\" を設定してください（v1.9 以降の既定）。"),
       frameworks={NSA: ["network.network-policies"]})
def nginx_snippets_disabled(r: Resource) -> Result:
    value = str(r.data.get("allow-snippet-annotations") or "")
    return MSG.fail("snippets_allowed", value=value) if value.strip().lower() == "true" else Result.ok()
