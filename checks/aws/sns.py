"""SNS topic checks: public access policies and encryption at rest."""

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


@check(id="aws.sns.topic_not_public", resource_types=("aws.sns.topic",), severity=Severity.HIGH,
       title=T("SNS topic policy does not allow public access", "SNS トピックポリシーがパブリックアクセスを許可していない"),
       description=T("A topic policy granting '*' without a restricting condition lets anyone publish to or subscribe to the topic.",
                     "制限条件なしに '*' を許可するトピックポリシーでは、誰でもトピックへの発行や購読ができます。"),
       remediation=T("Restrict the topic policy principals, or add aws:SourceAccount / aws:PrincipalOrgID conditions.",
                     "トピックポリシーのプリンシパルを制限するか、aws:SourceAccount / aws:PrincipalOrgID 条件を追加してください。"))
def topic_not_public(r: Resource) -> Result:
    return _public(r)


@check(id="aws.sns.topic_encrypted", resource_types=("aws.sns.topic",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SNS.1"]},
       title=T("SNS topic is encrypted at rest with KMS", "SNS トピックが KMS で保存時に暗号化されている"),
       description=T("Messages held by SNS are stored unencrypted unless a KMS key is set.",
                     "KMS キーを設定しない限り、SNS が保持するメッセージは暗号化されずに保存されます。"),
       remediation=T("Set the topic attribute KmsMasterKeyId (alias/aws/sns or a customer key).",
                     "トピック属性 KmsMasterKeyId (alias/aws/sns または顧客管理キー) を設定してください。"))
def topic_encrypted(r: Resource) -> Result:
    attrs = r.data.get("Attributes")
    if (err := unreadable_result(attrs)):
        return err
    return Result.ok() if (attrs or {}).get("KmsMasterKeyId") else Result.fail("no KMS key")
