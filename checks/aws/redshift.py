"""Redshift cluster settings: public access, encryption, logging, snapshots, routing."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.redshift.cluster_not_publicly_accessible', ("aws.redshift.cluster",), 'PubliclyAccessible',
    lambda v, r: not v,
    ('Redshift cluster is not publicly accessible', 'Redshift クラスターがパブリックアクセス可能でない'),
    ('A publicly accessible cluster gets an internet-resolvable endpoint.',
     'パブリックアクセス可能なクラスターには、インターネットから解決できるエンドポイントが付きます。'),
    ('aws redshift modify-cluster --cluster-identifier ID --no-publicly-accessible',
     'aws redshift modify-cluster --cluster-identifier ID --no-publicly-accessible を実行してください。'),
    Severity.HIGH, ('Redshift.1',)), __name__)

setting_check(Setting(
    'aws.redshift.cluster_encrypted', ("aws.redshift.cluster",), 'Encrypted',
    lambda v, r: bool(v),
    ('Redshift cluster is encrypted at rest', 'Redshift クラスターが保存時に暗号化されている'),
    ('Data blocks, system metadata and snapshots are encrypted with KMS.',
     'データブロック・システムメタデータ・スナップショットが KMS で暗号化されていること。'),
    ('aws redshift modify-cluster --cluster-identifier ID --encrypted --kms-key-id KEY',
     'aws redshift modify-cluster --cluster-identifier ID --encrypted --kms-key-id KEY を実行してください。'),
    Severity.HIGH, ('Redshift.10',)), __name__)

setting_check(Setting(
    'aws.redshift.cluster_audit_logging_enabled', ("aws.redshift.cluster",), 'LoggingStatus',
    lambda v, r: bool((v or {}).get("LoggingEnabled")),
    ('Redshift cluster has audit logging on', 'Redshift クラスターで監査ログが有効'),
    ('Connection, user and user-activity logs record who did what in the warehouse.',
     '接続・ユーザー・ユーザーアクティビティのログには、ウェアハウスで誰が何をしたかが記録されます。'),
    ('aws redshift enable-logging --cluster-identifier ID --log-destination-type cloudwatch',
     'aws redshift enable-logging --cluster-identifier ID --log-destination-type cloudwatch を実行してください。'),
    Severity.MEDIUM, ('Redshift.4',)), __name__)

setting_check(Setting(
    'aws.redshift.cluster_automatic_snapshots_7_days', ("aws.redshift.cluster",), 'AutomatedSnapshotRetentionPeriod',
    lambda v, r: int(v or 0) >= 7,
    ('Redshift cluster keeps automatic snapshots for at least 7 days', 'Redshift クラスターが自動スナップショットを 7 日以上保持する'),
    ('Seven days of automatic snapshots give time to notice and undo damage.',
     '7 日間の自動スナップショットにより、被害に気づいて元に戻す時間を確保します。'),
    ('aws redshift modify-cluster --cluster-identifier ID --automated-snapshot-retention-period 7',
     'aws redshift modify-cluster --cluster-identifier ID --automated-snapshot-retention-period 7 を実行してください。'),
    Severity.MEDIUM, ('Redshift.3',)), __name__)

setting_check(Setting(
    'aws.redshift.cluster_enhanced_vpc_routing', ("aws.redshift.cluster",), 'EnhancedVpcRouting',
    lambda v, r: bool(v),
    ('Redshift cluster uses enhanced VPC routing', 'Redshift クラスターで拡張 VPC ルーティングが有効'),
    ('COPY and UNLOAD traffic then goes through the VPC, where security groups, endpoints and flow logs apply.',
     'COPY と UNLOAD の通信が VPC を経由し、セキュリティグループ・エンドポイント・フローログが適用されます。'),
    ('aws redshift modify-cluster --cluster-identifier ID --enhanced-vpc-routing',
     'aws redshift modify-cluster --cluster-identifier ID --enhanced-vpc-routing を実行してください。'),
    Severity.LOW, ('Redshift.7',)), __name__)

setting_check(Setting(
    'aws.redshift.cluster_no_default_admin_user', ("aws.redshift.cluster",), 'MasterUsername',
    lambda v, r: str(v) != "awsuser",
    ('Redshift cluster does not use the default admin user name', 'Redshift クラスターが既定の管理者ユーザー名を使っていない'),
    ("'awsuser' is the name every guess starts with.",
     "'awsuser' はあらゆる推測が最初に試す名前です。"),
    ('Create the cluster with another admin user name (it cannot be changed in place).',
     '別の管理者ユーザー名でクラスターを作成してください（後から変更できません）。'),
    Severity.LOW, ('Redshift.8',)), __name__)

setting_check(Setting(
    'aws.redshift.cluster_version_upgrade_allowed', ("aws.redshift.cluster",), 'AllowVersionUpgrade',
    lambda v, r: bool(v),
    ('Redshift cluster takes major version upgrades', 'Redshift クラスターがメジャーバージョンアップグレードを受け入れる'),
    ('Version upgrades bring security fixes in the maintenance window.',
     'バージョンアップグレードにより、メンテナンスウィンドウでセキュリティ修正が適用されます。'),
    ('aws redshift modify-cluster --cluster-identifier ID --allow-version-upgrade',
     'aws redshift modify-cluster --cluster-identifier ID --allow-version-upgrade を実行してください。'),
    Severity.LOW, ('Redshift.6',)), __name__)
