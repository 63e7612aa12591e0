"""RDS, Aurora, DocumentDB and Neptune snapshots: encrypted at rest."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.rds.snapshot_encrypted', ("aws.rds.db_snapshot", "aws.rds.db_cluster_snapshot"), '_encrypted',
    lambda v, r: bool(v),
    ('RDS, Aurora, DocumentDB and Neptune snapshots are encrypted', 'RDS・Aurora・DocumentDB・Neptune のスナップショットが暗号化されている'),
    ('An unencrypted snapshot copied or shared is readable wherever it goes.',
     '暗号化されていないスナップショットは、コピーや共有先でそのまま読めます。'),
    ('Copy the snapshot with a KMS key (aws rds copy-db-snapshot --kms-key-id) and delete the unencrypted one.',
     'KMS キーを指定してスナップショットをコピーし（aws rds copy-db-snapshot --kms-key-id）、暗号化されていないものを削除してください。'),
    Severity.MEDIUM, ('RDS.4',)), __name__)
