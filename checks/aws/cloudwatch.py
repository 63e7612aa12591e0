"""CIS section 4: a metric filter + alarm (+ subscribed SNS topic) per kind of sensitive API activity.

A control passes when some multi-region, logging trail with all management events delivers to a
CloudWatch Logs group that has a metric filter containing every required term, an alarm on that
filter's metric, and an alarm action whose SNS topic has at least one confirmed subscriber.
Filter patterns are compared after lower-casing and removing blanks and quotes, so spacing and
quoting styles do not matter; extra terms (like CIS v3's ``sourceIPAddress`` exclusions) are
allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from agent.core.model import Resource, Result, Severity, Status, is_unreadable
from checks import Messages, check
from checks.aws.cloudtrail_common import qualifying_trails, unassessed_trails
from checks.common import T

MON = ("aws.cloudwatch.cis_monitoring",)

MSG = Messages("aws.cloudwatch", {
    "no_log_group": ("no multi-region, logging trail delivers to CloudWatch Logs",
                     "CloudWatch Logs に配信している、記録中のマルチリージョン証跡がありません"),
    "unreadable": ("metric filters or alarms could not be read",
                   "メトリクスフィルターまたはアラームを読み取れませんでした"),
    "no_filter": ("no metric filter with the required pattern on the trail's log group",
                  "証跡のロググループに必要なパターンのメトリクスフィルターがありません"),
    "no_alarm": ("metric filter exists but no alarm watches its metric",
                 "メトリクスフィルターはありますが、そのメトリクスを監視するアラームがありません"),
    "notifies": ("alarm {alarm} notifies {topic}", "アラーム {alarm} が {topic} に通知します"),
    "no_subscriber": ("alarm exists but notifies no SNS topic with a subscriber",
                      "アラームはありますが、購読者のいる SNS トピックに通知していません"),
    "trails_unreadable": ("status or selectors of {trails} could not be read",
                          "{trails} の状態またはイベントセレクターを読み取れませんでした"),
    "subscribers_unreadable": ("the subscribers of {topics} could not be read",
                               "{topics} の購読者を読み取れませんでした"),
})


def _norm(pattern: str) -> str:
    return re.sub(r"[\s\"']", "", str(pattern)).lower()


def _names(*events: str) -> tuple[str, ...]:
    return tuple(f"$.eventname={e.lower()}" for e in events)


# (CIS control, Security Hub control id, id slug, what it watches (en), (ja), severity, required filter terms)
ALARMS: list[tuple[str, str | None, str, str, str, Severity, tuple[str, ...]]] = [
    ("4.1", "CloudWatch.2", "unauthorized_api_calls", "unauthorized API calls", "不正な API 呼び出し", Severity.MEDIUM,
     ("$.errorcode=*unauthorizedoperation", "$.errorcode=accessdenied*")),
    ("4.2", "CloudWatch.3", "console_signin_without_mfa", "console sign-in without MFA", "MFA なしのコンソールサインイン",
     Severity.MEDIUM, ("$.eventname=consolelogin", "$.additionaleventdata.mfaused!=yes")),
    ("4.3", "CloudWatch.1", "root_account_usage", "use of the root user", "ルートユーザーの使用", Severity.HIGH,
     ("$.useridentity.type=root", "$.useridentity.invokedbynotexists", "$.eventtype!=awsserviceevent")),
    ("4.4", "CloudWatch.4", "iam_policy_changes", "IAM policy changes", "IAM ポリシーの変更", Severity.MEDIUM,
     _names("DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
            "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
            "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy",
            "DetachGroupPolicy")),
    ("4.5", "CloudWatch.5", "cloudtrail_changes", "CloudTrail configuration changes", "CloudTrail 設定の変更",
     Severity.MEDIUM, _names("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")),
    ("4.6", "CloudWatch.6", "console_auth_failures", "console authentication failures", "コンソール認証の失敗",
     Severity.LOW, ("$.eventname=consolelogin", "$.errormessage=failedauthentication")),
    ("4.7", "CloudWatch.7", "cmk_disable_or_deletion", "disabling or scheduled deletion of customer managed keys",
     "顧客管理キーの無効化または削除予定", Severity.MEDIUM,
     ("$.eventsource=kms.amazonaws.com",) + _names("DisableKey", "ScheduleKeyDeletion")),
    ("4.8", "CloudWatch.8", "s3_bucket_policy_changes", "S3 bucket policy changes", "S3 バケットポリシーの変更",
     Severity.MEDIUM, ("$.eventsource=s3.amazonaws.com",) + _names(
         "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
         "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication")),
    ("4.9", "CloudWatch.9", "config_changes", "AWS Config configuration changes", "AWS Config 設定の変更",
     Severity.MEDIUM, ("$.eventsource=config.amazonaws.com",) + _names(
         "StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder")),
    ("4.10", "CloudWatch.10", "security_group_changes", "security group changes", "セキュリティグループの変更",
     Severity.MEDIUM, _names("AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
                             "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup",
                             "DeleteSecurityGroup")),
    ("4.11", "CloudWatch.11", "nacl_changes", "network ACL changes", "ネットワーク ACL の変更", Severity.MEDIUM,
     _names("CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
            "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation")),
    ("4.12", "CloudWatch.12", "network_gateway_changes", "network gateway changes", "ネットワークゲートウェイの変更",
     Severity.MEDIUM, _names("CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway",
                             "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway")),
    ("4.13", "CloudWatch.13", "route_table_changes", "route table changes", "ルートテーブルの変更", Severity.MEDIUM,
     _names("CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable",
            "DeleteRoute", "DisassociateRouteTable")),
    ("4.14", "CloudWatch.14", "vpc_changes", "VPC changes", "VPC の変更", Severity.MEDIUM,
     _names("CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection",
            "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection")),
    ("4.15", None, "organizations_changes", "AWS Organizations changes", "AWS Organizations の変更", Severity.MEDIUM,
     ("$.eventsource=organizations.amazonaws.com",) + _names(
         "AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy",
         "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy",
         "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount",
         "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit")),
]


def alarm_status(data: dict[str, Any], terms: tuple[str, ...]) -> Result:
    """The CIS 4.x evaluation over one account's monitoring document.

    A FAIL is only given when nothing left unread could turn it into a pass: a multi-region trail
    whose status or selectors could not be read (it may qualify and deliver to a group holding the
    filter), a metric-filter or alarm listing that failed, or a topic whose subscribers could not
    be read each make the answer ERROR instead.
    """
    res = _alarm_status(data, terms)
    if res.status is not Status.FAIL:
        return res
    unknown = unassessed_trails(data.get("Trails"))
    if unknown:
        return MSG.error("trails_unreadable", trails=unknown)
    if any(f.get("error") for f in data.get("MetricFilters", [])) or any(a.get("error") for a in data.get("Alarms", [])):
        return MSG.error("unreadable")
    subs = data.get("TopicSubscriptions")
    if is_unreadable(subs):
        return MSG.error("subscribers_unreadable", topics=["*"])
    return res


def _alarm_status(data: dict[str, Any], terms: tuple[str, ...]) -> Result:
    trails = qualifying_trails(data.get("Trails"))
    groups = {str(t.get("CloudWatchLogsLogGroupArn", "")).split(":")[6] for t in trails
              if len(str(t.get("CloudWatchLogsLogGroupArn", "")).split(":")) > 6}
    if not groups:
        return MSG.fail("no_log_group")
    metrics = set()
    for f in data.get("MetricFilters", []):
        if f.get("logGroupName") in groups and all(t in _norm(f.get("filterPattern", "")) for t in terms):
            for m in f.get("metricTransformations", []):
                metrics.add((m.get("metricName"), m.get("metricNamespace")))
    if not metrics:
        return MSG.fail("no_filter")
    alarms = [a for a in data.get("Alarms", []) if (a.get("MetricName"), a.get("Namespace")) in metrics]
    if not alarms:
        return MSG.fail("no_alarm")
    subs = data.get("TopicSubscriptions")
    subs = subs if isinstance(subs, dict) and not is_unreadable(subs) else {}
    unknown = []
    for a in alarms:
        for topic in a.get("AlarmActions") or []:
            if isinstance(subs.get(topic), int) and subs[topic] > 0:
                return MSG.ok("notifies", alarm=a.get("AlarmName"), topic=topic)
            if is_unreadable(subs.get(topic)):
                unknown.append(topic)
    if unknown:
        return MSG.error("subscribers_unreadable", topics=sorted(set(unknown)))
    return MSG.fail("no_subscriber", alarms=[a.get("AlarmName") for a in alarms])


def _register(control: str, securityhub_id: str | None, slug: str, en: str, ja: str, sev: Severity,
              terms: tuple[str, ...]) -> Callable[[Resource], Result]:
    frameworks = {"cis-aws-3.0": [control]}
    if securityhub_id:
        frameworks["aws-fsbp"] = [securityhub_id]
    also = f" (Security Hub {securityhub_id})" if securityhub_id else ""

    def evaluate(r: Resource) -> Result:
        return alarm_status(r.data, terms)

    evaluate.__name__ = f"alarm_{slug}"
    return check(
        id=f"aws.cloudwatch.alarm_{slug}", resource_types=MON, severity=sev, frameworks=frameworks,
        title=T(f"A log metric filter and alarm exist for {en}", f"{ja}に対するログメトリクスフィルターとアラームが存在する"),
        description=T(f"CIS {control}{also}: {en} should raise an alarm that reaches a person through a subscribed SNS topic.",
                      f"CIS {control}{also}: {ja}は、購読者のいる SNS トピックを通じて担当者に届くアラームを発報すべきです。"),
        remediation=T(f"On the multi-region trail's CloudWatch Logs group, create a metric filter for {en} "
                      "(pattern from the CIS benchmark), an alarm on its metric (threshold 1), and an SNS topic with a subscriber.",
                      f"マルチリージョン証跡の CloudWatch Logs グループに、{ja}のメトリクスフィルター (CIS ベンチマークのパターン)、"
                      "そのメトリクスに対するアラーム (しきい値 1)、購読者のいる SNS トピックを作成してください。"),
    )(evaluate)


for _row in ALARMS:
    _register(*_row)
