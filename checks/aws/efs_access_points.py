"""EFS checks on how clients reach the data: access points enforcing a root directory and a user
identity, mount targets kept out of subnets that give instances public addresses, and the file
system's key."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.cmk_common import KMS_KEY, cmk_result
from checks.common import T

AP = ("aws.efs.access_point",)
SUBNET = "aws.vpc.subnet"

MSG = Messages("aws.efs_access_points", {
    "root": ("the access point exposes the file system's root directory", "アクセスポイントがファイルシステムのルートディレクトリを公開しています"),
    "no_user": ("the access point does not enforce a POSIX user", "アクセスポイントが POSIX ユーザーを強制していません"),
    "public_subnets": ("mount targets in subnets that assign public IPs: {subnets}",
                       "パブリック IP を割り当てるサブネットにマウントターゲットがあります: {subnets}"),
    "unknown_subnets": ("mount-target subnets not collected: {subnets}", "マウントターゲットのサブネットが収集されていません: {subnets}"),
    "unencrypted": ("the file system is not encrypted at rest", "ファイルシステムが保存時に暗号化されていません"),
})


@check(id="aws.efs.access_point_enforces_root_directory", resource_types=AP, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EFS.3"]},
       title=T("EFS access point enforces a root directory", "EFS アクセスポイントがルートディレクトリを強制している"),
       description=T("An access point rooted at / gives every client that mounts through it the whole file system "
                     "instead of its own directory.",
                     "/ をルートとするアクセスポイントでは、それを通じてマウントするすべてのクライアントが自分のディレクトリでは"
                     "なくファイルシステム全体にアクセスできます。"),
       remediation=T("Recreate the access point with RootDirectory.Path set to the application's directory.",
                     "RootDirectory.Path にアプリケーションのディレクトリを指定してアクセスポイントを作り直してください。"))
def access_point_enforces_root_directory(r: Resource) -> Result:
    need(r, "AccessPointId")
    path = (r.data.get("RootDirectory") or {}).get("Path") or "/"
    return MSG.fail("root") if path.rstrip("/") == "" else Result.ok()


@check(id="aws.efs.access_point_enforces_user_identity", resource_types=AP, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EFS.4"]},
       title=T("EFS access point enforces a user identity", "EFS アクセスポイントがユーザー ID を強制している"),
       description=T("Without a POSIX user, clients act with whatever UID and GID they claim, root included.",
                     "POSIX ユーザーがないと、クライアントは root を含め自分が名乗る UID・GID で操作します。"),
       remediation=T("Recreate the access point with a PosixUser (Uid, Gid).", "PosixUser (Uid, Gid) を指定してアクセスポイントを作り直してください。"))
def access_point_enforces_user_identity(r: Resource) -> Result:
    need(r, "AccessPointId")
    return Result.ok() if r.data.get("PosixUser") else MSG.fail("no_user")


@check(id="aws.efs.mount_targets_not_in_public_subnets", resource_types=("aws.efs.file_system",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EFS.6"]}, needs_inventory=True, inputs=(SUBNET,),
       title=T("EFS mount targets are not in subnets that assign public IP addresses",
               "EFS マウントターゲットがパブリック IP を割り当てるサブネットにない"),
       description=T("A mount target in a public subnet sits next to internet-facing instances, one security group "
                     "away from exposing NFS.",
                     "パブリックサブネットのマウントターゲットはインターネットに面したインスタンスの隣にあり、セキュリティグループ "
                     "1 つで NFS が公開されます。"),
       remediation=T("Delete the mount targets in public subnets and create them in private subnets of the same zones.",
                     "パブリックサブネットのマウントターゲットを削除し、同じゾーンのプライベートサブネットに作成してください。"))
def mount_targets_not_in_public_subnets(r: Resource, inventory: Inventory | None = None) -> Result:
    subnets = need(r, "_mount_target_subnets") or []
    known = {s.data.get("SubnetId"): s for s in (inventory.in_account("aws", r.account, SUBNET) if inventory else [])
             if s.region == r.region}
    unknown = [s for s in subnets if s not in known]
    if unknown:
        return MSG.error("unknown_subnets", subnets=unknown)
    public = [s for s in subnets if known[s].data.get("MapPublicIpOnLaunch")]
    return MSG.fail("public_subnets", subnets=public) if public else Result.ok()


@check(id="aws.efs.file_system_encrypted_with_cmk", resource_types=("aws.efs.file_system",), severity=Severity.LOW,
       needs_inventory=True, inputs=(KMS_KEY,),
       title=T("EFS file system is encrypted with a customer managed KMS key", "EFS ファイルシステムが顧客管理 KMS キーで暗号化されている"),
       description=T("With the AWS managed key aws/elasticfilesystem no key policy limits, audits or revokes who can "
                     "decrypt the file data.",
                     "AWS 管理キー aws/elasticfilesystem では、ファイルデータを復号できる者をキーポリシーで制限・監査・取り消し"
                     "できません。"),
       remediation=T("The key is chosen at creation: replicate the file system to one created with a customer managed "
                     "KmsKeyId and cut over.",
                     "キーは作成時に決まるため、顧客管理キーの KmsKeyId で作成したファイルシステムへレプリケートして切り替えて"
                     "ください。"))
def file_system_encrypted_with_cmk(r: Resource, inventory: Inventory | None = None) -> Result:
    if not need(r, "Encrypted"):
        return MSG.fail("unencrypted")
    return cmk_result(r.data.get("KmsKeyId"), r, inventory)
