"""MemoryDB clusters: TLS, snapshots, upgrades."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.memorydb.cluster_tls_enabled', ("aws.memorydb.cluster",), 'TLSEnabled',
    lambda v, r: bool(v),
    ('MemoryDB cluster requires TLS', 'MemoryDB クラスターが TLS を必須にしている'),
    ('Without TLS, data and credentials cross the network in clear.',
     'TLS がないと、データと認証情報が平文でネットワークを通ります。'),
    ('TLS is chosen at creation: create a TLS cluster from a snapshot and cut over.',
     'TLS は作成時に決まるため、スナップショットから TLS 有効のクラスターを作成して切り替えてください。'),
    Severity.HIGH, ()), __name__)

setting_check(Setting(
    'aws.memorydb.cluster_snapshots_enabled', ("aws.memorydb.cluster",), 'SnapshotRetentionLimit',
    lambda v, r: int(v or 0) > 0,
    ('MemoryDB cluster takes automatic snapshots', 'MemoryDB クラスターが自動スナップショットを取得している'),
    ('Automatic snapshots let the data be restored after loss or tampering.',
     '自動スナップショットにより、消失や改ざんの後にデータを復元できます。'),
    ('aws memorydb update-cluster --snapshot-retention-limit 7',
     'aws memorydb update-cluster --snapshot-retention-limit 7 を実行してください。'),
    Severity.MEDIUM, ('MemoryDB.1',)), __name__)

setting_check(Setting(
    'aws.memorydb.cluster_auto_minor_version_upgrade', ("aws.memorydb.cluster",), 'AutoMinorVersionUpgrade',
    lambda v, r: bool(v),
    ('MemoryDB cluster takes minor version upgrades', 'MemoryDB クラスターがマイナーバージョンアップグレードを受け入れる'),
    ('Minor versions carry security fixes; automatic upgrades apply them in the maintenance window.',
     'マイナーバージョンにはセキュリティ修正が含まれ、自動アップグレードでメンテナンスウィンドウに適用されます。'),
    ('aws memorydb update-cluster --auto-minor-version-upgrade',
     'aws memorydb update-cluster --auto-minor-version-upgrade を実行してください。'),
    Severity.LOW, ('MemoryDB.2',)), __name__)
