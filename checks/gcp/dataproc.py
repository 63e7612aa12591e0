"""Dataproc cluster checks: disks encrypted with a customer-managed key, no external IP addresses."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need
from checks.common import T
from checks.gcp.common import cis

CLUSTER = ("gcp.dataproc.cluster",)

MSG = Messages("gcp.dataproc", {
    "google_managed": ("disks use Google-managed keys", "ディスクが Google 管理の鍵を使っています"),
    "external_ips": ("cluster VMs get external IP addresses", "クラスタの VM に外部 IP アドレスが割り当てられます"),
})


def _config(r: Resource) -> dict[str, Any]:
    config = need(r, "config")  # every Dataproc cluster document carries its config
    return config if isinstance(config, dict) else {}


@check(id="gcp.dataproc.cluster_cmek", resource_types=CLUSTER, severity=Severity.MEDIUM, frameworks=cis("1.17"),
       title=T("Dataproc cluster is encrypted with a customer-managed key",
               "Dataproc クラスタが顧客管理の鍵で暗号化されている"),
       description=T("A Cloud KMS key you control protects the cluster's persistent disks (and job arguments); "
                     "disabling it cuts off the data.",
                     "自身が管理する Cloud KMS 鍵がクラスタの永続ディスク（とジョブ引数）を保護し、鍵を無効化すればデータへの"
                     "アクセスを遮断できます。"),
       remediation=T("Recreate the cluster with --gce-pd-kms-key=projects/…/cryptoKeys/KEY (and --kms-key).",
                     "--gce-pd-kms-key=projects/…/cryptoKeys/KEY（と --kms-key）を指定してクラスタを作成し直してください。"))
def cluster_cmek(r: Resource) -> Result:
    enc = _config(r).get("encryptionConfig") or {}
    return Result.ok() if enc.get("gcePdKmsKeyName") or enc.get("kmsKey") else MSG.fail("google_managed")


@check(id="gcp.dataproc.cluster_internal_ip_only", resource_types=CLUSTER, severity=Severity.MEDIUM,
       title=T("Dataproc cluster VMs have internal IP addresses only", "Dataproc クラスタの VM が内部 IP アドレスのみを持つ"),
       description=T("Cluster nodes with external IPs expose Hadoop and Spark web interfaces and SSH to the "
                     "Internet.",
                     "外部 IP を持つクラスタノードは、Hadoop・Spark の Web インターフェースと SSH をインターネットにさらします。"),
       remediation=T("Recreate the cluster with --no-address (Private Google Access on the subnet).",
                     "--no-address を指定してクラスタを作成し直してください（サブネットで限定公開の Google アクセスを有効に）。"))
def cluster_internal_ip_only(r: Resource) -> Result:
    internal = (_config(r).get("gceClusterConfig") or {}).get("internalIpOnly")
    return Result.ok() if internal else MSG.fail("external_ips")
