"""CloudTrail depth: data events for Lambda and DynamoDB beyond S3, CloudTrail Insights on each
trail, and trail logs delivered to a bucket outside the account they record.

The data-event checks read the account's trails (``aws.cloudtrail.account``, every trail with
its selectors) the way the S3 data-event checks do: only a logging multi-region trail with all
management events counts.
"""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.cloudtrail_common import qualifying_trails, unassessed_trails
from checks.common import T

ACCT = ("aws.cloudtrail.account",)

MSG = Messages("aws.cloudtrail_depth", {
    "logged_by": ("{trail}", "{trail} が記録しています"),
    "no_data_events": ("no multi-region trail logs {service} data events for all resources",
                       "すべてのリソースの {service} データイベントを記録するマルチリージョン証跡がありません"),
    "trails_unreadable": ("status or selectors of {trails} could not be read",
                          "{trails} の状態またはイベントセレクターを読み取れませんでした"),
    "no_insights": ("CloudTrail Insights is not enabled on this trail", "この証跡で CloudTrail Insights が有効ではありません"),
    "insights": ("Insights: {types}", "有効な Insights: {types}"),
    "same_account": ("trail bucket(s) in this account: {buckets}", "このアカウント内にある証跡バケット: {buckets}"),
    "no_trail_bucket": ("no multi-region trail delivers to S3 (aws.cloudtrail.multi_region_trail_logging reports it)",
                        "S3 に配信しているマルチリージョン証跡がありません (aws.cloudtrail.multi_region_trail_logging で報告されます)"),
})


def logs_data_events(trail: dict[str, Any], resource_type: str, all_prefix: str) -> bool:
    """Does the trail record data events of ``resource_type`` for every resource of it (basic
    selectors with the all-resources value ``all_prefix``, or an advanced selector on the type
    without an ARN restriction)?"""
    sel = trail.get("EventSelectors")
    if isinstance(sel, list):
        for s in sel:
            for dr in s.get("DataResources", []):
                if dr.get("Type") == resource_type and any(v.rstrip(":") == all_prefix for v in dr.get("Values", [])):
                    return True
    for a in trail.get("AdvancedEventSelectors") or []:
        fields = {f.get("Field"): f for f in a.get("FieldSelectors", [])}
        if "Data" not in (fields.get("eventCategory", {}).get("Equals") or []):
            continue
        if resource_type not in (fields.get("resources.type", {}).get("Equals") or []):
            continue
        arns = fields.get("resources.ARN")
        if arns is None or any(v.rstrip(":") == all_prefix for v in arns.get("StartsWith") or []):
            return True
    return False


def _data_events(r: Resource, resource_type: str, all_prefix: str, service: str) -> Result:
    trails = readable(r.data.get("Trails"), "Trails")
    for t in qualifying_trails(trails):
        readable(t.get("EventSelectors"), f"EventSelectors of {t.get('Name')}")
        if logs_data_events(t, resource_type, all_prefix):
            return MSG.ok("logged_by", trail=t.get("Name") or t.get("TrailARN"))
    unknown = unassessed_trails(trails)
    return MSG.error("trails_unreadable", trails=unknown) if unknown else MSG.fail("no_data_events", service=service)


@check(id="aws.cloudtrail.lambda_data_events_logged", resource_types=ACCT, severity=Severity.LOW,
       title=T("Lambda invocations are logged as CloudTrail data events", "Lambda の呼び出しが CloudTrail データイベントとして記録されている"),
       description=T("Management events show who changed a function, not who invoked it; without Lambda data events "
                     "an attacker invoking a privileged function leaves no record.",
                     "管理イベントは関数を変更した人を示しますが、呼び出した人は示しません。Lambda データイベントがないと、特権を"
                     "持つ関数を呼び出した攻撃者の記録が残りません。"),
       remediation=T("Add a data event selector for AWS::Lambda::Function (all functions) to a multi-region trail.",
                     "マルチリージョン証跡に AWS::Lambda::Function (全関数) のデータイベントセレクターを追加してください。"))
