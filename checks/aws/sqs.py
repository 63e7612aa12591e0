"""SQS queue checks: public access policies and encryption at rest."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.aws.policies import public_policy_result
from checks.common import T

MSG = Messages("aws.sqs", {
    "sse_kms": ("SSE-KMS", "SSE-KMS で暗号化されています"),
    "sse_sqs": ("SSE-SQS", "SSE-SQS で暗号化されています"),
    "unencrypted": ("queue is not encrypted", "キューが暗号化されていません"),
})


def _attributes(r: Resource) -> dict[str, Any]:
    return readable(r.data.get("Attributes"), "Attributes") or {}


@check(id="aws.sqs.queue_not_public", resource_types=("aws.sqs.queue",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["SQS.3"]},
       title=T("SQS queue policy does not allow public access", "SQS キューポリシーがパブリックアクセスを許可していない"),
       description=T("A queue policy granting '*' without a restricting condition lets anyone send, read or delete messages.",
                     "制限条件なしに '*' を許可するキューポリシーでは、誰でもメッセージの送信・受信・削除ができます。"),
       remediation=T("Restrict the queue policy principals, or add aws:SourceArn / aws:PrincipalOrgID conditions.",
                     "キューポリシーのプリンシパルを制限するか、aws:SourceArn / aws:PrincipalOrgID 条件を追加してください。"))
def queue_not_public(r: Resource) -> Result:
    return public_policy_result(_attributes(r).get("Policy"))


@check(id="aws.sqs.queue_encrypted", resource_types=("aws.sqs.queue",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SQS.1"]},
       title=T("SQS queue is encrypted at rest", "SQS キューが保存時に暗号化されている"),
       description=T("Messages waiting in an unencrypted queue are stored in plaintext.",
                     "暗号化されていないキューで待機するメッセージは平文で保存されます。"),
       remediation=T("Enable SqsManagedSseEnabled or set KmsMasterKeyId on the queue.",
                     "キューで SqsManagedSseEnabled を有効にするか KmsMasterKeyId を設定してください。"))
def queue_encrypted(r: Resource) -> Result:
    a = _attributes(r)
    if a.get("KmsMasterKeyId"):
        return MSG.ok("sse_kms")
    if str(a.get("SqsManagedSseEnabled", "false")).lower() == "true":
        return MSG.ok("sse_sqs")
    return MSG.fail("unencrypted")
