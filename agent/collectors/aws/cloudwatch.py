"""Account logging posture for CIS section 3 and 4: trails (with event selectors and status),
the metric filters on their CloudWatch Logs groups, alarms on those metrics and whether the
alarms' SNS topics have subscribers.  Read once per account.

Two resources come out: ``aws.cloudtrail.account`` (every trail, including shadow copies of
multi-region trails) and ``aws.cloudwatch.cis_monitoring`` (filters, alarms, subscriptions for
the trails that deliver to CloudWatch Logs).
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import GLOBAL_REGION, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "cloudwatch"
GLOBAL = True
RESOURCE_TYPES = ("aws.cloudtrail.account", "aws.cloudwatch.cis_monitoring")
PERMISSIONS = (
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetEventSelectors",
    "cloudtrail:GetTrailStatus",
    "cloudwatch:DescribeAlarms",
    "logs:DescribeMetricFilters",
    "sns:ListSubscriptionsByTopic",
)


def _log_group(arn: str | None) -> tuple[str, str] | None:
    # arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*
    if not arn:
        return None
    parts = arn.split(":")
    if len(parts) < 7:
        return None
    return parts[3], parts[6]


def _trails(ctx: ServiceContext) -> list[dict[str, Any]]:
    c = ctx.client("cloudtrail")
    out = []
    for t in c.describe_trails(includeShadowTrails=True).get("trailList", []):
        home = t.get("HomeRegion") or ctx.region
        hc = ctx.client("cloudtrail", home)
        trail = dict(t)
        status = ctx.read(hc.get_trail_status, Name=t["TrailARN"])
        trail["IsLogging"] = status.get("IsLogging") if isinstance(status, dict) and "IsLogging" in status else status
        sel = ctx.read(hc.get_event_selectors, TrailName=t["TrailARN"])
        if isinstance(sel, dict) and not is_unreadable(sel):
            trail["EventSelectors"] = sel.get("EventSelectors", [])
            trail["AdvancedEventSelectors"] = sel.get("AdvancedEventSelectors", [])
        else:
            trail["EventSelectors"] = sel
        out.append(trail)
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    trails = _trails(ctx)
    filters: list[dict[str, Any]] = []
    alarms_by_region: dict[str, Any] = {}
    seen_groups: set[tuple[str, str]] = set()
    for t in trails:
        lg = _log_group(t.get("CloudWatchLogsLogGroupArn"))
        if not lg or lg in seen_groups:
            continue
        seen_groups.add(lg)
        region, name = lg
        got = read_list(ctx, ctx.client("logs", region), "describe_metric_filters", "metricFilters", logGroupName=name)
        if is_unreadable(got):
            filters.append({"logGroupName": name, "region": region, "error": got})
            continue
        filters.extend({**f, "region": region} for f in got)
        if region not in alarms_by_region:
            alarms_by_region[region] = read_list(ctx, ctx.client("cloudwatch", region), "describe_alarms", "MetricAlarms")
    alarms: list[dict[str, Any]] = []
    for region, got in alarms_by_region.items():
        if is_unreadable(got):
            alarms.append({"region": region, "error": got})
            continue
        alarms.extend({k: a.get(k) for k in ("AlarmName", "AlarmArn", "MetricName", "Namespace", "AlarmActions",
                                               "ActionsEnabled")} | {"region": region} for a in got)
    subscriptions: dict[str, Any] = {}
    for a in alarms:
        for topic in a.get("AlarmActions") or []:
            if topic.startswith("arn:aws:sns:") and topic not in subscriptions:
                subs = read_list(ctx, ctx.client("sns", topic.split(":")[3]), "list_subscriptions_by_topic",
                                 "Subscriptions", missing=("NotFound",), TopicArn=topic)
                subscriptions[topic] = subs if is_unreadable(subs) else sum(
                    1 for s in subs if str(s.get("SubscriptionArn", "")).startswith("arn:"))
    acct = ctx.account
    return [
        make(ctx, "aws.cloudtrail.account", f"arn:aws:cloudtrail::{acct}:account", f"cloudtrail {acct}",
             {"Trails": trails}, region=GLOBAL_REGION),
        make(ctx, "aws.cloudwatch.cis_monitoring", f"arn:aws:cloudwatch::{acct}:cis-monitoring",
             f"cis monitoring {acct}", {"Trails": trails, "MetricFilters": filters, "Alarms": alarms,
                                        "TopicSubscriptions": subscriptions}, region=GLOBAL_REGION),
    ]
