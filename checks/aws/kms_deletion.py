"""KMS keys: not scheduled for deletion."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.kms.key_not_pending_deletion', ("aws.kms.key",), 'KeyState',
    lambda v, r: str(v) != "PendingDeletion",
    ('KMS key is not scheduled for deletion', 'KMS キーが削除予定になっていない'),
    ('A key pending deletion makes every ciphertext under it unreadable when the waiting period ends.',
     '削除予定のキーは、待機期間の終了とともにそのキーで暗号化されたすべてのデータを読めなくします。'),
    ('If the key is still used: aws kms cancel-key-deletion --key-id KEY, then enable it.',
     'キーがまだ使われているなら aws kms cancel-key-deletion --key-id KEY を実行し、有効化してください。'),
    Severity.HIGH, ('KMS.3',)), __name__)
