"""AWS DataSync checks: task logging, and transport security of EFS, object storage and SMB locations."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.settings_common import Setting, setting_check, sub
from checks.common import T

MSG = Messages("aws.datasync", {
    "no_log_group": ("no CloudWatch log group", "CloudWatch ロググループがありません"),
    "log_off": ("log level is OFF", "ログレベルが OFF です"),
    "old_smb": ("SMB version {version} has no encryption in transit", "SMB バージョン {version} には転送中の暗号化がありません"),
    "negotiated": ("SMB version negotiated with the server", "SMB バージョンはサーバーとのネゴシエーションで決まります"),
})


@check(id="aws.datasync.task_logging_enabled", resource_types=("aws.datasync.task",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["DataSync.1"]},
       title=T("DataSync task logs to CloudWatch", "DataSync タスクが CloudWatch にログを送っている"),
       description=T("Without a log group (or with log level OFF) the files a task copied, skipped or failed on leave no record.",
                     "ロググループがない (またはログレベルが OFF の) 場合、タスクがコピー・スキップ・失敗したファイルの記録が残りません。"),
       remediation=T("Set CloudWatchLogGroupArn and Options.LogLevel BASIC or TRANSFER on the task (update-task).",
                     "タスクに CloudWatchLogGroupArn と Options.LogLevel (BASIC または TRANSFER) を設定してください (update-task)。"))
def task_logging_enabled(r: Resource) -> Result:
    if not need(r, "CloudWatchLogGroupArn"):
        return MSG.fail("no_log_group")
    return MSG.fail("log_off") if sub("LogLevel")(need(r, "Options")) == "OFF" else Result.ok()


setting_check(Setting(
    "aws.datasync.efs_location_encrypted_in_transit", ("aws.datasync.efs_location",), "InTransitEncryption",
    lambda v, r: v == "TLS1_2",
    ("DataSync EFS location encrypts traffic with TLS", "DataSync の EFS ロケーションが TLS で通信を暗号化している"),
    ("With InTransitEncryption NONE, DataSync mounts the file system over plain NFS and the data crosses the network unencrypted.",
     "InTransitEncryption が NONE だと DataSync は平文の NFS でマウントし、データが暗号化されずにネットワークを通ります。"),
    ("Recreate the location with InTransitEncryption TLS1_2 (create-location-efs) and point the tasks at it.",
     "InTransitEncryption を TLS1_2 にしてロケーションを作り直し (create-location-efs)、タスクをそれに向けてください。"),
    Severity.MEDIUM, shows=lambda v: v or "NONE"), __name__)

setting_check(Setting(
    "aws.datasync.object_storage_location_uses_https", ("aws.datasync.object_storage_location",), "ServerProtocol",
    lambda v, r: v == "HTTPS",
    ("DataSync object storage location uses HTTPS", "DataSync のオブジェクトストレージロケーションが HTTPS を使っている"),
    ("An object storage location over HTTP sends the access key signature and every object in clear.",
     "HTTP のオブジェクトストレージロケーションは、アクセスキーの署名とすべてのオブジェクトを平文で送ります。"),
    ("Set ServerProtocol HTTPS (update-location-object-storage, with the server's certificate if it is private).",
     "ServerProtocol を HTTPS にしてください (update-location-object-storage、プライベート証明書ならその証明書も)。"),
    Severity.MEDIUM, shows=lambda v: v or "HTTPS"), __name__)


@check(id="aws.datasync.smb_location_encrypted_protocol", resource_types=("aws.datasync.smb_location",), severity=Severity.MEDIUM,
       title=T("DataSync SMB location does not pin an SMB version without encryption",
               "DataSync の SMB ロケーションが暗号化のない SMB バージョンに固定されていない"),
       description=T("SMB 1 and SMB 2 carry no encryption in transit; pinning them sends the files in clear.",
                     "SMB 1 と SMB 2 には転送中の暗号化がなく、それらに固定するとファイルが平文で送られます。"),
       remediation=T("Set MountOptions.Version to SMB3 (or AUTOMATIC with an SMB 3 server) with update-location-smb.",
                     "update-location-smb で MountOptions.Version を SMB3 (または SMB 3 サーバーなら AUTOMATIC) にしてください。"))
def smb_location_encrypted_protocol(r: Resource) -> Result:
    version = sub("Version", "AUTOMATIC")(need(r, "MountOptions"))
    if version in ("SMB1", "SMB2", "SMB2_0"):
        return MSG.fail("old_smb", version=version)
    return MSG.ok("negotiated") if version == "AUTOMATIC" else Result.ok()
