"""Neptune cluster settings: encryption, backups, audit logs, deletion protection, IAM auth, resilience."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.neptune.cluster_storage_encrypted', ("aws.neptune.cluster",), 'StorageEncrypted',
    lambda v, r: bool(v),
    ('Neptune cluster is encrypted at rest', 'Neptune クラスターが保存時に暗号化されている'),
    ("The Neptune cluster's storage, backups and snapshots are encrypted with KMS.",
     'Neptune クラスターのストレージ・バックアップ・スナップショットが KMS で暗号化されていること。'),
    ('Encryption is chosen at creation: restore a snapshot into a new encrypted cluster and cut over.',
     '暗号化は作成時に決まるため、スナップショットを暗号化した新しいクラスターに復元して切り替えてください。'),
    Severity.HIGH, ('Neptune.1',)), __name__)

setting_check(Setting(
    'aws.neptune.cluster_backup_retention_7_days', ("aws.neptune.cluster",), 'BackupRetentionPeriod',
    lambda v, r: int(v or 0) >= 7,
    ('Neptune cluster keeps backups for at least 7 days', 'Neptune クラスターがバックアップを 7 日以上保持する'),
    ('Seven days of point-in-time recovery give time to notice and undo damage.',
     '7 日間のポイントインタイムリカバリにより、被害に気づいて元に戻す時間を確保します。'),
    ('Modify the cluster with --backup-retention-period 7 or more.',
     '--backup-retention-period を 7 以上にしてクラスターを変更してください。'),
    Severity.MEDIUM, ('Neptune.5',)), __name__)

setting_check(Setting(
    'aws.neptune.cluster_audit_logs_exported', ("aws.neptune.cluster",), 'EnabledCloudwatchLogsExports',
    lambda v, r: "audit" in (v or []),
    ('Neptune cluster exports audit logs to CloudWatch Logs', 'Neptune クラスターが監査ログを CloudWatch Logs にエクスポートする'),
    ('The Neptune audit log records who connected and what they ran.',
     'Neptune の監査ログには、誰が接続し何を実行したかが記録されます。'),
    ("Enable the 'audit' log export (and the audit_logs / neptune_enable_audit_log parameter).",
     "'audit' ログのエクスポート（および audit_logs / neptune_enable_audit_log パラメータ）を有効にしてください。"),
    Severity.MEDIUM, ('Neptune.2',)), __name__)

setting_check(Setting(
    'aws.neptune.cluster_deletion_protection_enabled', ("aws.neptune.cluster",), 'DeletionProtection',
    lambda v, r: bool(v),
    ('Neptune cluster has deletion protection', 'Neptune クラスターで削除保護が有効'),
    ('Deletion protection keeps the cluster from being deleted by a mistaken or malicious call.',
     '削除保護により、誤った操作や悪意ある呼び出しでクラスターが削除されるのを防ぎます。'),
    ('Modify the cluster with --deletion-protection.',
     '--deletion-protection を指定してクラスターを変更してください。'),
    Severity.MEDIUM, ('Neptune.4',)), __name__)

setting_check(Setting(
    'aws.neptune.cluster_iam_authentication_enabled', ("aws.neptune.cluster",), 'IAMDatabaseAuthenticationEnabled',
    lambda v, r: bool(v),
    ('Neptune cluster uses IAM database authentication', 'Neptune クラスターで IAM データベース認証が有効'),
    ('Without IAM authentication anyone reaching the endpoint may query the graph.',
     'IAM 認証がないと、エンドポイントに到達できる誰もがグラフを照会できます。'),
    ('aws neptune modify-db-cluster --db-cluster-identifier ID --enable-iam-database-authentication',
     'aws neptune modify-db-cluster --db-cluster-identifier ID --enable-iam-database-authentication を実行してください。'),
    Severity.MEDIUM, ('Neptune.7',)), __name__)

setting_check(Setting(
    'aws.neptune.cluster_copies_tags_to_snapshots', ("aws.neptune.cluster",), 'CopyTagsToSnapshot',
    lambda v, r: bool(v),
    ('Neptune cluster copies tags to snapshots', 'Neptune クラスターがタグをスナップショットにコピーする'),
    ("Snapshots without the cluster's tags escape tag-based ownership and access rules.",
     'クラスターのタグがないスナップショットは、タグベースの所有者管理やアクセス制御から外れます。'),
    ('Modify the cluster with --copy-tags-to-snapshot.',
     '--copy-tags-to-snapshot を指定してクラスターを変更してください。'),
    Severity.LOW, ('Neptune.8',)), __name__)

setting_check(Setting(
    'aws.neptune.cluster_multi_az', ("aws.neptune.cluster",), 'MultiAZ',
    lambda v, r: bool(v),
    ('Neptune cluster spans several Availability Zones', 'Neptune クラスターが複数のアベイラビリティーゾーンにまたがる'),
    ('A cluster with instances in more than one Availability Zone survives the loss of one.',
     '複数のアベイラビリティーゾーンにインスタンスを持つクラスターは、1 つのゾーンの障害に耐えられます。'),
    ('Add a read replica in another Availability Zone.',
     '別のアベイラビリティーゾーンにリードレプリカを追加してください。'),
    Severity.LOW, ('Neptune.9',)), __name__)
