"""Kinesis data streams: server-side encryption, a customer managed key, retention."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts, public_policy_result, public_texts
from checks.aws.settings_common import Setting, setting_check

AWS_MANAGED_KEY = "alias/aws/kinesis"

setting_check(Setting(
    "aws.kinesis.stream_encrypted", ("aws.kinesis.stream",), "EncryptionType",
    lambda v, r: v == "KMS",
    ("Kinesis stream is encrypted at rest", "Kinesis ストリームが保存時に暗号化されている"),
    ("Records are encrypted with a KMS key before they are written to the stream's storage.",
     "レコードがストリームのストレージに書き込まれる前に KMS キーで暗号化されていること。"),
    ("aws kinesis start-stream-encryption --stream-name NAME --encryption-type KMS --key-id KEY",
     "aws kinesis start-stream-encryption --stream-name NAME --encryption-type KMS --key-id KEY を実行してください。"),
    Severity.MEDIUM, ("Kinesis.1",)), __name__)

setting_check(Setting(
    "aws.kinesis.stream_encrypted_with_cmk", ("aws.kinesis.stream",), "EncryptionType",
    lambda v, r: v == "KMS" and str(r.data.get("KeyId") or AWS_MANAGED_KEY) not in (AWS_MANAGED_KEY, ""),
    ("Kinesis stream is encrypted with a customer managed KMS key", "Kinesis ストリームがカスタマー管理の KMS キーで暗号化されている"),
    ("With your own key you control its policy, rotation and who may decrypt the stream's records.",
     "独自のキーを使うと、キーポリシー・ローテーション・レコードを復号できる人を自分で管理できます。"),
    ("Re-encrypt the stream with a customer managed key (start-stream-encryption --key-id arn:aws:kms:...).",
     "カスタマー管理キーでストリームを暗号化し直してください（start-stream-encryption --key-id arn:aws:kms:...）。"),
    Severity.LOW, shows=lambda v: v), __name__)

setting_check(Setting(
    "aws.kinesis.stream_retention_7_days", ("aws.kinesis.stream",), "RetentionPeriodHours",
    lambda v, r: int(v or 0) >= 168,
    ("Kinesis stream keeps records for at least 7 days", "Kinesis ストリームがレコードを 7 日以上保持する"),
    ("The default 24 hours leaves little time to replay records after a consumer fails or is compromised.",
     "既定の 24 時間では、コンシューマーの障害や侵害の後にレコードを再処理する時間がほとんどありません。"),
    ("aws kinesis increase-stream-retention-period --stream-name NAME --retention-period-hours 168",
     "aws kinesis increase-stream-retention-period --stream-name NAME --retention-period-hours 168 を実行してください。"),
    Severity.LOW, ("Kinesis.3",)), __name__)


def _stream_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.kinesis.stream_policy_not_public", resource_types=("aws.kinesis.stream",), severity=Severity.HIGH,
       **public_texts("Kinesis stream", "Kinesis ストリーム"))
def stream_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_stream_policy(r))


@check(id="aws.kinesis.stream_not_shared_cross_account", resource_types=("aws.kinesis.stream",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("Kinesis stream", "Kinesis ストリーム"))
def stream_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_stream_policy(r), r, inventory)
