"""Aurora and RDS DB cluster settings: encryption, deletion protection, IAM auth, resilience, backups, logs."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.rds.cluster_storage_encrypted', ("aws.rds.db_cluster",), 'StorageEncrypted',
    lambda v, r: bool(v),
    ('Aurora/RDS cluster storage is encrypted', 'Aurora/RDS クラスターのストレージが暗号化されている'),
    ("The DB cluster's storage, automated backups and snapshots are encrypted at rest with KMS.",
     'DB クラスターのストレージ・自動バックアップ・スナップショットが KMS で保存時に暗号化されていること。'),
    ('Encryption cannot be turned on in place: snapshot, copy the snapshot with a KMS key, restore and cut over.',
     '既存クラスターは暗号化を後から有効にできないため、スナップショットを KMS キーでコピーして復元し、切り替えてください。'),
    Severity.HIGH, ('RDS.27',)), __name__)

setting_check(Setting(
    'aws.rds.cluster_deletion_protection_enabled', ("aws.rds.db_cluster",), 'DeletionProtection',
    lambda v, r: bool(v),
    ('Aurora/RDS cluster has deletion protection', 'Aurora/RDS クラスターで削除保護が有効'),
    ('Deletion protection keeps the cluster from being deleted by a mistaken or malicious call.',
     '削除保護により、誤った操作や悪意ある呼び出しでクラスターが削除されるのを防ぎます。'),
    ('aws rds modify-db-cluster --db-cluster-identifier ID --deletion-protection',
     'aws rds modify-db-cluster --db-cluster-identifier ID --deletion-protection を実行してください。'),
    Severity.MEDIUM, ('RDS.7',)), __name__)

setting_check(Setting(
    'aws.rds.cluster_iam_authentication_enabled', ("aws.rds.db_cluster",), 'IAMDatabaseAuthenticationEnabled',
    lambda v, r: bool(v),
    ('Aurora/RDS cluster uses IAM database authentication', 'Aurora/RDS クラスターで IAM データベース認証が有効'),
    ('IAM authentication replaces long-lived database passwords with short-lived tokens.',
     'IAM 認証により、長期間有効なデータベースパスワードを短期間のトークンに置き換えます。'),
    ('aws rds modify-db-cluster --db-cluster-identifier ID --enable-iam-database-authentication',
     'aws rds modify-db-cluster --db-cluster-identifier ID --enable-iam-database-authentication を実行してください。'),
    Severity.MEDIUM, ('RDS.12',)), __name__)

setting_check(Setting(
    'aws.rds.cluster_multi_az', ("aws.rds.db_cluster",), 'MultiAZ',
    lambda v, r: bool(v),
    ('Aurora/RDS cluster spans several Availability Zones', 'Aurora/RDS クラスターが複数のアベイラビリティーゾーンにまたがる'),
    ('A cluster with instances in more than one Availability Zone survives the loss of one.',
     '複数のアベイラビリティーゾーンにインスタンスを持つクラスターは、1 つのゾーンの障害に耐えられます。'),
    ('Add a reader instance in another Availability Zone.',
     '別のアベイラビリティーゾーンにリーダーインスタンスを追加してください。'),
    Severity.LOW, ('RDS.15',)), __name__)

setting_check(Setting(
    'aws.rds.cluster_copies_tags_to_snapshots', ("aws.rds.db_cluster",), 'CopyTagsToSnapshot',
    lambda v, r: bool(v),
    ('Aurora/RDS cluster copies tags to snapshots', 'Aurora/RDS クラスターがタグをスナップショットにコピーする'),
    ("Snapshots without the cluster's tags escape the tag-based ownership and access rules.",
     'クラスターのタグがないスナップショットは、タグベースの所有者管理やアクセス制御から外れます。'),
    ('aws rds modify-db-cluster --db-cluster-identifier ID --copy-tags-to-snapshot',
     'aws rds modify-db-cluster --db-cluster-identifier ID --copy-tags-to-snapshot を実行してください。'),
    Severity.LOW, ('RDS.16',)), __name__)

setting_check(Setting(
    'aws.rds.cluster_backup_retention_7_days', ("aws.rds.db_cluster",), 'BackupRetentionPeriod',
    lambda v, r: int(v or 0) >= 7,
    ('Aurora/RDS cluster keeps automated backups for at least 7 days', 'Aurora/RDS クラスターが自動バックアップを 7 日以上保持する'),
    ('Seven days of point-in-time recovery give time to notice and undo damage.',
     '7 日間のポイントインタイムリカバリにより、被害に気づいて元に戻す時間を確保します。'),
    ('aws rds modify-db-cluster --db-cluster-identifier ID --backup-retention-period 7',
     'aws rds modify-db-cluster --db-cluster-identifier ID --backup-retention-period 7 を実行してください。'),
    Severity.MEDIUM, ()), __name__)

setting_check(Setting(
    'aws.rds.cluster_logs_exported', ("aws.rds.db_cluster",), 'EnabledCloudwatchLogsExports',
    lambda v, r: bool(v),
    ('Aurora/RDS cluster exports its logs to CloudWatch Logs', 'Aurora/RDS クラスターがログを CloudWatch Logs にエクスポートする'),
    ('Database logs (audit, error, slow query, postgresql) kept in CloudWatch Logs survive the instance and can be alarmed on.',
     'データベースのログ（監査・エラー・スロークエリ・postgresql）を CloudWatch Logs に保存すると、インスタンスがなくなっても残り、アラームを設定できます。'),
    ('aws rds modify-db-cluster --db-cluster-identifier ID --cloudwatch-logs-export-configuration EnableLogTypes=...',
     'aws rds modify-db-cluster --db-cluster-identifier ID --cloudwatch-logs-export-configuration EnableLogTypes=... を実行してください。'),
    Severity.LOW, ()), __name__)
