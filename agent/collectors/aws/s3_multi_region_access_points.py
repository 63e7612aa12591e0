"""S3 Multi-Region Access Points of the account, with their Block Public Access settings.

The Multi-Region Access Point API is served from us-west-2 only (the AWS documentation names it
as the control-plane Region); ListMultiRegionAccessPoints (S3 Control, NextToken) carries each
point's ``PublicAccessBlock`` in the listing, so there is no per-point call.
"""

from __future__ import annotations

from agent.collectors.aws._util import GLOBAL_REGION, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "s3_mrap"
GLOBAL = True
RESOURCE_TYPES = ("aws.s3.multi_region_access_point",)
PERMISSIONS = ("s3:ListMultiRegionAccessPoints",)
CONTROL_REGION = "us-west-2"


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("s3control", CONTROL_REGION)
    points = token_pages(c.list_multi_region_access_points, "AccessPoints", AccountId=ctx.account)
    return [make(ctx, "aws.s3.multi_region_access_point", f"arn:aws:s3::{ctx.account}:accesspoint/{p['Alias']}",
                 p["Name"], p, region=GLOBAL_REGION) for p in points]
