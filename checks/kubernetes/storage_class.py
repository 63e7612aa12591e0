"""Storage classes: encryption at rest of the volumes they provision (EBS, Azure Disk, GCE PD parameters)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import NSA

EBS = ("ebs.csi.aws.com", "kubernetes.io/aws-ebs")
PLATFORM_ENCRYPTED = ("disk.csi.azure.com", "kubernetes.io/azure-disk", "file.csi.azure.com", "pd.csi.storage.gke.io",
                      "kubernetes.io/gce-pd", "filestore.csi.storage.gke.io", "efs.csi.aws.com")
CMK_PARAMETERS = {"ebs.csi.aws.com": "kmsKeyId", "kubernetes.io/aws-ebs": "kmsKeyId", "disk.csi.azure.com": "diskEncryptionSetID",
                  "kubernetes.io/azure-disk": "diskEncryptionSetID", "pd.csi.storage.gke.io": "disk-encryption-kms-key"}

MSG = Messages("kubernetes.storage_class", {
    "not_ebs": ("provisioner {provisioner} encrypts at rest on its own", "プロビジョナー {provisioner} は保存時に自動で暗号化します"),
    "unknown_provisioner": ("provisioner {provisioner}: encryption not known", "プロビジョナー {provisioner}: 暗号化の有無は不明です"),
    "ebs_unencrypted": ("EBS volumes from this class are not encrypted (encrypted: {encrypted})",
                        "このクラスの EBS ボリュームは暗号化されません（encrypted: {encrypted}）"),
    "no_cmk": ("no customer-managed key ({parameter} not set)", "顧客管理キーが指定されていません（{parameter} 未設定）"),
})


def _provisioner(r: Resource) -> str:
    return str(r.data.get("provisioner") or "")


def _parameters(r: Resource) -> dict[str, Any]:
    return dict(r.data.get("parameters") or {})


@check(id="k8s.storage_class.encrypted", resource_types=("k8s.storage_class",), severity=Severity.HIGH,
       title=T("Storage classes create encrypted volumes", "ストレージクラスが暗号化されたボリュームを作成する"),
       description=T("EBS volumes are unencrypted unless the class sets encrypted: \"true\" (or the account enforces EBS encryption by default); "
                     "Azure Disk and GCE PD encrypt at rest on their own.",
                     "EBS ボリュームはクラスで encrypted: \"true\" を設定しない限り（またはアカウントで既定の暗号化を強制しない限り）暗号化されません。"
                     "Azure Disk と GCE PD は自動で保存時に暗号化されます。"),
       remediation=T("Set parameters.encrypted: \"true\" (and kmsKeyId) on EBS storage classes; recreate volumes that were made unencrypted.",
                     "EBS のストレージクラスに parameters.encrypted: \"true\"（と kmsKeyId）を設定し、暗号化なしで作られたボリュームは作り直してください。"),
       frameworks={NSA: ["network.encryption"]})
def storage_class_encrypted(r: Resource) -> Result:
    prov = _provisioner(r)
    if prov in EBS:
        value = str(_parameters(r).get("encrypted", "")).lower()
        return Result.ok() if value == "true" else MSG.fail("ebs_unencrypted", encrypted=value or "(unset)")
    if prov in PLATFORM_ENCRYPTED:
        return MSG.ok("not_ebs", provisioner=prov)
    return MSG.ok("unknown_provisioner", provisioner=prov)


@check(id="k8s.storage_class.customer_managed_key", resource_types=("k8s.storage_class",), severity=Severity.LOW,
       title=T("Storage classes encrypt with a customer-managed key", "ストレージクラスが顧客管理キーで暗号化する"),
       description=T("With a customer-managed key (KMS key, disk encryption set, Cloud KMS key) revoking the key makes the volumes unreadable "
                     "and its use is audited.",
                     "顧客管理キー（KMS キー、ディスク暗号化セット、Cloud KMS キー）なら、キーの無効化でボリュームを読めなくでき、利用も監査されます。"),
       remediation=T("Set kmsKeyId (EBS), diskEncryptionSetID (Azure Disk) or disk-encryption-kms-key (GCE PD) in the class parameters.",
                     "クラスの parameters に kmsKeyId（EBS）、diskEncryptionSetID（Azure Disk）、disk-encryption-kms-key（GCE PD）を設定してください。"),
       frameworks={NSA: ["network.encryption"]})
def storage_class_cmk(r: Resource) -> Result:
    prov = _provisioner(r)
    param = CMK_PARAMETERS.get(prov)
    if param is None:
        return MSG.ok("unknown_provisioner", provisioner=prov)
    return Result.ok() if _parameters(r).get(param) else MSG.fail("no_cmk", parameter=param)
