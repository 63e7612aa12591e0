"""CloudFront distributions (global): ListDistributions (paginated), then GetDistributionConfig per
distribution for the settings the listing leaves out (standard logging, default root object).

The resource's data is the distribution's ``DistributionConfig`` plus ``Id``, ``ARN``,
``DomainName`` and ``Status``; an unreadable config keeps the summary with ``Logging`` and
``DefaultRootObject`` marked unreadable.  Origin custom header values are dropped (shared secrets).  An account without distributions costs one call.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import GLOBAL_REGION, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "cloudfront"
GLOBAL = True
RESOURCE_TYPES = ("aws.cloudfront.distribution",)
PERMISSIONS = ("cloudfront:GetDistributionConfig", "cloudfront:ListDistributions")
SUMMARY_KEYS = ("Id", "ARN", "DomainName", "Status")


def _drop_header_values(data: dict[str, Any]) -> None:
    """Origin custom headers often carry a shared secret the origin checks: keep the names only."""
    for origin in (data.get("Origins") or {}).get("Items") or []:
        headers = origin.get("CustomHeaders") or {}
        for h in headers.get("Items") or []:
            h.pop("HeaderValue", None)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("cloudfront", "us-east-1")
    summaries = [d for page in c.get_paginator("list_distributions").paginate()
                 for d in (page.get("DistributionList") or {}).get("Items", [])]

    def one(d: dict[str, Any]) -> Resource:
        got = ctx.read(c.get_distribution_config, Id=d["Id"])
        if is_unreadable(got):
            data = {**d, "Logging": got, "DefaultRootObject": got}
        else:
            data = {**got.get("DistributionConfig", {}), **{k: d.get(k) for k in SUMMARY_KEYS}}
        _drop_header_values(data)
        return make(ctx, "aws.cloudfront.distribution", d["ARN"], d.get("DomainName") or d["Id"], data,
                    region=GLOBAL_REGION)

    return bounded_map(one, summaries)
