"""RDS instance settings beyond rds.py and rds_extra.py: monitoring, logs, admin user name, backup retention."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.rds.instance_enhanced_monitoring', ("aws.rds.db_instance",), 'MonitoringInterval',
    lambda v, r: int(v or 0) > 0,
    ('RDS instance has enhanced monitoring', 'RDS インスタンスで拡張モニタリングが有効'),
    ('Enhanced monitoring reports OS-level metrics an investigation needs.',
     '拡張モニタリングは、調査に必要な OS レベルのメトリクスを報告します。'),
    ('aws rds modify-db-instance --monitoring-interval 60 --monitoring-role-arn ROLE',
     'aws rds modify-db-instance --monitoring-interval 60 --monitoring-role-arn ROLE を実行してください。'),
    Severity.LOW, ('RDS.6',)), __name__)

setting_check(Setting(
    'aws.rds.instance_logs_exported', ("aws.rds.db_instance",), 'EnabledCloudwatchLogsExports',
    lambda v, r: bool(v) or bool(r.data.get("DBClusterIdentifier")),
    ('RDS instance exports its logs to CloudWatch Logs', 'RDS インスタンスがログを CloudWatch Logs にエクスポートする'),
    ('Database logs kept in CloudWatch Logs survive the instance and can be alarmed on (Aurora members export through their cluster).',
     'CloudWatch Logs のデータベースログはインスタンスがなくなっても残り、アラームを設定できます（Aurora のメンバーはクラスターで出力します）。'),
    ('aws rds modify-db-instance --cloudwatch-logs-export-configuration EnableLogTypes=...',
     'aws rds modify-db-instance --cloudwatch-logs-export-configuration EnableLogTypes=... を実行してください。'),
    Severity.LOW, ('RDS.9',)), __name__)

setting_check(Setting(
    'aws.rds.instance_no_default_admin_user', ("aws.rds.db_instance",), 'MasterUsername',
    lambda v, r: str(v).lower() not in ("admin", "postgres", "root", "sa", "administrator", "master", "user"),
    ('RDS instance does not use a default admin user name', 'RDS インスタンスが既定の管理者ユーザー名を使っていない'),
    ('Names like admin, postgres or sa are where every password guess starts.',
     'admin・postgres・sa などの名前は、あらゆるパスワード推測が最初に試す名前です。'),
    ('Create the instance with another master user name (it cannot be changed in place).',
     '別のマスターユーザー名でインスタンスを作成してください（後から変更できません）。'),
    Severity.LOW, ('RDS.25',)), __name__)

setting_check(Setting(
    'aws.rds.instance_backup_retention_7_days', ("aws.rds.db_instance",), 'BackupRetentionPeriod',
    lambda v, r: int(v or 0) >= 7 or bool(r.data.get("DBClusterIdentifier")),
    ('RDS instance keeps automated backups for at least 7 days', 'RDS インスタンスが自動バックアップを 7 日以上保持する'),
    ("Seven days of point-in-time recovery give time to notice and undo damage (Aurora members keep their cluster's).",
     '7 日間のポイントインタイムリカバリにより、被害に気づいて元に戻す時間を確保します（Aurora のメンバーはクラスターの設定に従います）。'),
    ('aws rds modify-db-instance --backup-retention-period 7',
     'aws rds modify-db-instance --backup-retention-period 7 を実行してください。'),
    Severity.MEDIUM, ()), __name__)
