"""SQS queue checks: public access policies and encryption at rest."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from agent.policy import aws_iam as iam_policy
from checks import check
from checks.aws._helpers import T, unreadable_result


def _public(r: Resource) -> Result:
    attrs = r.data.get("Attributes")
    if (err := unreadable_result(attrs)):
        return err
    policy = (attrs or {}).get("Policy")
    acts = iam_policy.public_actions(policy) if policy else []
    return Result.fail(f"policy allows anyone: {', '.join(acts)}", actions=acts) if acts else Result.ok()


@check(id="aws.sqs.queue_not_public", resource_types=("aws.sqs.queue",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["SQS.3"]},
       title=T("SQS queue policy does not allow public access", "SQS キューポリシーがパブリックアクセスを許可していない"),
       description=T("A queue policy granting '*' without a restricting condition lets anyone send, read or delete messages.",
                     "制限条件なしに '*' を許可するキューポリシーでは、誰でもメッセージの送信・受信・削除ができます。"),
       remediation=T("Restrict the queue policy principals, or add aws:SourceArn / aws:PrincipalOrgID conditions.",
                     "キューポリシーのプリンシパルを制限するか、aws:SourceArn / aws:PrincipalOrgID 条件を追加してください。"))
def queue_not_public(r: Resource) -> Result:
    return _public(r)


@check(id="aws.sqs.queue_encrypted", resource_types=("aws.sqs.queue",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SQS.1"]},
       title=T("SQS queue is encrypted at rest", "SQS キューが保存時に暗号化されている"),
       description=T("Messages waiting in an unencrypted queue are stored in plaintext.",
                     "暗号化されていないキューで待機するメッセージは平文で保存されます。"),
       remediation=T("Enable SqsManagedSseEnabled or set KmsMasterKeyId on the queue.",
                     "キューで SqsManagedSseEnabled を有効にするか KmsMasterKeyId を設定してください。"))
def queue_encrypted(r: Resource) -> Result:
    attrs = r.data.get("Attributes")
    if (err := unreadable_result(attrs)):
        return err
    a = attrs or {}
    if a.get("KmsMasterKeyId"):
        return Result.ok("SSE-KMS")
    if str(a.get("SqsManagedSseEnabled", "false")).lower() == "true":
        return Result.ok("SSE-SQS")
    return Result.fail("queue is not encrypted")
