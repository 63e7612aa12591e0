"""Redshift provisioned clusters in one region, with their audit-logging status.

DescribeClusters (paginated) carries encryption, public accessibility, snapshot retention,
enhanced VPC routing and the admin user; DescribeLoggingStatus is one call per cluster.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "redshift"
GLOBAL = False
RESOURCE_TYPES = ("aws.redshift.cluster",)
PERMISSIONS = ("redshift:DescribeClusters", "redshift:DescribeLoggingStatus")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("redshift")

    def one(cl: dict[str, Any]) -> Resource:
        cid = cl["ClusterIdentifier"]
        logging = ctx.read(c.describe_logging_status, ClusterIdentifier=cid)
        data = {**cl, "LoggingStatus": logging if is_unreadable(logging)
                else {k: v for k, v in logging.items() if k != "ResponseMetadata"}}
        return make(ctx, "aws.redshift.cluster", f"arn:aws:redshift:{ctx.region}:{ctx.account}:cluster:{cid}", cid,
                    data, cl.get("Tags"))

    return bounded_map(one, ctx.paginate(c, "describe_clusters", "Clusters"))