def lambda_data_events_logged(r: Resource) -> Result:
    return _data_events(r, "AWS::Lambda::Function", "arn:aws:lambda", "Lambda")


@check(id="aws.cloudtrail.dynamodb_data_events_logged", resource_types=ACCT, severity=Severity.LOW,
       title=T("DynamoDB item-level activity is logged as CloudTrail data events",
               "DynamoDB の項目レベルの操作が CloudTrail データイベントとして記録されている"),
       description=T("Without DynamoDB data events, reads and writes of items (a table dumped by stolen credentials) "
                     "are not recorded.",
                     "DynamoDB データイベントがないと、項目の読み書き (盗まれた認証情報によるテーブルの抜き取りなど) が記録されません。"),
       remediation=T("Add a data event selector for AWS::DynamoDB::Table (all tables) to a multi-region trail.",
                     "マルチリージョン証跡に AWS::DynamoDB::Table (全テーブル) のデータイベントセレクターを追加してください。"))
def dynamodb_data_events_logged(r: Resource) -> Result:
    return _data_events(r, "AWS::DynamoDB::Table", "arn:aws:dynamodb", "DynamoDB")


@check(id="aws.cloudtrail.insights_enabled", resource_types=("aws.cloudtrail.trail",), severity=Severity.LOW,
       title=T("CloudTrail Insights is enabled on the trail", "証跡で CloudTrail Insights が有効"),
       description=T("Insights learns the account's normal API call and error rates and records an event when they "
                     "spike — the first sign of credential abuse or a runaway script.",
                     "Insights はアカウントの通常の API 呼び出し率とエラー率を学習し、急増したときにイベントを記録します。"
                     "認証情報の悪用や暴走したスクリプトの最初の兆候です。"),
       remediation=T("aws cloudtrail put-insight-selectors --trail-name NAME --insight-selectors "
                     "'[{\"InsightType\":\"ApiCallRateInsight\"},{\"InsightType\":\"ApiErrorRateInsight\"}]'",
                     "aws cloudtrail put-insight-selectors --trail-name NAME --insight-selectors "
                     "'[{\"InsightType\":\"ApiCallRateInsight\"},{\"InsightType\":\"ApiErrorRateInsight\"}]' を実行してください。"))
def insights_enabled(r: Resource) -> Result:
    selectors = need(r, "_insight_selectors") or []
    types = sorted(str(s.get("InsightType")) for s in selectors if isinstance(s, dict) and s.get("InsightType"))
    return MSG.ok("insights", types=types) if types else MSG.fail("no_insights")


@check(id="aws.cloudtrail.trail_bucket_in_other_account", resource_types=ACCT, severity=Severity.LOW,
       needs_inventory=True, inputs=("aws.s3.bucket",),
       title=T("CloudTrail logs are delivered to a bucket in another account", "CloudTrail ログが別アカウントのバケットに配信されている"),
       description=T("Logs kept in the account they record can be deleted by whoever takes over that account; a "
                     "dedicated log-archive account keeps the record out of the attacker's reach.",
                     "記録対象と同じアカウントに保存されたログは、そのアカウントを乗っ取った者に削除されます。専用のログアーカイブ"
                     "アカウントに置けば攻撃者の手が届きません。"),
       remediation=T("Point the multi-region trail at a bucket in a log-archive account (S3BucketName), with a bucket "
                     "policy that admits only CloudTrail.",
                     "マルチリージョン証跡の配信先 (S3BucketName) を、CloudTrail のみを許可するバケットポリシーを持つログアーカイブ"
                     "アカウントのバケットにしてください。"))
def trail_bucket_in_other_account(r: Resource, inv: Inventory | None = None) -> Result:
    trails = readable(r.data.get("Trails"), "Trails")
    names = sorted({str(t["S3BucketName"]) for t in trails or [] if t.get("IsMultiRegionTrail") and t.get("S3BucketName")})
    if not names:
        return MSG.ok("no_trail_bucket")
    own = {b.name for b in (inv.in_account("aws", r.account, "aws.s3.bucket") if inv else [])}
    here = [n for n in names if n in own]
    return MSG.fail("same_account", buckets=here) if here else Result.ok()
