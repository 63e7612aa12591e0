"""The cluster itself: the API server's version."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, readable
from checks.common import T
from checks.kubernetes.podspec import NSA
from checks.kubernetes.versions import UPGRADING, version_result


@check(id="k8s.cluster.version_supported", resource_types=("k8s.cluster",), severity=Severity.HIGH,
       title=T("The API server runs a supported Kubernetes version", "API サーバーがサポート期間内の Kubernetes を実行している"),
       description=T("Minor versions past their end of life receive no security fixes.",
                     "サポート終了を迎えたマイナーバージョンにはセキュリティ修正が提供されません。"),
       remediation=T("Upgrade the control plane to a supported minor version (one minor at a time).",
                     "コントロールプレーンをサポート期間内のマイナーバージョンへ（1 つずつ）アップグレードしてください。"),
       frameworks={NSA: [UPGRADING]}, needs_inventory=True)
def cluster_version(r: Resource, inventory: Inventory) -> Result:
    v = readable(r.data.get("version"), "version") or {}
    git = str(v.get("gitVersion") or f"v{v.get('major', '')}.{v.get('minor', '')}")
    return version_result(git, inventory.now)
