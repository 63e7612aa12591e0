"""Amazon FSx file system checks: customer managed key, automatic backups, tags copied to
backups, Multi-AZ deployment and (Windows File Server) file access auditing.

Each file system has one configuration block for its type (``WindowsConfiguration``,
``LustreConfiguration``, ``OntapConfiguration``, ``OpenZFSConfiguration``); a check of a setting
a type does not have passes that type with the message saying why.
"""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.cmk_common import KMS_KEY, cmk_result
from checks.common import T

FS = ("aws.fsx.file_system",)
CONFIG = {"WINDOWS": "WindowsConfiguration", "LUSTRE": "LustreConfiguration", "ONTAP": "OntapConfiguration",
          "OPENZFS": "OpenZFSConfiguration"}
MULTI_AZ = {"WINDOWS": ("MULTI_AZ_1",), "ONTAP": ("MULTI_AZ_1", "MULTI_AZ_2"), "OPENZFS": ("MULTI_AZ_1",)}
MIN_BACKUP_DAYS = 7

MSG = Messages("aws.fsx", {
    "not_applicable": ("{type} file systems have no such setting", "{type} ファイルシステムにはこの設定がありません"),
    "scratch": ("scratch Lustre file systems keep no backups", "スクラッチの Lustre ファイルシステムはバックアップを保持しません"),
    "retention": ("automatic backups kept {days} day(s) (at least {min} expected)",
                  "自動バックアップの保持期間が {days} 日です ({min} 日以上が必要)"),
    "retention_ok": ("automatic backups kept {days} day(s)", "自動バックアップを {days} 日保持しています"),
    "copy_tags_off": ("tags are not copied to backups", "タグがバックアップにコピーされません"),
    "single_az": ("deployment type {deployment} is in one Availability Zone",
                  "デプロイタイプ {deployment} は単一のアベイラビリティーゾーンです"),
    "audit_off": ("file and share access auditing is off (file {file}, share {share})",
                  "ファイルと共有のアクセス監査が無効です (ファイル {file}、共有 {share})"),
})


def _config(r: Resource) -> tuple[str, dict[str, Any]]:
    kind = str(need(r, "FileSystemType"))
    block = r.data.get(CONFIG.get(kind, ""), {}) if kind in CONFIG else {}
    return kind, block if isinstance(block, dict) else {}


@check(id="aws.fsx.file_system_encrypted_with_cmk", resource_types=FS, severity=Severity.LOW, needs_inventory=True,
       inputs=(KMS_KEY,),
       title=T("FSx file system is encrypted with a customer managed KMS key",
               "FSx ファイルシステムが顧客管理 KMS キーで暗号化されている"),
       description=T("FSx always encrypts at rest; with the AWS managed key aws/fsx nobody can restrict, audit or "
                     "revoke who decrypts the file data through the key policy.",
                     "FSx は常に保存時に暗号化しますが、AWS 管理キー aws/fsx ではキーポリシーで復号できる者を制限・監査・"
                     "取り消しできません。"),
       remediation=T("The key is chosen at creation: restore a backup into a file system created with KmsKeyId set to "
                     "a customer managed key.",
                     "キーは作成時に決まるため、KmsKeyId に顧客管理キーを指定して作成したファイルシステムへバックアップから"
                     "復元してください。"))
def file_system_encrypted_with_cmk(r: Resource, inventory: Inventory | None = None) -> Result:
    kind, _ = _config(r)
    if kind == "LUSTRE" and not r.data.get("KmsKeyId"):
        return MSG.ok("scratch")  # scratch Lustre: encrypted with keys FSx manages, no KMS key to choose
    return cmk_result(r.data.get("KmsKeyId"), r, inventory)


@check(id="aws.fsx.file_system_automatic_backups", resource_types=FS, severity=Severity.MEDIUM,
       title=T(f"FSx file system keeps automatic backups for at least {MIN_BACKUP_DAYS} days",
               f"FSx ファイルシステムが自動バックアップを {MIN_BACKUP_DAYS} 日以上保持している"),
       description=T("Daily automatic backups are the way back after deletion, corruption or ransomware; a retention "
                     "of 0 turns them off.",
                     "日次の自動バックアップは削除・破損・ランサムウェアからの復旧手段です。保持期間 0 は無効を意味します。"),
       remediation=T("Set AutomaticBackupRetentionDays to 7 or more (update-file-system).",
                     "AutomaticBackupRetentionDays を 7 以上にしてください (update-file-system)。"))
