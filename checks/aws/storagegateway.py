"""AWS Storage Gateway checks: gateway logging and SMB security; file shares encrypted with a
customer managed key, NFS shares open to no client and squashing root, SMB shares without guest
access."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.cmk_common import KMS_KEY, cmk_result
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

GATEWAY = ("aws.storagegateway.gateway",)
NFS, SMB = ("aws.storagegateway.nfs_file_share",), ("aws.storagegateway.smb_file_share",)
OPEN_CLIENTS = frozenset({"0.0.0.0/0", "::/0"})

MSG = Messages("aws.storagegateway", {
    "s3_managed": ("objects are encrypted with S3 managed keys (KMSEncrypted false)",
                   "オブジェクトは S3 管理キーで暗号化されています (KMSEncrypted が false)"),
    "open_clients": ("any client may mount the share: {clients}", "どのクライアントも共有をマウントできます: {clients}"),
    "not_file_gateway": ("not a file gateway: no SMB settings", "ファイルゲートウェイではないため SMB 設定はありません"),
    "smb_strategy": ("SMB security strategy is {strategy}", "SMB セキュリティ戦略が {strategy} です"),
})

setting_check(Setting(
    "aws.storagegateway.gateway_logging_enabled", GATEWAY, "CloudWatchLogGroupARN", lambda v, r: bool(v),
    ("Storage Gateway sends its health and audit logs to CloudWatch", "Storage Gateway がヘルスログと監査ログを CloudWatch に送っている"),
    ("Without a log group, file share access audit logs and gateway health events are not kept anywhere.",
     "ロググループがないと、ファイル共有のアクセス監査ログとゲートウェイのヘルスイベントがどこにも残りません。"),
    ("Attach a CloudWatch log group to the gateway (update-gateway-information --cloud-watch-log-group-arn).",
     "ゲートウェイに CloudWatch ロググループを関連付けてください (update-gateway-information --cloud-watch-log-group-arn)。"),
    Severity.MEDIUM, shows=lambda v: v or "none"), __name__)

setting_check(Setting(
    "aws.storagegateway.nfs_share_squashes_root", NFS, "Squash", lambda v, r: v in ("RootSquash", "AllSquash"),
    ("Storage Gateway NFS share squashes root", "Storage Gateway の NFS 共有が root をスカッシュしている"),
    ("With NoSquash, a client's root user acts as root on the share and can read or replace any file.",
     "NoSquash だと、クライアントの root ユーザーが共有上でも root として振る舞い、どのファイルも読み取り・置換できます。"),
    ("Set Squash to RootSquash (or AllSquash) with update-nfs-file-share.",
     "update-nfs-file-share で Squash を RootSquash (または AllSquash) にしてください。"),
    Severity.MEDIUM), __name__)

setting_check(Setting(
    "aws.storagegateway.smb_share_no_guest_access", SMB, "Authentication", lambda v, r: v != "GuestAccess",
    ("Storage Gateway SMB share requires Active Directory authentication",
     "Storage Gateway の SMB 共有が Active Directory 認証を要求している"),
    ("GuestAccess shares are opened with one shared guest password, so nobody's access can be told apart or revoked.",
     "GuestAccess の共有は共通のゲストパスワード 1 つで開かれるため、利用者を区別することも個別に取り消すこともできません。"),
    ("Join the gateway to Active Directory and recreate the share with Authentication ActiveDirectory.",
     "ゲートウェイを Active Directory に参加させ、Authentication を ActiveDirectory にして共有を作り直してください。"),
    Severity.MEDIUM), __name__)


def _share_key(r: Resource, inventory: Inventory | None) -> Result:
    if not need(r, "KMSEncrypted"):
        return MSG.fail("s3_managed")
    return cmk_result(r.data.get("KMSKey"), r, inventory)


_CMK_TEXTS = dict(
    title=T("Storage Gateway file share encrypts objects with a customer managed KMS key",
            "Storage Gateway のファイル共有がオブジェクトを顧客管理 KMS キーで暗号化している"),
    description=T("Without KMSEncrypted the share writes objects with S3 managed keys; nobody can restrict, audit or "
                  "revoke decryption through a key policy.",
                  "KMSEncrypted がないと共有は S3 管理キーでオブジェクトを書き込み、キーポリシーで復号を制限・監査・"
                  "取り消しできません。"),
    remediation=T("Set KMSEncrypted true and KMSKey to a customer managed key (update-nfs-file-share / update-smb-file-share).",
                  "KMSEncrypted を true、KMSKey を顧客管理キーにしてください (update-nfs-file-share / update-smb-file-share)。"))


@check(id="aws.storagegateway.nfs_share_encrypted_with_cmk", resource_types=NFS, severity=Severity.LOW,
       needs_inventory=True, inputs=(KMS_KEY,), **_CMK_TEXTS)
def nfs_share_encrypted_with_cmk(r: Resource, inventory: Inventory | None = None) -> Result:
    return _share_key(r, inventory)


@check(id="aws.storagegateway.smb_share_encrypted_with_cmk", resource_types=SMB, severity=Severity.LOW,
       needs_inventory=True, inputs=(KMS_KEY,), **_CMK_TEXTS)
def smb_share_encrypted_with_cmk(r: Resource, inventory: Inventory | None = None) -> Result:
    return _share_key(r, inventory)


@check(id="aws.storagegateway.nfs_share_clients_restricted", resource_types=NFS, severity=Severity.HIGH,
       title=T("Storage Gateway NFS share is not open to every client", "Storage Gateway の NFS 共有がすべてのクライアントに開かれていない"),
       description=T("A client list of 0.0.0.0/0 (the default) lets any host that reaches the gateway mount the share; "
                     "NFS itself authenticates nobody.",
                     "クライアントリストが 0.0.0.0/0 (既定値) だと、ゲートウェイに到達できるどのホストも共有をマウントできます。"
                     "NFS 自体は誰も認証しません。"),
       remediation=T("Set ClientList to the CIDR ranges of the hosts that need the share (update-nfs-file-share).",
                     "ClientList を共有を使うホストの CIDR 範囲にしてください (update-nfs-file-share)。"))
def nfs_share_clients_restricted(r: Resource) -> Result:
    open_ = sorted(set(need(r, "ClientList") or []) & OPEN_CLIENTS)
    return MSG.fail("open_clients", clients=open_) if open_ else Result.ok()


@check(id="aws.storagegateway.gateway_smb_encryption_required", resource_types=GATEWAY, severity=Severity.MEDIUM,
       title=T("Storage Gateway requires SMB encryption", "Storage Gateway が SMB の暗号化を要求している"),
       description=T("With ClientSpecified or MandatorySigning, SMB clients may read and write the shares without encryption.",
                     "ClientSpecified や MandatorySigning では、SMB クライアントが暗号化なしで共有を読み書きできます。"),
       remediation=T("Set the SMB security strategy to MandatoryEncryption (update-smb-security-strategy).",
                     "SMB セキュリティ戦略を MandatoryEncryption にしてください (update-smb-security-strategy)。"))
def gateway_smb_encryption_required(r: Resource) -> Result:
    if "SMBSecurityStrategy" not in r.data and r.data.get("GatewayType") not in ("FILE_S3", "FILE_FSX_SMB"):
        return MSG.ok("not_file_gateway")
    strategy = need(r, "SMBSecurityStrategy")
    return Result.ok() if str(strategy).startswith("MandatoryEncryption") else \
        MSG.fail("smb_strategy", strategy=strategy)
