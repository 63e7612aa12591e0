"""S3 access points of the account in one region, each with its access point policy and its
Block Public Access settings.

ListAccessPoints (S3 Control, NextToken) lists them; GetAccessPoint (``PublicAccessBlockConfiguration``),
GetAccessPointPolicy and GetAccessPointPolicyStatus have no batch form, so they are calls per access
point on a bounded pool.  "No policy" is the error NoSuchAccessPointPolicy.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, policy_field, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "s3_access_points"
GLOBAL = False
RESOURCE_TYPES = ("aws.s3.access_point",)
PERMISSIONS = ("s3:GetAccessPoint", "s3:GetAccessPointPolicy", "s3:GetAccessPointPolicyStatus", "s3:ListAccessPoints")
NO_POLICY = ("NoSuchAccessPointPolicy",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("s3control")
    points = token_pages(c.list_access_points, "AccessPointList", AccountId=ctx.account)

    def one(ap: dict[str, Any]) -> Resource:
        name = ap["Name"]
        arn = ap.get("AccessPointArn") or f"arn:aws:s3:{ctx.region}:{ctx.account}:accesspoint/{name}"
        got = ctx.read(c.get_access_point_policy, AccountId=ctx.account, Name=name, missing=NO_POLICY)
        status = ctx.read(c.get_access_point_policy_status, AccountId=ctx.account, Name=name, missing=NO_POLICY)
        detail = ctx.read(c.get_access_point, AccountId=ctx.account, Name=name)
        data = {**ap, "Policy": policy_field(got, "Policy"),
                "PublicAccessBlockConfiguration": detail if is_unreadable(detail)
                else detail.get("PublicAccessBlockConfiguration"),
                "PolicyStatus": status.get("PolicyStatus") if isinstance(status, dict) and "PolicyStatus" in status
                else status}
        return make(ctx, "aws.s3.access_point", arn, name, data)

    return bounded_map(one, points)