def file_system_automatic_backups(r: Resource) -> Result:
    kind, block = _config(r)
    if kind == "LUSTRE" and str(block.get("DeploymentType", "")).startswith("SCRATCH"):
        return MSG.ok("scratch")
    days = int(need(block, "AutomaticBackupRetentionDays") or 0) if kind in CONFIG else 0
    if days < MIN_BACKUP_DAYS:
        return MSG.fail("retention", days=days, min=MIN_BACKUP_DAYS)
    return MSG.ok("retention_ok", days=days)


@check(id="aws.fsx.file_system_copies_tags_to_backups", resource_types=FS, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["FSx.1", "FSx.2"]},
       title=T("FSx file system copies its tags to backups", "FSx ファイルシステムがタグをバックアップにコピーしている"),
       description=T("Backups without the file system's tags escape the tag-based access policies, cost allocation and "
                     "retention rules that apply to it.",
                     "ファイルシステムのタグがないバックアップは、タグに基づくアクセスポリシー・コスト配分・保持ルールから"
                     "外れます。"),
       remediation=T("Set CopyTagsToBackups (and, for OpenZFS, CopyTagsToVolumes) to true (update-file-system).",
                     "CopyTagsToBackups (OpenZFS では CopyTagsToVolumes も) を true にしてください (update-file-system)。"))
def file_system_copies_tags_to_backups(r: Resource) -> Result:
    kind, block = _config(r)
    if kind not in ("LUSTRE", "OPENZFS", "WINDOWS"):
        return MSG.ok("not_applicable", type=kind)
    if kind == "LUSTRE" and str(block.get("DeploymentType", "")).startswith("SCRATCH"):
        return MSG.ok("scratch")
    keys = ("CopyTagsToBackups", "CopyTagsToVolumes") if kind == "OPENZFS" else ("CopyTagsToBackups",)
    return Result.ok() if all(block.get(k) is True for k in keys) else MSG.fail("copy_tags_off")


@check(id="aws.fsx.file_system_multi_az", resource_types=FS, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["FSx.3", "FSx.4", "FSx.5"]},
       title=T("FSx file system is deployed across Availability Zones", "FSx ファイルシステムが複数のアベイラビリティーゾーンに配置されている"),
       description=T("A single-AZ Windows, ONTAP or OpenZFS file system is unavailable while its zone is down.",
                     "単一 AZ の Windows・ONTAP・OpenZFS ファイルシステムは、そのゾーンの障害中は利用できません。"),
       remediation=T("The deployment type is chosen at creation: restore a backup into a MULTI_AZ file system.",
                     "デプロイタイプは作成時に決まるため、バックアップから MULTI_AZ のファイルシステムへ復元してください。"))
def file_system_multi_az(r: Resource) -> Result:
    kind, block = _config(r)
    if kind not in MULTI_AZ:
        return MSG.ok("not_applicable", type=kind)
    deployment = need(block, "DeploymentType")
    return Result.ok() if deployment in MULTI_AZ[kind] else MSG.fail("single_az", deployment=deployment)


@check(id="aws.fsx.windows_file_access_audited", resource_types=FS, severity=Severity.LOW,
       title=T("FSx for Windows File Server audits file and share access",
               "FSx for Windows File Server がファイルと共有へのアクセスを監査している"),
       description=T("Without file access auditing nobody can tell who read, changed or deleted files on the share.",
                     "ファイルアクセス監査がないと、共有上のファイルを誰が読み取り・変更・削除したか分かりません。"),
       remediation=T("Set AuditLogConfiguration FileAccessAuditLogLevel and FileShareAccessAuditLogLevel to "
                     "SUCCESS_AND_FAILURE (or FAILURE_ONLY) with a log destination.",
                     "AuditLogConfiguration の FileAccessAuditLogLevel と FileShareAccessAuditLogLevel を "
                     "SUCCESS_AND_FAILURE (または FAILURE_ONLY) にし、ログの送信先を設定してください。"))
def windows_file_access_audited(r: Resource) -> Result:
    kind, block = _config(r)
    if kind != "WINDOWS":
        return MSG.ok("not_applicable", type=kind)
    audit = block.get("AuditLogConfiguration") or {}
    file, share = audit.get("FileAccessAuditLogLevel", "DISABLED"), audit.get("FileShareAccessAuditLogLevel", "DISABLED")
    return MSG.fail("audit_off", file=file, share=share) if "DISABLED" in (file, share) else Result.ok()
