"""SQS queue checks beyond access and encryption: a dead-letter queue, a dead-letter queue that
outlives its messages' source, and a customer managed key."""

from __future__ import annotations

import json
from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.cmk_common import KMS_KEY, cmk_result
from checks.common import T

QUEUE = ("aws.sqs.queue",)

MSG = Messages("aws.sqs_dlq", {
    "no_dlq": ("no dead-letter queue (RedrivePolicy)", "デッドレターキュー (RedrivePolicy) がありません"),
    "is_dlq": ("the queue is the dead-letter queue of {sources}", "このキューは {sources} のデッドレターキューです"),
    "dlq": ("dead-letter queue {dlq}", "デッドレターキュー {dlq}"),
    "no_redrive": ("no dead-letter queue to compare", "比較するデッドレターキューがありません"),
    "dlq_unknown": ("dead-letter queue {dlq} was not collected", "デッドレターキュー {dlq} は収集されていません"),
    "shorter": ("dead-letter queue keeps messages {dlq_s} s, the source {src_s} s",
                "デッドレターキューの保持期間は {dlq_s} 秒、送信元は {src_s} 秒です"),
    "sse_sqs": ("encrypted with SQS managed keys (SSE-SQS), not a KMS key", "KMS キーではなく SQS 管理キー (SSE-SQS) で暗号化されています"),
})


def _attrs(r: Resource) -> dict[str, Any]:
    return need(r, "Attributes") or {}


def _target(r: Resource) -> str | None:
    raw = _attrs(r).get("RedrivePolicy")
    try:
        doc = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return None
    return str(doc.get("deadLetterTargetArn")) if isinstance(doc, dict) and doc.get("deadLetterTargetArn") else None


def _sources(r: Resource, inventory: Inventory | None) -> list[str]:
    queues = inventory.in_account("aws", r.account, QUEUE[0]) if inventory is not None else []
    return sorted(q.name for q in queues if q.id != r.id and isinstance(q.data.get("Attributes"), dict) and _target(q) == r.id)


@check(id="aws.sqs.queue_has_dead_letter_queue", resource_types=QUEUE, severity=Severity.LOW, needs_inventory=True,
       inputs=QUEUE,
       title=T("SQS queue has a dead-letter queue", "SQS キューにデッドレターキューがある"),
       description=T("Without a dead-letter queue, messages that keep failing are retried until they expire and are "
                     "lost, and a poison message can block a consumer.",
                     "デッドレターキューがないと、失敗し続けるメッセージは期限切れまで再試行されて失われ、ポイズンメッセージが"
                     "コンシューマーを止めることがあります。"),
       remediation=T("Create a dead-letter queue and set RedrivePolicy (deadLetterTargetArn, maxReceiveCount) on the queue.",
                     "デッドレターキューを作成し、キューに RedrivePolicy (deadLetterTargetArn, maxReceiveCount) を設定してください。"))
def queue_has_dead_letter_queue(r: Resource, inventory: Inventory | None = None) -> Result:
    target = _target(r)
    if target:
        return MSG.ok("dlq", dlq=target.rsplit(":", 1)[-1])
    sources = _sources(r, inventory)
    return MSG.ok("is_dlq", sources=sources) if sources else MSG.fail("no_dlq")


@check(id="aws.sqs.dead_letter_queue_retention_longer", resource_types=QUEUE, severity=Severity.LOW,
       needs_inventory=True, inputs=QUEUE,
       title=T("SQS dead-letter queue keeps messages longer than its source queue",
               "SQS のデッドレターキューが送信元キューより長くメッセージを保持する"),
       description=T("A message keeps its original enqueue time when moved to the dead-letter queue; if that queue's "
                     "retention is not longer, failed messages expire before anyone can look at them.",
                     "メッセージはデッドレターキューに移っても元のエンキュー時刻を保つため、その保持期間が長くないと、失敗した"
                     "メッセージは調べる前に期限切れになります。"),
       remediation=T("Set the dead-letter queue's MessageRetentionPeriod above the source queue's (up to 1,209,600 s).",
                     "デッドレターキューの MessageRetentionPeriod を送信元キューより長くしてください (最大 1,209,600 秒)。"))
def dead_letter_queue_retention_longer(r: Resource, inventory: Inventory | None = None) -> Result:
    target = _target(r)
    if not target:
        return MSG.ok("no_redrive")
    dlq = inventory.get(target) if inventory is not None else None
    if dlq is None or not isinstance(dlq.data.get("Attributes"), dict):
        return MSG.error("dlq_unknown", dlq=target)
    src_s = int(_attrs(r).get("MessageRetentionPeriod") or 345600)
    dlq_s = int(dlq.data["Attributes"].get("MessageRetentionPeriod") or 345600)
    return Result.ok() if dlq_s > src_s else MSG.fail("shorter", dlq_s=dlq_s, src_s=src_s)


@check(id="aws.sqs.queue_encrypted_with_cmk", resource_types=QUEUE, severity=Severity.LOW, needs_inventory=True,
       inputs=(KMS_KEY,),
       title=T("SQS queue is encrypted with a customer managed KMS key", "SQS キューが顧客管理 KMS キーで暗号化されている"),
       description=T("With SSE-SQS or the AWS managed key alias/aws/sqs, no key policy limits or audits who can decrypt "
                     "the messages, and other accounts cannot be allowed to send encrypted messages.",
                     "SSE-SQS や AWS 管理キー alias/aws/sqs では、メッセージを復号できる者をキーポリシーで制限・監査できず、"
                     "他のアカウントに暗号化メッセージの送信を許可することもできません。"),
       remediation=T("Set KmsMasterKeyId to a customer managed key (set-queue-attributes).",
                     "KmsMasterKeyId を顧客管理キーにしてください (set-queue-attributes)。"))
def queue_encrypted_with_cmk(r: Resource, inventory: Inventory | None = None) -> Result:
    a = _attrs(r)
    if not a.get("KmsMasterKeyId") and str(a.get("SqsManagedSseEnabled", "false")).lower() == "true":
        return MSG.fail("sse_sqs")
    return cmk_result(a.get("KmsMasterKeyId"), r, inventory)
