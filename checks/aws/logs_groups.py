"""CloudWatch Logs log groups: kept long enough, and encrypted with a KMS key."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

MSG = Messages("aws.logs_groups", {
    "forever": ("events never expire", "イベントは無期限に保持されます"),
    "retention": ("events kept {days} days", "イベントの保持期間は {days} 日です"),
    "no_kms": ("no KMS key: the service's default encryption", "KMS キーがありません (サービス既定の暗号化)"),
})

MIN_RETENTION_DAYS = 365


@check(id="aws.logs.log_group_retention_365_days", resource_types=("aws.logs.log_group",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["CloudWatch.16"]},
       title=T("CloudWatch log group keeps events for at least 365 days", "CloudWatch ロググループがイベントを 365 日以上保持している"),
       description=T("Intrusions are often found months after they start; logs expired by then leave the "
                     "investigation without evidence.",
                     "侵入は開始から数か月後に発見されることが多く、その時点でログが失効していると調査の証拠がありません。"),
       remediation=T("aws logs put-retention-policy --log-group-name NAME --retention-in-days 365 (or more), or "
                     "export older events to S3.",
                     "aws logs put-retention-policy --log-group-name NAME --retention-in-days 365 (以上) を実行するか、古い"
                     "イベントを S3 にエクスポートしてください。"))
def log_group_retention_365_days(r: Resource) -> Result:
    days = need(r, "retentionInDays")
    if days is None:
        return MSG.ok("forever")
    return MSG.ok("retention", days=days) if int(days) >= MIN_RETENTION_DAYS else MSG.fail("retention", days=days)


@check(id="aws.logs.log_group_encrypted_with_kms", resource_types=("aws.logs.log_group",), severity=Severity.LOW,
       title=T("CloudWatch log group is encrypted with a KMS key", "CloudWatch ロググループが KMS キーで暗号化されている"),
       description=T("Logs often carry tokens, addresses and personal data; a customer managed key adds a key policy "
                     "and an audit trail of every decryption, and can be revoked.",
                     "ログにはトークン、アドレス、個人情報が含まれることが多く、カスタマー管理キーを使うとキーポリシーとすべての"
                     "復号の監査証跡が加わり、アクセスを取り消すこともできます。"),
       remediation=T("aws logs associate-kms-key --log-group-name NAME --kms-key-id KEY_ARN (the key policy must "
                     "allow logs.REGION.amazonaws.com).",
                     "aws logs associate-kms-key --log-group-name NAME --kms-key-id KEY_ARN を実行してください (キーポリシーで "
                     "logs.REGION.amazonaws.com を許可する必要があります)。"))
def log_group_encrypted_with_kms(r: Resource) -> Result:
    return Result.ok() if need(r, "kmsKeyId") else MSG.fail("no_kms")
