"""S3 Object Lock: objects cannot be deleted or overwritten for the retention period."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    "aws.s3.object_lock_enabled", ("aws.s3.bucket",), "ObjectLockConfiguration",
    lambda v, r: str((v or {}).get("ObjectLockEnabled", "")) == "Enabled",
    ("S3 bucket has Object Lock enabled", "S3 バケットでオブジェクトロックが有効"),
    ("Object Lock (write-once-read-many) keeps objects from being deleted or overwritten, the protection backups and "
     "logs need against ransomware and a compromised administrator.",
     "オブジェクトロック（WORM）により、オブジェクトの削除や上書きが防がれます。ランサムウェアや侵害された管理者からバックアップ"
     "やログを守るのに必要です。"),
    ("Enable Object Lock (aws s3api put-object-lock-configuration, versioning must be on) with a default retention.",
     "既定の保持期間を指定してオブジェクトロックを有効にしてください（aws s3api put-object-lock-configuration、バージョニングが必要）。"),
    Severity.LOW, ("S3.15",)), __name__)
