"""CloudTrail in one region: the trails homed here, and the region's trail coverage.

``DescribeTrails`` (with shadow trails) lists every trail that records this region: the ones homed
here and the multi-region trails homed elsewhere.  Status and event selectors have no batch form:
one ``GetTrailStatus`` and one ``GetEventSelectors`` per listed trail, asked by ARN in the
trail's home region.

Two resource types come out:

* ``aws.cloudtrail.trail`` — each trail, in its home region only (so it is reported once), with
  ``_status``, ``_event_selectors`` and ``_insight_selectors`` (``GetInsightSelectors`` for the
  trails homed here; a trail without Insights answers ``InsightNotEnabledException``: ``[]``);
* ``aws.cloudtrail.region`` — one per region, ``_trails`` summarising every trail recording the
  region, so "no trail at all" is a FAIL on something rather than a silence.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import bounded_map, jsonable
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "cloudtrail"
GLOBAL = False
RESOURCE_TYPES = ("aws.cloudtrail.trail", "aws.cloudtrail.region")
PERMISSIONS = ("cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors",
               "cloudtrail:GetTrailStatus")


def _details(ctx: ServiceContext, trail: dict[str, Any]) -> dict[str, Any]:
    arn = trail["TrailARN"]
    # Asked in the trail's home region: a shadow trail's region does not always answer for it.
    ct = ctx.client("cloudtrail", trail.get("HomeRegion") or ctx.region)
    data = jsonable(trail)
    status = ctx.read(ct.get_trail_status, Name=arn)
    data["_status"] = status if is_unreadable(status) else jsonable(status)
    sel = ctx.read(ct.get_event_selectors, TrailName=arn)
    if is_unreadable(sel):
        data["_event_selectors"] = sel
    else:
        data["_event_selectors"] = {"EventSelectors": jsonable(sel.get("EventSelectors", [])),
                                    "AdvancedEventSelectors": jsonable(sel.get("AdvancedEventSelectors", []))}
    if (trail.get("HomeRegion") or ctx.region) == ctx.region:
        ins = ctx.read(ct.get_insight_selectors, TrailName=arn, missing=("InsightNotEnabledException",), default={})
        data["_insight_selectors"] = ins if is_unreadable(ins) else jsonable(ins.get("InsightSelectors", []))
    return data


def _summary(t: dict[str, Any]) -> dict[str, Any]:
    status = t["_status"]
    return {
        "TrailARN": t.get("TrailARN"),
        "Name": t.get("Name"),
        "HomeRegion": t.get("HomeRegion"),
        "IsMultiRegionTrail": bool(t.get("IsMultiRegionTrail")),
        "IsLogging": status if is_unreadable(status) else bool(status.get("IsLogging")),
        "EventSelectors": t["_event_selectors"],
    }


def collect(ctx: ServiceContext) -> list[Resource]:
    ct = ctx.client()
    trails = ct.describe_trails(includeShadowTrails=True).get("trailList", [])
    details = bounded_map(lambda t: _details(ctx, t), trails, workers=4)
    out = []
    for t in details:
        if t.get("HomeRegion", ctx.region) != ctx.region:
            continue
        out.append(Resource("aws", ctx.account, ctx.region, "aws.cloudtrail.trail", t["TrailARN"], t.get("Name", ""),
                            {}, t))
    out.append(Resource("aws", ctx.account, ctx.region, "aws.cloudtrail.region",
                        f"arn:aws:cloudtrail:{ctx.region}:{ctx.account}:region-trails", f"cloudtrail {ctx.region}",
                        {}, {"Region": ctx.region, "_trails": [_summary(t) for t in details]}))
    return out
