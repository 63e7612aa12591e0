"""Redshift cluster settings: public access, encryption, logging, snapshots, routing."""

from __future__ import annotations

from typing import Any

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


def _parameter(v: Any, name: str) -> str:
    return str((v or {}).get(name, "")).lower()


setting_check(Setting(
    'aws.redshift.cluster_requires_ssl', ("aws.redshift.cluster",), 'ClusterParameters',
    lambda v, r: _parameter(v, "require_ssl") == "true",
    ('Redshift cluster requires SSL connections', 'Redshift クラスターが SSL 接続を必須にしている'),
    ('With require_ssl false in its parameter group, clients may connect and exchange data in clear text.',
     'パラメータグループの require_ssl が false だと、クライアントが平文で接続しデータをやり取りできます。'),
    ('Set require_ssl to true in a custom parameter group attached to the cluster.',
     'クラスターにアタッチしたカスタムパラメータグループで require_ssl を true にしてください。'),
    Severity.MEDIUM, ('Redshift.2',), shows=lambda v: _parameter(v, "require_ssl") or "unset"), __name__)

setting_check(Setting(
    'aws.redshift.cluster_user_activity_logging_enabled', ("aws.redshift.cluster",), 'ClusterParameters',
    lambda v, r: _parameter(v, "enable_user_activity_logging") == "true",
    ('Redshift cluster logs user activity', 'Redshift クラスターがユーザーアクティビティをログに記録する'),
    ('The user activity log records each query before it runs; audit logging alone does not include it.',
     'ユーザーアクティビティログには実行前の各クエリが記録されます。監査ログだけでは含まれません。'),
    ('Set enable_user_activity_logging to true in the cluster\'s parameter group (with audit logging on).',
     'クラスターのパラメータグループで enable_user_activity_logging を true にしてください（監査ログも有効にすること）。'),
    Severity.LOW, shows=lambda v: _parameter(v, "enable_user_activity_logging") or "unset"), __name__)

setting_check(Setting(
    'aws.redshift.cluster_no_default_database_name', ("aws.redshift.cluster",), 'DBName',
    lambda v, r: str(v) != "dev",
    ('Redshift cluster does not use the default database name', 'Redshift クラスターが既定のデータベース名を使っていない'),
    ("'dev' is the database name every scripted attack tries first.",
     "'dev' はスクリプト化された攻撃が最初に試すデータベース名です。"),
    ('Create the cluster with another database name (it cannot be changed in place).',
     '別のデータベース名でクラスターを作成してください（後から変更できません）。'),
    Severity.LOW, ('Redshift.9',)), __name__)

setting_check(Setting(
    'aws.redshift.cluster_not_default_port', ("aws.redshift.cluster",), 'Endpoint',
    lambda v, r: int((v or {}).get("Port") or 5439) != 5439,
    ('Redshift cluster does not listen on the default port', 'Redshift クラスターが既定のポートで待ち受けていない'),
    ('Port 5439 is where scanners look for Redshift first.',
     'ポート 5439 は、スキャナーが最初に Redshift を探すポートです。'),
    ('aws redshift modify-cluster --cluster-identifier ID --port 15439 (and update security groups and clients).',
     'aws redshift modify-cluster --cluster-identifier ID --port 15439 を実行してください（セキュリティグループとクライアントも更新）。'),
    Severity.LOW, shows=lambda v: (v or {}).get("Port")), __name__)

setting_check(Setting(
    'aws.redshift.cluster_multi_az', ("aws.redshift.cluster",), 'MultiAZ',
    lambda v, r: str(v).lower() == "enabled",
    ('Redshift cluster is deployed across Availability Zones', 'Redshift クラスターが複数のアベイラビリティーゾーンにデプロイされている'),
    ('A Multi-AZ cluster keeps serving queries when one Availability Zone fails.',
     'マルチ AZ のクラスターは、1 つのアベイラビリティーゾーンに障害が起きてもクエリの処理を続けます。'),
    ('aws redshift modify-cluster --cluster-identifier ID --multi-az (RA3 node types).',
     'aws redshift modify-cluster --cluster-identifier ID --multi-az を実行してください（RA3 ノードタイプ）。'),
    Severity.LOW, ('Redshift.18',)), __name__)
