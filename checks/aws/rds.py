"""RDS checks: public reachability, encryption at rest, backups, snapshot sharing."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need

DB = ("aws.rds.db_instance",)

MSG = Messages("aws.rds", {
    "public": ("the instance is publicly accessible", "インスタンスがパブリックアクセス可能です"),
    "unencrypted": ("storage is not encrypted", "ストレージが暗号化されていません"),
    "backups": ("backups kept {days} day(s)", "バックアップを {days} 日間保持しています"),
    "no_backups": ("automated backups are off", "自動バックアップが無効です"),
    "snapshot_public": ("anyone can restore this snapshot", "誰でもこのスナップショットを復元できます"),
    "shared": ("shared with {count} account(s)", "{count} 個のアカウントと共有されています"),
    "not_shared": ("not shared", "共有されていません"),
})


@check(
    id="aws.rds.not_publicly_accessible", resource_types=DB, severity=Severity.HIGH,
    frameworks={"aws-fsbp": ["RDS.2"], "cis-aws-3.0": ["2.3.3"]},
    title={"en": "RDS instance is not publicly accessible", "ja": "RDS インスタンスがパブリックアクセス可能でない"},
    description={"en": "The DB instance has no public DNS address reachable from the internet "
                       "(PubliclyAccessible is false).",
                 "ja": "DB インスタンスにインターネットから到達できるパブリック DNS アドレスがない"
                       "（PubliclyAccessible が false）。"},
    remediation={"en": "aws rds modify-db-instance --db-instance-identifier ID --no-publicly-accessible "
                       "--apply-immediately",
                 "ja": "aws rds modify-db-instance --db-instance-identifier ID --no-publicly-accessible "
                       "--apply-immediately を実行する。"},
)
def not_publicly_accessible(db: Resource) -> Result:
    return MSG.fail("public") if need(db, "PubliclyAccessible") else Result.ok()


@check(
    id="aws.rds.storage_encrypted", resource_types=DB, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["RDS.3"], "cis-aws-3.0": ["2.3.1"]},
    title={"en": "RDS instance storage is encrypted", "ja": "RDS インスタンスのストレージが暗号化されている"},
    description={"en": "The DB instance's storage, backups, read replicas and snapshots are encrypted at rest "
                       "with KMS.",
                 "ja": "DB インスタンスのストレージ、バックアップ、リードレプリカ、スナップショットが KMS で"
                       "保存時に暗号化されている。"},
    remediation={"en": "Encryption cannot be switched on in place: snapshot the instance, copy the snapshot "
                       "with a KMS key, restore from the copy and cut over.",
                 "ja": "既存インスタンスの暗号化は後から有効にできないため、スナップショットを取得して KMS キーで"
                       "コピーし、そのコピーから復元して切り替える。"},
)
def storage_encrypted(db: Resource) -> Result:
    return Result.ok() if need(db, "StorageEncrypted") else MSG.fail("unencrypted")


@check(
    id="aws.rds.backup_enabled", frameworks={"aws-fsbp": ["RDS.11"]}, resource_types=DB, severity=Severity.MEDIUM,
    title={"en": "RDS instance has automated backups", "ja": "RDS インスタンスの自動バックアップが有効"},
    description={"en": "Automated backups are kept (BackupRetentionPeriod of at least one day), so the "
                       "database can be restored to a point in time.",
                 "ja": "自動バックアップが保持されており（BackupRetentionPeriod が 1 日以上）、データベースを特定の"
                       "時点に復元できる。"},
    remediation={"en": "aws rds modify-db-instance --db-instance-identifier ID --backup-retention-period 7",
                 "ja": "aws rds modify-db-instance --db-instance-identifier ID --backup-retention-period 7 を"
                       "実行する。"},
)
def backup_enabled(db: Resource) -> Result:
    days = need(db, "BackupRetentionPeriod")
    return MSG.ok("backups", days=days) if (days or 0) > 0 else MSG.fail("no_backups")


@check(
    id="aws.rds.snapshot_not_public", resource_types=("aws.rds.db_snapshot", "aws.rds.db_cluster_snapshot"),
    severity=Severity.CRITICAL, frameworks={"aws-fsbp": ["RDS.1"]},
    title={"en": "RDS snapshot is not public", "ja": "RDS スナップショットが公開されていない"},
    description={"en": "The manual DB snapshot's or DB cluster snapshot's (Aurora, DocumentDB, Neptune) restore "
                       "attribute does not include \"all\", so no other AWS account can restore the database from it.",
                 "ja": "手動 DB スナップショットまたは DB クラスタースナップショット（Aurora・DocumentDB・Neptune）の "
                       "restore 属性に \"all\" が含まれておらず、他の AWS アカウントがそこからデータベースを復元できない。"},
    remediation={"en": "aws rds modify-db-snapshot-attribute --db-snapshot-identifier ID (or "
                       "modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier ID) --attribute-name "
                       "restore --values-to-remove all",
                 "ja": "aws rds modify-db-snapshot-attribute --db-snapshot-identifier ID（クラスターの場合は "
                       "modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier ID）--attribute-name restore "
                       "--values-to-remove all を実行する。"},
)
def snapshot_not_public(snapshot: Resource) -> Result:
    allowed = need(snapshot, "_restore_allowed") or []
    if "all" in allowed:
        return MSG.fail("snapshot_public")
    return MSG.ok("shared", count=len(allowed)) if allowed else MSG.ok("not_shared")
