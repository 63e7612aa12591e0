"""CoreDNS: signs of tampering in its Corefile (the collector derives ``k8s.coredns`` from the
kube-system/coredns ConfigMap, keeping only the Corefile)."""

from __future__ import annotations

import re

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import NSA

# Corefile plugins that answer or rewrite names instead of resolving them.
COREDNS_TAMPERING = re.compile(r"^\s*(rewrite|template|hosts|file|erratic)\b", re.M)

MSG = Messages("kubernetes.coredns", {
    "coredns_tampered": ("Corefile uses {plugins}", "Corefile で {plugins} を使用しています"),
})


@check(id="k8s.coredns.not_tampered", resource_types=("k8s.coredns",), severity=Severity.MEDIUM,
       title=T("CoreDNS answers names only by resolving them", "CoreDNS が名前を解決によってのみ応答している"),
       description=T("rewrite, template, hosts or file plugins in the CoreDNS Corefile answer chosen names with chosen addresses: "
                     "a common way to redirect in-cluster traffic (DNS poisoning).",
                     "CoreDNS の Corefile の rewrite・template・hosts・file プラグインは、特定の名前に任意のアドレスを返します。"
                     "クラスタ内の通信を横取りする典型的な手口（DNS ポイズニング）です。"),
       remediation=T("Review the kube-system/coredns ConfigMap; remove entries nobody can account for and restrict who can change it.",
                     "kube-system/coredns の ConfigMap を確認し、説明のつかない設定を削除し、変更できる者を制限してください。"),
       frameworks={NSA: ["network.network-policies"]})
def coredns_not_tampered(r: Resource) -> Result:
    plugins = sorted(set(COREDNS_TAMPERING.findall(str(r.data.get("corefile") or ""))))
    return MSG.fail("coredns_tampered", plugins=plugins) if plugins else Result.ok()
