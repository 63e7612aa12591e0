"""Pub/Sub checks: topics and subscriptions not public, topics encrypted with a customer-managed key."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T
from checks.gcp.common import policy_result, public_grants

TOPIC = ("gcp.pubsub.topic",)

MSG = Messages("gcp.pubsub", {
    "google_managed": ("encrypted with a Google-managed key", "Google 管理の鍵で暗号化されています"),
})


@check(id="gcp.pubsub.topic_not_public", resource_types=TOPIC, severity=Severity.HIGH,
       title=T("Pub/Sub topic is not publicly accessible", "Pub/Sub トピックが公開されていない"),
       description=T("allUsers or allAuthenticatedUsers on a topic lets anyone publish into it (or attach "
                     "subscriptions and read the messages).",
                     "トピックに allUsers / allAuthenticatedUsers があると、誰でもメッセージを発行できます（またはサブスクリプション"
                     "を作成してメッセージを読めます）。"),
       remediation=T("gcloud pubsub topics remove-iam-policy-binding TOPIC --member=allUsers --role=ROLE "
                     "(and allAuthenticatedUsers).",
                     "gcloud pubsub topics remove-iam-policy-binding TOPIC --member=allUsers --role=ROLE を"
                     "実行してください（allAuthenticatedUsers も同様）。"))
def topic_not_public(r: Resource) -> Result:
    return policy_result(r, public_grants, "public_grants")


@check(id="gcp.pubsub.topic_cmek", resource_types=TOPIC, severity=Severity.LOW,
       title=T("Pub/Sub topic is encrypted with a customer-managed key", "Pub/Sub トピックが顧客管理の鍵で暗号化されている"),
       description=T("With a Cloud KMS key you control, disabling the key makes the stored messages unreadable and "
                     "key use is audited.",
                     "自身が管理する Cloud KMS 鍵を使うと、鍵を無効化して保存されたメッセージを読めなくでき、鍵の利用も"
                     "監査されます。"),
       remediation=T("gcloud pubsub topics update TOPIC --topic-encryption-key=projects/…/cryptoKeys/KEY",
                     "gcloud pubsub topics update TOPIC --topic-encryption-key=projects/…/cryptoKeys/KEY を"
                     "実行してください。"))
def topic_cmek(r: Resource) -> Result:
    return Result.ok() if r.data.get("kmsKeyName") else MSG.fail("google_managed")


@check(id="gcp.pubsub.subscription_not_public", resource_types=("gcp.pubsub.subscription",), severity=Severity.HIGH,
       title=T("Pub/Sub subscription is not publicly accessible", "Pub/Sub サブスクリプションが公開されていない"),
       description=T("allUsers or allAuthenticatedUsers on a subscription lets anyone pull (and acknowledge away) "
                     "its messages.",
                     "サブスクリプションに allUsers / allAuthenticatedUsers があると、誰でもメッセージを取得（して確認応答で"
                     "消去）できます。"),
       remediation=T("gcloud pubsub subscriptions remove-iam-policy-binding SUBSCRIPTION --member=allUsers --role=ROLE "
                     "(and allAuthenticatedUsers).",
                     "gcloud pubsub subscriptions remove-iam-policy-binding SUBSCRIPTION --member=allUsers --role=ROLE を"
                     "実行してください（allAuthenticatedUsers も同様）。"))
def subscription_not_public(r: Resource) -> Result:
    return policy_result(r, public_grants, "public_grants")
