"""EFS backups: the file system is in AWS Backup's automatic backups."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    "aws.efs.backup_policy_enabled", ("aws.efs.file_system",), "BackupPolicy",
    lambda v, r: str((v or {}).get("Status", "")) in ("ENABLED", "ENABLING"),
    ("EFS file system has automatic backups", "EFS ファイルシステムで自動バックアップが有効"),
    ("The file system's backup policy is on, so AWS Backup keeps daily recovery points.",
     "ファイルシステムのバックアップポリシーが有効で、AWS Backup が日次の復旧ポイントを保持すること。"),
    ("aws efs put-backup-policy --file-system-id ID --backup-policy Status=ENABLED",
     "aws efs put-backup-policy --file-system-id ID --backup-policy Status=ENABLED を実行してください。"),
    Severity.MEDIUM, ("EFS.7",)), __name__)
