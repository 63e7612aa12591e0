"""SNS topic checks beyond access and encryption: subscriptions over plain HTTP, delivery-status
logging, a data protection policy and a customer managed key."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.cmk_common import KMS_KEY, cmk_result
from checks.common import T

TOPIC = ("aws.sns.topic",)
# Topic attributes naming the IAM role SNS logs delivery status with, one pair per protocol.
FEEDBACK_PROTOCOLS = ("HTTP", "Lambda", "SQS", "Application", "Firehose")

MSG = Messages("aws.sns_delivery", {
    "http": ("{count} subscription(s) deliver over plain HTTP", "{count} 件のサブスクリプションが平文の HTTP で配信しています"),
    "no_feedback": ("no delivery-status logging role for any protocol", "どのプロトコルにも配信ステータスのログ記録ロールがありません"),
    "feedback": ("delivery status logged for {protocols}", "{protocols} の配信ステータスを記録しています"),
    "no_dpp": ("no data protection policy", "データ保護ポリシーがありません"),
})


@check(id="aws.sns.topic_no_http_subscriptions", resource_types=TOPIC, severity=Severity.MEDIUM,
       title=T("SNS topic delivers to no subscription over plain HTTP", "SNS トピックが平文の HTTP のサブスクリプションに配信していない"),
       description=T("Messages to an http:// endpoint cross the internet unencrypted and can be read or altered on the way.",
                     "http:// エンドポイントへのメッセージは暗号化されずにインターネットを通り、途中で読まれたり改ざんされたりします。"),
       remediation=T("Replace the http subscriptions with https ones (unsubscribe, then subscribe the https:// endpoint).",
                     "http のサブスクリプションを https のものに置き換えてください (購読解除後に https:// エンドポイントを購読)。"))
def topic_no_http_subscriptions(r: Resource) -> Result:
    subs = need(r, "_subscriptions") or []
    http = [s for s in subs if str(s.get("Protocol", "")).lower() == "http"]
    return MSG.fail("http", count=len(http)) if http else Result.ok()


@check(id="aws.sns.topic_delivery_status_logged", resource_types=TOPIC, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["SNS.2"]},
       title=T("SNS topic logs the delivery status of its messages", "SNS トピックがメッセージの配信ステータスを記録している"),
       description=T("Without delivery-status logging, failed and rejected deliveries leave no trace in CloudWatch Logs.",
                     "配信ステータスのログ記録がないと、失敗・拒否された配信の痕跡が CloudWatch Logs に残りません。"),
       remediation=T("Set <Protocol>SuccessFeedbackRoleArn / <Protocol>FailureFeedbackRoleArn for the topic's protocols "
                     "(set-topic-attributes).",
                     "トピックのプロトコルに <Protocol>SuccessFeedbackRoleArn / <Protocol>FailureFeedbackRoleArn を設定してください "
                     "(set-topic-attributes)。"))
def topic_delivery_status_logged(r: Resource) -> Result:
    attrs = need(r, "Attributes") or {}
    logged = [p for p in FEEDBACK_PROTOCOLS
              if attrs.get(f"{p}FailureFeedbackRoleArn") or attrs.get(f"{p}SuccessFeedbackRoleArn")]
    return MSG.ok("feedback", protocols=logged) if logged else MSG.fail("no_feedback")


@check(id="aws.sns.topic_data_protection_policy", resource_types=TOPIC, severity=Severity.LOW,
       title=T("SNS topic has a data protection policy", "SNS トピックにデータ保護ポリシーがある"),
       description=T("A data protection policy audits, masks or blocks personal and secret data (credentials, card "
                     "numbers) published to the topic.",
                     "データ保護ポリシーは、トピックに発行される個人データや秘密データ (認証情報・カード番号) を監査・"
                     "マスク・ブロックします。"),
       remediation=T("Attach a data protection policy with at least an Audit statement (put-data-protection-policy).",
                     "少なくとも Audit ステートメントを含むデータ保護ポリシーを設定してください (put-data-protection-policy)。"))
def topic_data_protection_policy(r: Resource) -> Result:
    policy = readable(need(r, "DataProtectionPolicy"), "DataProtectionPolicy")
    return Result.ok() if policy else MSG.fail("no_dpp")


@check(id="aws.sns.topic_encrypted_with_cmk", resource_types=TOPIC, severity=Severity.LOW, needs_inventory=True,
       inputs=(KMS_KEY,),
       title=T("SNS topic is encrypted with a customer managed KMS key", "SNS トピックが顧客管理 KMS キーで暗号化されている"),
       description=T("With the AWS managed key alias/aws/sns no key policy limits who decrypts the messages, and "
                     "publishers in other accounts or AWS services such as CloudWatch alarms cannot use the topic.",
                     "AWS 管理キー alias/aws/sns では、メッセージを復号できる者をキーポリシーで制限できず、他のアカウントの発行者や "
                     "CloudWatch アラームなどの AWS サービスもトピックを使えません。"),
       remediation=T("Set KmsMasterKeyId to a customer managed key whose policy allows the publishers "
                     "(set-topic-attributes).",
                     "発行者を許可するキーポリシーを持つ顧客管理キーを KmsMasterKeyId に設定してください (set-topic-attributes)。"))
def topic_encrypted_with_cmk(r: Resource, inventory: Inventory | None = None) -> Result:
    return cmk_result((need(r, "Attributes") or {}).get("KmsMasterKeyId"), r, inventory)
