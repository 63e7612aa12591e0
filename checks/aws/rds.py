"""RDS checks: public reachability, encryption at rest, backups, snapshot sharing."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._read import setting

DB = ("aws.rds.db_instance",)


@check(
    id="aws.rds.not_publicly_accessible", resource_types=DB, severity=Severity.HIGH,
    frameworks={"cis-aws-3.0": ["2.3.3"]},
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
    public, err = setting(db, "PubliclyAccessible")
    if err:
        return err
    return Result.fail("the instance is publicly accessible") if public else Result.ok()


@check(
    id="aws.rds.storage_encrypted", resource_types=DB, severity=Severity.MEDIUM,
    frameworks={"cis-aws-3.0": ["2.3.1"]},
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
    enc, err = setting(db, "StorageEncrypted")
    if err:
        return err
    return Result.ok() if enc else Result.fail("storage is not encrypted")


@check(
    id="aws.rds.backup_enabled", resource_types=DB, severity=Severity.MEDIUM,
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
    days, err = setting(db, "BackupRetentionPeriod")
    if err:
        return err
    return Result.ok(f"backups kept {days} day(s)") if (days or 0) > 0 else Result.fail("automated backups are off")


@check(
    id="aws.rds.snapshot_not_public", resource_types=("aws.rds.db_snapshot",), severity=Severity.CRITICAL,
    title={"en": "RDS snapshot is not public", "ja": "RDS スナップショットが公開されていない"},
    description={"en": "The manual DB snapshot's restore attribute does not include \"all\", so no other AWS "
                       "account can restore the database from it.",
                 "ja": "手動 DB スナップショットの restore 属性に \"all\" が含まれておらず、他の AWS アカウントが"
                       "そこからデータベースを復元できない。"},
    remediation={"en": "aws rds modify-db-snapshot-attribute --db-snapshot-identifier ID --attribute-name "
                       "restore --values-to-remove all",
                 "ja": "aws rds modify-db-snapshot-attribute --db-snapshot-identifier ID --attribute-name restore "
                       "--values-to-remove all を実行する。"},
)
def snapshot_not_public(snapshot: Resource) -> Result:
    allowed, err = setting(snapshot, "_restore_allowed")
    if err:
        return err
    if "all" in (allowed or []):
        return Result.fail("anyone can restore this snapshot")
    return Result.ok(f"shared with {len(allowed or [])} account(s)" if allowed else "not shared")
