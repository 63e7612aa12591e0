"""Data Firehose delivery streams: encryption at rest (their own, or their source stream's), a
customer managed key, and error logging on every destination."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

MSG = Messages("aws.firehose", {
    "sse_off": ("server-side encryption is {status}", "サーバー側暗号化の状態は {status} です"),
    "source_plain": ("the source stream {stream} is not encrypted", "ソースストリーム {stream} は暗号化されていません"),
    "source_encrypted": ("the source stream {stream} is encrypted with KMS", "ソースストリーム {stream} は KMS で暗号化されています"),
    "source_unknown": ("the source stream {stream} is not in this scan", "ソースストリーム {stream} はこのスキャンに含まれていません"),
    "no_logging": ("destinations without error logging: {destinations}", "エラーログのない送信先: {destinations}"),
})


def _source_stream(r: Resource) -> str | None:
    src = readable(need(r, "Source"), "Source") or {}
    return ((src.get("KinesisStreamSourceDescription") or {}).get("KinesisStreamARN")) or None


@check(id="aws.firehose.delivery_stream_encrypted", resource_types=("aws.firehose.delivery_stream",),
       severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["DataFirehose.1"]}, needs_inventory=True,
       inputs=("aws.kinesis.stream",),
       title=T("Firehose delivery stream is encrypted at rest", "Firehose 配信ストリームが保存時に暗号化されている"),
       description=T("Records buffered by the delivery stream are encrypted: by its own server-side encryption or, for a "
                     "stream reading a Kinesis data stream, by that source stream's encryption.",
                     "配信ストリームがバッファするレコードが暗号化されていること（自身のサーバー側暗号化、または Kinesis "
                     "データストリームを読む場合はソースストリームの暗号化による）。"),
       remediation=T("aws firehose start-delivery-stream-encryption --delivery-stream-name NAME (or encrypt the source "
                     "Kinesis stream).",
                     "aws firehose start-delivery-stream-encryption --delivery-stream-name NAME を実行してください（または"
                     "ソースの Kinesis ストリームを暗号化してください）。"))
def delivery_stream_encrypted(r: Resource, inventory: Inventory | None = None) -> Result:
    source = _source_stream(r)
    if source:
        stream = inventory.get(source) if inventory is not None else None
        if stream is None:
            return MSG.error("source_unknown", stream=source)
        if need(stream, "EncryptionType") == "KMS":
            return MSG.ok("source_encrypted", stream=stream.name)
        return MSG.fail("source_plain", stream=stream.name)
    status = str((need(r, "DeliveryStreamEncryptionConfiguration") or {}).get("Status", "DISABLED"))
    return Result.ok() if status == "ENABLED" else MSG.fail("sse_off", status=status)


setting_check(Setting(
    "aws.firehose.delivery_stream_encrypted_with_cmk", ("aws.firehose.delivery_stream",),
    "DeliveryStreamEncryptionConfiguration",
    lambda v, r: (v or {}).get("Status") == "ENABLED" and (v or {}).get("KeyType") == "CUSTOMER_MANAGED_CMK",
    ("Firehose delivery stream is encrypted with a customer managed KMS key",
     "Firehose 配信ストリームがカスタマー管理の KMS キーで暗号化されている"),
    ("With your own key you control its policy, rotation and who may decrypt buffered records.",
     "独自のキーを使うと、キーポリシー・ローテーション・バッファされたレコードを復号できる人を自分で管理できます。"),
    ("Start encryption with KeyType CUSTOMER_MANAGED_CMK and your key's ARN.",
     "KeyType CUSTOMER_MANAGED_CMK と独自キーの ARN を指定して暗号化を開始してください。"),
    Severity.LOW, shows=lambda v: (v or {}).get("KeyType", "none")), __name__)


def _unlogged(destination: dict[str, Any]) -> bool:
    """A destination whose descriptions set CloudWatch error logging nowhere (or set it off)."""
    opts = [d["CloudWatchLoggingOptions"] for d in destination.values()
            if isinstance(d, dict) and isinstance(d.get("CloudWatchLoggingOptions"), dict)]
    return not any(o.get("Enabled") for o in opts)


@check(id="aws.firehose.delivery_stream_error_logging_enabled", resource_types=("aws.firehose.delivery_stream",),
       severity=Severity.LOW,
       title=T("Firehose delivery stream logs delivery errors", "Firehose 配信ストリームが配信エラーをログに記録する"),
       description=T("Every destination sends delivery and transformation errors to CloudWatch Logs, so failed or "
                     "dropped data is noticed.",
                     "すべての送信先が配信・変換のエラーを CloudWatch Logs に送り、失敗・欠落したデータに気づけること。"),
       remediation=T("Edit the delivery stream's destination settings and turn on error logging.",
                     "配信ストリームの送信先設定を編集し、エラーログを有効にしてください。"))
def delivery_stream_error_logging_enabled(r: Resource) -> Result:
    dests = readable(need(r, "Destinations"), "Destinations") or []
    bad = [str(d.get("DestinationId", "?")) for d in dests if isinstance(d, dict) and _unlogged(d)]
    return MSG.fail("no_logging", destinations=", ".join(bad)) if bad else Result.ok()
