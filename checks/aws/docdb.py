"""DocumentDB cluster settings: encryption, backups, audit logs, deletion protection."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.docdb.cluster_storage_encrypted', ("aws.docdb.cluster",), 'StorageEncrypted',
    lambda v, r: bool(v),
    ('DocumentDB cluster is encrypted at rest', 'DocumentDB クラスターが保存時に暗号化されている'),
    ("The DocumentDB cluster's storage, backups and snapshots are encrypted with KMS.",
     'DocumentDB クラスターのストレージ・バックアップ・スナップショットが KMS で暗号化されていること。'),
    ('Encryption is chosen at creation: restore a snapshot into a new encrypted cluster and cut over.',
     '暗号化は作成時に決まるため、スナップショットを暗号化した新しいクラスターに復元して切り替えてください。'),
    Severity.HIGH, ('DocumentDB.1',)), __name__)

setting_check(Setting(
    'aws.docdb.cluster_backup_retention_7_days', ("aws.docdb.cluster",), 'BackupRetentionPeriod',
    lambda v, r: int(v or 0) >= 7,
    ('DocumentDB cluster keeps backups for at least 7 days', 'DocumentDB クラスターがバックアップを 7 日以上保持する'),
    ('Seven days of point-in-time recovery give time to notice and undo damage.',
     '7 日間のポイントインタイムリカバリにより、被害に気づいて元に戻す時間を確保します。'),
    ('Modify the cluster with --backup-retention-period 7 or more.',
     '--backup-retention-period を 7 以上にしてクラスターを変更してください。'),
    Severity.MEDIUM, ('DocumentDB.2',)), __name__)

setting_check(Setting(
    'aws.docdb.cluster_audit_logs_exported', ("aws.docdb.cluster",), 'EnabledCloudwatchLogsExports',
    lambda v, r: "audit" in (v or []),
    ('DocumentDB cluster exports audit logs to CloudWatch Logs', 'DocumentDB クラスターが監査ログを CloudWatch Logs にエクスポートする'),
    ('The DocumentDB audit log records who connected and what they ran.',
     'DocumentDB の監査ログには、誰が接続し何を実行したかが記録されます。'),
    ("Enable the 'audit' log export (and the audit_logs / neptune_enable_audit_log parameter).",
     "'audit' ログのエクスポート（および audit_logs / neptune_enable_audit_log パラメータ）を有効にしてください。"),
    Severity.MEDIUM, ('DocumentDB.4',)), __name__)

setting_check(Setting(
    'aws.docdb.cluster_deletion_protection_enabled', ("aws.docdb.cluster",), 'DeletionProtection',
    lambda v, r: bool(v),
    ('DocumentDB cluster has deletion protection', 'DocumentDB クラスターで削除保護が有効'),
    ('Deletion protection keeps the cluster from being deleted by a mistaken or malicious call.',
     '削除保護により、誤った操作や悪意ある呼び出しでクラスターが削除されるのを防ぎます。'),
    ('Modify the cluster with --deletion-protection.',
     '--deletion-protection を指定してクラスターを変更してください。'),
    Severity.MEDIUM, ('DocumentDB.5',)), __name__)
