"""kube-proxy (CIS Kubernetes 1.10 section 4.3), from its kube-system/kube-proxy ConfigMap (the
collector keeps only its ``config.conf``, a KubeProxyConfiguration)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.common import T
from checks.kubernetes.podspec import CIS10, NSA

LOCAL = ("127.0.0.1", "localhost", "[::1]", "::1")

MSG = Messages("kubernetes.kube_proxy", {
    "metrics_bind": ("metricsBindAddress: {address}", "metricsBindAddress の値は {address} です"),
})


@check(id="k8s.kube_proxy.metrics_bound_to_localhost", resource_types=("k8s.kube_proxy",), severity=Severity.MEDIUM,
       title=T("kube-proxy serves metrics on localhost only", "kube-proxy がメトリクスを localhost のみで提供している"),
       description=T("Bound to all addresses, kube-proxy's metrics endpoint (10249) tells anyone on the network about the node's services "
                     "and endpoints.",
                     "全アドレスで待ち受けると、kube-proxy のメトリクス（10249）がネットワーク上の誰にでもノードの Service や"
                     "エンドポイントの情報を与えます。"),
       remediation=T("Set metricsBindAddress to 127.0.0.1:10249 (or remove it) in the kube-system/kube-proxy ConfigMap and restart kube-proxy.",
                     "kube-system/kube-proxy の ConfigMap で metricsBindAddress を 127.0.0.1:10249 にする（または削除する）うえで、"
                     "kube-proxy を再起動してください。"),
       frameworks={CIS10: ["4.3.1"], NSA: ["network.worker-node-segmentation"]})
def metrics_bound_to_localhost(r: Resource) -> Result:
    config = readable(r.data.get("config"), "kube-proxy configuration") or {}
    address = str(config.get("metricsBindAddress") or "127.0.0.1:10249")  # unset or empty: the default
    host = address.rsplit(":", 1)[0] if address.count(":") == 1 or address.startswith("[") else address
    return MSG.ok("metrics_bind", address=address) if host in LOCAL else MSG.fail("metrics_bind", address=address)
