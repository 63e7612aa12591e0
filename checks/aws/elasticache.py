"""ElastiCache settings: encryption at rest and in transit, authentication, failover, backups."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.elasticache.replication_group_encrypted_at_rest', ("aws.elasticache.replication_group",), 'AtRestEncryptionEnabled',
    lambda v, r: bool(v),
    ('ElastiCache replication group is encrypted at rest', 'ElastiCache レプリケーショングループが保存時に暗号化されている'),
    ('Data on disk during sync, backups and swap is encrypted.',
     '同期・バックアップ・スワップ時のディスク上のデータが暗号化されていること。'),
    ('Encryption at rest is chosen at creation: create an encrypted group from a backup and cut over.',
     '保存時の暗号化は作成時に決まるため、バックアップから暗号化したグループを作成して切り替えてください。'),
    Severity.MEDIUM, ('ElastiCache.4',)), __name__)

setting_check(Setting(
    'aws.elasticache.replication_group_encrypted_in_transit', ("aws.elasticache.replication_group",), 'TransitEncryptionEnabled',
    lambda v, r: bool(v),
    ('ElastiCache replication group encrypts traffic in transit', 'ElastiCache レプリケーショングループが通信を暗号化している'),
    ('Without TLS, cached data and AUTH tokens cross the network in clear.',
     'TLS がないと、キャッシュデータと AUTH トークンが平文でネットワークを通ります。'),
    ('Enable in-transit encryption (modify-replication-group --transit-encryption-enabled, mode preferred then required).',
     '転送中の暗号化を有効にしてください（modify-replication-group --transit-encryption-enabled、モードは preferred の後に required）。'),
    Severity.MEDIUM, ('ElastiCache.5',)), __name__)

setting_check(Setting(
    'aws.elasticache.replication_group_auth_enabled', ("aws.elasticache.replication_group",), 'AuthTokenEnabled',
    lambda v, r: bool(v) or bool(r.data.get("UserGroupIds")),
    ('ElastiCache replication group requires authentication', 'ElastiCache レプリケーショングループが認証を要求している'),
    ('Without an AUTH token or RBAC user group, anyone reaching the endpoint can read and write the cache.',
     'AUTH トークンや RBAC ユーザーグループがないと、エンドポイントに到達できる誰もがキャッシュを読み書きできます。'),
    ('Set an AUTH token or attach an RBAC user group.',
     'AUTH トークンを設定するか、RBAC ユーザーグループを関連付けてください。'),
    Severity.HIGH, ('ElastiCache.6',)), __name__)

setting_check(Setting(
    'aws.elasticache.replication_group_automatic_failover', ("aws.elasticache.replication_group",), 'AutomaticFailover',
    lambda v, r: str(v) == "enabled",
    ('ElastiCache replication group fails over automatically', 'ElastiCache レプリケーショングループが自動フェイルオーバーする'),
    ('Automatic failover promotes a replica when the primary fails.',
     '自動フェイルオーバーにより、プライマリの障害時にレプリカが昇格します。'),
    ('modify-replication-group --automatic-failover-enabled (with at least one replica).',
     'modify-replication-group --automatic-failover-enabled を実行してください（レプリカが 1 つ以上必要です）。'),
    Severity.LOW, ('ElastiCache.3',)), __name__)

setting_check(Setting(
    'aws.elasticache.replication_group_backups_enabled', ("aws.elasticache.replication_group",), 'SnapshotRetentionLimit',
    lambda v, r: int(v or 0) > 0,
    ('ElastiCache replication group takes automatic backups', 'ElastiCache レプリケーショングループが自動バックアップを取得している'),
    ('Automatic backups let the data be restored after loss or tampering.',
     '自動バックアップにより、消失や改ざんの後にデータを復元できます。'),
    ('Set SnapshotRetentionLimit to 1 or more (modify-replication-group --snapshot-retention-limit).',
     'SnapshotRetentionLimit を 1 以上にしてください（modify-replication-group --snapshot-retention-limit）。'),
    Severity.MEDIUM, ('ElastiCache.1',)), __name__)

setting_check(Setting(
    'aws.elasticache.cache_cluster_auto_minor_version_upgrade', ("aws.elasticache.cache_cluster",), 'AutoMinorVersionUpgrade',
    lambda v, r: bool(v),
    ('ElastiCache cluster takes minor version upgrades', 'ElastiCache クラスターがマイナーバージョンアップグレードを受け入れる'),
    ('Minor versions carry security fixes; automatic upgrades apply them in the maintenance window.',
     'マイナーバージョンにはセキュリティ修正が含まれ、自動アップグレードでメンテナンスウィンドウに適用されます。'),
    ('modify-cache-cluster --auto-minor-version-upgrade',
     'modify-cache-cluster --auto-minor-version-upgrade を実行してください。'),
    Severity.LOW, ('ElastiCache.2',)), __name__)

setting_check(Setting(
    'aws.elasticache.cache_cluster_not_in_default_subnet_group', ("aws.elasticache.cache_cluster",), 'CacheSubnetGroupName',
    lambda v, r: str(v or "default") != "default",
    ('ElastiCache cluster does not use the default subnet group', 'ElastiCache クラスターが既定のサブネットグループを使っていない'),
    ("The default subnet group spans the default VPC's public subnets.",
     '既定のサブネットグループは、デフォルト VPC のパブリックサブネットにまたがります。'),
    ('Create a subnet group of private subnets and recreate the cluster in it.',
     'プライベートサブネットのサブネットグループを作成し、そこにクラスターを作り直してください。'),
    Severity.MEDIUM, ('ElastiCache.7',)), __name__)
