"""Account-level CloudTrail checks (CIS 3.1, 3.8, 3.9, CloudWatch integration).

These look at every trail of the account together: a single-region trail never satisfies the
multi-region control, even while it is logging.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.aws.cloudtrail_common import logs_s3_data_events, qualifying_trails, unassessed_trails
from checks.common import T

ACCT = ("aws.cloudtrail.account",)

MSG = Messages("aws.cloudtrail_account", {
    "qualifying": ("{trails}", "条件を満たす証跡: {trails}"),
    "no_qualifying": ("no logging multi-region trail with all management events",
                      "すべての管理イベントを記録中のマルチリージョン証跡がありません"),
    "no_qualifying_single": ("no logging multi-region trail with all management events "
                             "(single-region trails do not count: {single_region})",
                             "すべての管理イベントを記録中のマルチリージョン証跡がありません"
                             " (シングルリージョン証跡は対象外です: {single_region})"),
    "logged_by": ("{trail}", "{trail} が記録しています"),
    "no_data_events": ("no multi-region trail logs S3 object-level {kind} events for all buckets",
                       "全バケットの S3 オブジェクトレベルの {kind} イベントを記録するマルチリージョン証跡がありません"),
    "no_cloudwatch": ("no multi-region trail delivers to CloudWatch Logs",
                      "CloudWatch Logs に配信しているマルチリージョン証跡がありません"),
    "trails_unreadable": ("status or selectors of {trails} could not be read",
                          "{trails} の状態またはイベントセレクターを読み取れませんでした"),
})


def _unknown_or(trails: Any, result: Result) -> Result:
    """``result`` (a FAIL for lack of a qualifying trail), unless a trail that might qualify could not be read."""
    unknown = unassessed_trails(trails)
    return MSG.error("trails_unreadable", trails=unknown) if unknown else result


def _named(trail: dict) -> Result:
    """The pass naming the trail that satisfies the control (the plain pass for an unnamed one)."""
    return MSG.ok("logged_by", trail=trail["Name"]) if trail.get("Name") else Result.ok()


@check(id="aws.cloudtrail.multi_region_trail_logging", resource_types=ACCT, severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["3.1"], "aws-fsbp": ["CloudTrail.1"]},
       title=T("A multi-region trail records all management events", "マルチリージョンの証跡がすべての管理イベントを記録している"),
       description=T("Only a logging, multi-region trail with read and write management events records activity in every region, including unused ones.",
                     "読み取りと書き込みの管理イベントを記録中のマルチリージョン証跡だけが、未使用リージョンを含む全リージョンの操作を記録します。"),
       remediation=T("Create or update a trail with --is-multi-region-trail, start logging and include all management events.",
                     "--is-multi-region-trail を指定して証跡を作成または更新し、ログ記録を開始してすべての管理イベントを含めてください。"))
def multi_region_trail_logging(r: Resource) -> Result:
    trails = readable(r.data.get("Trails"), "Trails")
    good = qualifying_trails(trails)
    if good:
        return MSG.ok("qualifying", trails=[t.get("Name", "") for t in good])
    single = [t.get("Name") for t in trails or [] if not t.get("IsMultiRegionTrail")]
    if single:
        return _unknown_or(trails, MSG.fail("no_qualifying_single", single_region=single))
    return _unknown_or(trails, MSG.fail("no_qualifying", single_region=single))


def _data_events(r: Resource, kind: str) -> Result:
    trails = readable(r.data.get("Trails"), "Trails")
    for t in qualifying_trails(trails):
        readable(t.get("EventSelectors"), f"EventSelectors of {t.get('Name')}")
        if logs_s3_data_events(t, kind):
            return _named(t)
    return _unknown_or(trails, MSG.fail("no_data_events", kind=kind))


@check(id="aws.cloudtrail.s3_write_data_events_logged", resource_types=ACCT, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["S3.22"], "cis-aws-3.0": ["3.8"]},
       title=T("S3 object-level write events are logged", "S3 オブジェクトレベルの書き込みイベントが記録されている"),
       description=T("Without data events, who wrote or deleted objects is not "
           "recorded.", "データイベントがないと、誰がオブジェクトを書き込み・削除したかが記録されません。"),
       remediation=T("Add an event selector for AWS::S3::Object (all buckets) with ReadWriteType WriteOnly or All to a multi-region trail.",
                     "マルチリージョン証跡に AWS::S3::Object (全バケット) の ReadWriteType WriteOnly または All のイベントセレクターを追加してください。"))
def s3_write_data_events_logged(r: Resource) -> Result:
    return _data_events(r, "write")


@check(id="aws.cloudtrail.s3_read_data_events_logged", resource_types=ACCT, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["S3.23"], "cis-aws-3.0": ["3.9"]},
       title=T("S3 object-level read events are logged", "S3 オブジェクトレベルの読み取りイベントが記録されている"),
       description=T("Without read data events, data exfiltration from buckets leaves no "
           "trace.", "読み取りデータイベントがないと、バケットからのデータ持ち出しの痕跡が残りません。"),
       remediation=T("Add an event selector for AWS::S3::Object (all buckets) with ReadWriteType ReadOnly or All to a multi-region trail.",
                     "マルチリージョン証跡に AWS::S3::Object (全バケット) の ReadWriteType ReadOnly または All のイベントセレクターを追加してください。"))
def s3_read_data_events_logged(r: Resource) -> Result:
    return _data_events(r, "read")


@check(id="aws.cloudtrail.cloudwatch_logs_integrated", resource_types=ACCT, severity=Severity.MEDIUM,
       title=T("A multi-region trail delivers to CloudWatch Logs", "マルチリージョン証跡が CloudWatch Logs に配信している"),
       description=T("Real-time alerting on API activity (CIS section 4) needs the trail in CloudWatch Logs.",
                     "API 操作のリアルタイムアラート (CIS セクション 4) には、証跡が CloudWatch Logs に送られている必要があります。"),
       remediation=T("Set CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn on the multi-region trail.",
                     "マルチリージョン証跡に CloudWatchLogsLogGroupArn と CloudWatchLogsRoleArn を設定してください。"))
def cloudwatch_logs_integrated(r: Resource) -> Result:
    trails = readable(r.data.get("Trails"), "Trails")
    good = [t for t in qualifying_trails(trails) if t.get("CloudWatchLogsLogGroupArn")]
    return _named(good[0]) if good else _unknown_or(trails, MSG.fail("no_cloudwatch"))
