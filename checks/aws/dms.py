"""DMS replication instances: public access, upgrades, Multi-AZ."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.dms.replication_instance_not_public', ("aws.dms.replication_instance",), 'PubliclyAccessible',
    lambda v, r: not v,
    ('DMS replication instance is not publicly accessible', 'DMS レプリケーションインスタンスがパブリックアクセス可能でない'),
    ('A public replication instance has an internet address next to the credentials of both databases.',
     'パブリックなレプリケーションインスタンスは、両方のデータベースの認証情報とともにインターネットアドレスを持ちます。'),
    ('Recreate the instance with PubliclyAccessible false (it cannot be changed in place).',
     'PubliclyAccessible を false にしてインスタンスを作り直してください（後から変更できません）。'),
    Severity.CRITICAL, ('DMS.1',)), __name__)

setting_check(Setting(
    'aws.dms.replication_instance_auto_minor_version_upgrade', ("aws.dms.replication_instance",), 'AutoMinorVersionUpgrade',
    lambda v, r: bool(v),
    ('DMS replication instance takes minor version upgrades', 'DMS レプリケーションインスタンスがマイナーバージョンアップグレードを受け入れる'),
    ('Minor versions carry security fixes; automatic upgrades apply them in the maintenance window.',
     'マイナーバージョンにはセキュリティ修正が含まれ、自動アップグレードでメンテナンスウィンドウに適用されます。'),
    ('aws dms modify-replication-instance --auto-minor-version-upgrade',
     'aws dms modify-replication-instance --auto-minor-version-upgrade を実行してください。'),
    Severity.LOW, ('DMS.6',)), __name__)

setting_check(Setting(
    'aws.dms.replication_instance_multi_az', ("aws.dms.replication_instance",), 'MultiAZ',
    lambda v, r: bool(v),
    ('DMS replication instance is Multi-AZ', 'DMS レプリケーションインスタンスがマルチ AZ'),
    ('A Multi-AZ instance keeps replicating through the loss of a zone.',
     'マルチ AZ のインスタンスは、ゾーンの障害中もレプリケーションを続けます。'),
    ('aws dms modify-replication-instance --multi-az',
     'aws dms modify-replication-instance --multi-az を実行してください。'),
    Severity.LOW, ()), __name__)
