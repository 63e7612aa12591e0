"""Redshift provisioned clusters in one region, with their audit-logging status and the TLS and
user-activity-logging parameters of their parameter groups.

DescribeClusters (paginated) carries encryption, public accessibility, snapshot retention,
enhanced VPC routing, the admin user, database name, port and Multi-AZ; DescribeLoggingStatus is
one call per cluster; DescribeClusterParameters (paginated) one per parameter group in use.
"""

from __future__ import annotations

import threading
from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "redshift"
GLOBAL = False
RESOURCE_TYPES = ("aws.redshift.cluster",)
PERMISSIONS = ("redshift:DescribeClusters", "redshift:DescribeLoggingStatus", "redshift:DescribeClusterParameters")
PARAMETERS = ("require_ssl", "enable_user_activity_logging")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("redshift")
    groups: dict[str, Any] = {}
    lock = threading.Lock()

    def parameters(name: str) -> Any:
        """{parameter: value} of the checks' parameters in one group (read once per scan unit)."""
        with lock:
            if name not in groups:
                got = ctx.read(lambda: list(ctx.paginate(c, "describe_cluster_parameters", "Parameters",
                                                         ParameterGroupName=name)))
                groups[name] = got if is_unreadable(got) else {
                    p["ParameterName"]: p.get("ParameterValue") for p in got if p.get("ParameterName") in PARAMETERS}
            return groups[name]

    def one(cl: dict[str, Any]) -> Resource:
        cid = cl["ClusterIdentifier"]
        logging = ctx.read(c.describe_logging_status, ClusterIdentifier=cid)
        pgs = [g["ParameterGroupName"] for g in cl.get("ClusterParameterGroups") or [] if g.get("ParameterGroupName")]
        data = {**cl, "LoggingStatus": logging if is_unreadable(logging)
                else {k: v for k, v in logging.items() if k != "ResponseMetadata"},
                "ClusterParameters": parameters(pgs[0]) if pgs else {}}
        return make(ctx, "aws.redshift.cluster", f"arn:aws:redshift:{ctx.region}:{ctx.account}:cluster:{cid}", cid,
                    data, cl.get("Tags"))

    return bounded_map(one, ctx.paginate(c, "describe_clusters", "Clusters"))
