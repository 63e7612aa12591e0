"""SNS topic checks: public access policies and encryption at rest."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.aws.policies import public_policy_result
from checks.common import T

MSG = Messages("aws.sns", {
    "no_kms": ("no KMS key", "KMS キーが設定されていません"),
})


def _attributes(r: Resource) -> dict[str, Any]:
    return readable(r.data.get("Attributes"), "Attributes") or {}


@check(id="aws.sns.topic_not_public", resource_types=("aws.sns.topic",), severity=Severity.HIGH,
       title=T("SNS topic policy does not allow public access", "SNS トピックポリシーがパブリックアクセスを許可していない"),
       description=T("A topic policy granting '*' without a restricting condition lets anyone publish to or subscribe to the topic.",
                     "制限条件なしに '*' を許可するトピックポリシーでは、誰でもトピックへの発行や購読ができます。"),
       remediation=T("Restrict the topic policy principals, or add aws:SourceAccount / aws:PrincipalOrgID conditions.",
                     "トピックポリシーのプリンシパルを制限するか、aws:SourceAccount / aws:PrincipalOrgID 条件を追加してください。"))
def topic_not_public(r: Resource) -> Result:
    return public_policy_result(_attributes(r).get("Policy"))


@check(id="aws.sns.topic_encrypted", resource_types=("aws.sns.topic",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SNS.1"]},
       title=T("SNS topic is encrypted at rest with KMS", "SNS トピックが KMS で保存時に暗号化されている"),
       description=T("Messages held by SNS are stored unencrypted unless a KMS key is set.",
                     "KMS キーを設定しない限り、SNS が保持するメッセージは暗号化されずに保存されます。"),
       remediation=T("Set the topic attribute KmsMasterKeyId (alias/aws/sns or a customer key).",
                     "トピック属性 KmsMasterKeyId (alias/aws/sns または顧客管理キー) を設定してください。"))
def topic_encrypted(r: Resource) -> Result:
    return Result.ok() if _attributes(r).get("KmsMasterKeyId") else MSG.fail("no_kms")
