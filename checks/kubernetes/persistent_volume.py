"""Persistent volumes: host paths handed to whoever claims them."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.common import T
from checks.kubernetes.podspec import CIS, CIS10, NSA
from checks.kubernetes.storage_class import EBS

MSG = Messages("kubernetes.persistent_volume", {
    "host_path_pv": ("hostPath {path}", "hostPath ボリューム: {path}"),
    "not_ebs": ("not an EBS volume: encrypted at rest by its platform, or unknown",
                "EBS ボリュームではありません（基盤による保存時の暗号化、または不明）"),
    "static_ebs": ("static EBS volume: its encryption is the EBS volume's own (see the aws.ec2 checks)",
                   "静的な EBS ボリュームです。暗号化は EBS ボリューム自体の設定です（aws.ec2 のチェックを参照）"),
    "class_unencrypted": ("provisioned by storage class {storage_class} without encrypted: \"true\"",
                          "ストレージクラス {storage_class} により encrypted: \"true\" なしで作成されています"),
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


@check(id="k8s.persistent_volume.encrypted", resource_types=("k8s.persistent_volume",), severity=Severity.HIGH,
       title=T("EBS persistent volumes are encrypted", "EBS の PersistentVolume が暗号化されている"),
       description=T("A volume provisioned from an EBS storage class without encrypted: \"true\" holds the workload's data unencrypted at rest, "
                     "and in every snapshot of it.",
                     "encrypted: \"true\" のない EBS ストレージクラスから作成されたボリュームは、ワークロードのデータを保存時に暗号化せず、"
                     "そのスナップショットも同様です。"),
       remediation=T("Snapshot the volume, restore it encrypted (or migrate the data to a volume from an encrypting class) and delete the old one.",
                     "ボリュームのスナップショットを暗号化して復元する（または暗号化するクラスのボリュームへデータを移す）うえで、古いボリュームを削除してください。"),
       frameworks={NSA: ["network.encryption"]})
def pv_encrypted(r: Resource) -> Result:
    spec = r.data.get("spec") or {}
    ebs = "awsElasticBlockStore" in spec or (spec.get("csi") or {}).get("driver") in EBS
    if not ebs:
        return MSG.ok("not_ebs")
    sc = readable(r.data.get("_storage_class"), "storage classes")
    if not sc:
        return MSG.ok("static_ebs")
    if str((sc.get("parameters") or {}).get("encrypted", "")).lower() == "true":
        return Result.ok()
    return MSG.fail("class_unencrypted", storage_class=sc.get("name"))
