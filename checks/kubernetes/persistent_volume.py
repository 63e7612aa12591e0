"""Persistent volumes: host paths handed to whoever claims them."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import CIS, CIS10, NSA

MSG = Messages("kubernetes.persistent_volume", {
    "host_path_pv": ("hostPath {path}", "hostPath ボリューム: {path}"),
})


@check(id="k8s.persistent_volume.no_host_path", resource_types=("k8s.persistent_volume",), severity=Severity.HIGH,
       title=T("Persistent volumes are not host paths", "PersistentVolume が hostPath ではない"),
       description=T("A hostPath persistent volume gives any pod that claims it the node's file system, outside Pod Security's hostPath rule.",
                     "hostPath の PersistentVolume は、要求した任意の Pod に、Pod Security の hostPath の制限外でノードのファイルシステムを与えます。"),
       remediation=T("Delete the volume and provision storage through a CSI storage class.",
                     "ボリュームを削除し、CSI のストレージクラスでストレージを用意してください。"),
       frameworks={CIS: ["5.1.9"], CIS10: ["5.1.9"], NSA: ["pod-security.enforcement"]})
def pv_no_host_path(r: Resource) -> Result:
    hp = (r.data.get("spec") or {}).get("hostPath")
    return MSG.fail("host_path_pv", path=(hp or {}).get("path")) if hp else Result.ok()
