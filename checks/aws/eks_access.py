"""EKS access checks: node group SSH exposure, node AMI support, cluster authentication mode."""

from __future__ import annotations

from datetime import date

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

NG, CL = ("aws.eks.nodegroup",), ("aws.eks.cluster",)
# Managed node group AMI types → the date EKS stopped supporting them (Amazon Linux 2 AMIs:
# "Amazon EKS AL2 AMI end of support", 26 November 2025).
AMI_END_OF_SUPPORT = {
    "AL2_x86_64": date(2025, 11, 26), "AL2_x86_64_GPU": date(2025, 11, 26), "AL2_ARM_64": date(2025, 11, 26),
}

MSG = Messages("aws.eks_access", {
    "no_remote": ("no remote access configured", "リモートアクセスは設定されていません"),
    "ssh_open": ("SSH key {key} with no source security group: port 22 is open to 0.0.0.0/0",
                 "SSH キー {key} が送信元セキュリティグループなしで設定され、ポート 22 が 0.0.0.0/0 に開いています"),
    "ssh_restricted": ("SSH limited to security groups {groups}", "SSH はセキュリティグループ {groups} に制限されています"),
    "ami": ("AMI type {ami}", "AMI タイプ {ami}"),
    "ami_unsupported": ("AMI type {ami} is out of support since {end}", "AMI タイプ {ami} は {end} からサポート対象外です"),
    "no_scan_time": ("the scan time is unknown, so AMI type {ami} cannot be compared with its end of support ({end})",
                     "スキャン時刻が不明なため、AMI タイプ {ami} をサポート終了日 ({end}) と比較できません"),
    "config_map": ("authentication mode is CONFIG_MAP (aws-auth ConfigMap only)",
                   "認証モードが CONFIG_MAP（aws-auth ConfigMap のみ）です"),
})


@check(id="aws.eks.nodegroup_remote_access_restricted", resource_types=NG, severity=Severity.HIGH,
       title=T("EKS node group SSH access is not open to the internet", "EKS ノードグループの SSH アクセスがインターネットに開放されていない"),
       description=T("A node group with an SSH key and no source security group opens port 22 on every node to 0.0.0.0/0.",
                     "SSH キーを持ち送信元セキュリティグループのないノードグループは、全ノードのポート 22 を 0.0.0.0/0 に開放します。"),
       remediation=T("Recreate the node group without remote access (use SSM Session Manager), or with sourceSecurityGroups.",
                     "リモートアクセスなし（SSM Session Manager を使用）か、sourceSecurityGroups を指定してノードグループを作り直してください。"))
def nodegroup_remote_access_restricted(r: Resource) -> Result:
    need(r, "nodegroupName")
    remote = r.data.get("remoteAccess") or {}
    if not remote.get("ec2SshKey"):
        return MSG.ok("no_remote")
    groups = remote.get("sourceSecurityGroups") or []
    return MSG.ok("ssh_restricted", groups=groups) if groups else MSG.fail("ssh_open", key=remote["ec2SshKey"])


@check(id="aws.eks.nodegroup_ami_supported", resource_types=NG, severity=Severity.MEDIUM, needs_inventory=True,
       title=T("EKS node group uses a supported AMI type", "EKS ノードグループがサポート対象の AMI タイプを使用している"),
       description=T("Amazon Linux 2 node AMIs are out of EKS support: no new AMIs with security fixes are published for them.",
                     "Amazon Linux 2 のノード AMI は EKS のサポート対象外となり、セキュリティ修正を含む新しい AMI が提供されません。"),
       remediation=T("Move the node group to Amazon Linux 2023 or Bottlerocket AMI types (create a new node group and migrate).",
                     "ノードグループを Amazon Linux 2023 または Bottlerocket の AMI タイプに移行してください（新しいノードグループを作成して移行）。"))
def nodegroup_ami_supported(r: Resource, inventory: Inventory | None = None) -> Result:
    ami = str(need(r, "amiType") or "CUSTOM")
    end = AMI_END_OF_SUPPORT.get(ami)
    if end is None:
        return MSG.ok("ami", ami=ami)
    now = inventory.now if inventory is not None else None
    if now is None:
        return MSG.error("no_scan_time", ami=ami, end=end.isoformat())
    return MSG.fail("ami_unsupported", ami=ami, end=end.isoformat()) if end <= now.date() else MSG.ok("ami", ami=ami)


@check(id="aws.eks.cluster_uses_access_entries", resource_types=CL, severity=Severity.MEDIUM,
       title=T("EKS cluster authenticates with access entries", "EKS クラスターがアクセスエントリで認証する"),
       description=T("With CONFIG_MAP only, cluster access lives in the aws-auth ConfigMap, which anyone able to edit it can "
                     "change and which AWS APIs and CloudTrail cannot audit.",
                     "CONFIG_MAP のみの場合、クラスターへのアクセス権は aws-auth ConfigMap にあり、編集できる者なら誰でも変更でき、"
                     "AWS API や CloudTrail で監査できません。"),
       remediation=T("aws eks update-cluster-config --name <name> --access-config authenticationMode=API_AND_CONFIG_MAP, "
                     "then migrate the mappings to access entries and switch to API.",
                     "aws eks update-cluster-config --name <name> --access-config authenticationMode=API_AND_CONFIG_MAP を実行し、"
                     "マッピングをアクセスエントリに移してから API に切り替えてください。"))
def cluster_uses_access_entries(r: Resource) -> Result:
    need(r, "name")
    # Clusters created before access entries existed report no accessConfig: they are CONFIG_MAP.
    mode = (r.data.get("accessConfig") or {}).get("authenticationMode", "CONFIG_MAP")
    return MSG.fail("config_map") if mode == "CONFIG_MAP" else Result.ok()
