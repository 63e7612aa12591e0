"""Nodes: the kubelet's version."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import NSA
from checks.kubernetes.versions import UPGRADING, version_result

MSG = Messages("kubernetes.node", {
    "no_kubelet_version": ("the node reports no kubelet version", "ノードが kubelet のバージョンを報告していません"),
})


@check(id="k8s.node.kubelet_version_supported", resource_types=("k8s.node",), severity=Severity.HIGH,
       title=T("Nodes run a supported kubelet version", "ノードがサポート期間内の kubelet を実行している"),
       description=T("A kubelet past its end of life receives no security fixes, and may be outside the supported skew to the API server.",
                     "サポート終了の kubelet にはセキュリティ修正が提供されず、API サーバーとのバージョン差の許容範囲外の可能性もあります。"),
       remediation=T("Upgrade or replace the node with one running a supported kubelet.",
                     "サポート期間内の kubelet を実行するノードへアップグレードまたは置き換えてください。"),
       frameworks={NSA: [UPGRADING]}, needs_inventory=True)
def kubelet_version(r: Resource, inventory: Inventory) -> Result:
    version = ((r.data.get("status") or {}).get("nodeInfo") or {}).get("kubeletVersion")
    if not version:
        return MSG.error("no_kubelet_version")
    return version_result(str(version), inventory.now)
