"""ECS clusters and their services in one region.

ListClusters (paginated), then DescribeClusters in batches of 100 with their settings (Container
Insights) and configuration (ECS Exec logging and encryption); per cluster ListServices
(paginated) and DescribeServices in batches of 10 (the API's limits).  A region without clusters
costs the one listing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import batched, bounded_map, kv, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable_reason

SERVICE = "ecs_clusters"
GLOBAL = False
RESOURCE_TYPES = ("aws.ecs.cluster", "aws.ecs.service")
PERMISSIONS = ("ecs:DescribeClusters", "ecs:DescribeServices", "ecs:ListClusters", "ecs:ListServices")


def _services(ctx: ServiceContext, c: Any, cluster: dict[str, Any]) -> list[Resource]:
    cluster_arn = cluster["clusterArn"]
    arns = read_list(ctx, c, "list_services", "serviceArns", cluster=cluster_arn)
    if is_unreadable(arns):
        ctx.gap("aws.ecs.service", f"ecs: ListServices {cluster.get('clusterName')}: {unreadable_reason(arns)}")
        return []
    out = []
    for batch in batched(list(arns), 10):
        got = ctx.read(c.describe_services, cluster=cluster_arn, services=batch, include=["TAGS"])
        if is_unreadable(got):
            ctx.gap("aws.ecs.service", f"ecs: DescribeServices {cluster.get('clusterName')}: {unreadable_reason(got)}")
            continue
        for s in got.get("services", []):
            out.append(make(ctx, "aws.ecs.service", s["serviceArn"], s.get("serviceName", s["serviceArn"]),
                            {**s, "clusterName": cluster.get("clusterName")},
                            kv(s.get("tags") or [], "key", "value")))
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ecs")
    arns = list(ctx.paginate(c, "list_clusters", "clusterArns"))
    clusters: list[dict[str, Any]] = []
    for batch in batched(arns, 100):
        got = c.describe_clusters(clusters=batch, include=["SETTINGS", "CONFIGURATIONS", "TAGS"])
        clusters += got.get("clusters", [])
    out = [make(ctx, "aws.ecs.cluster", cl["clusterArn"], cl.get("clusterName", cl["clusterArn"]),
                {**cl, "settings": cl.get("settings") or [], "configuration": cl.get("configuration") or {}},
                kv(cl.get("tags") or [], "key", "value")) for cl in clusters]
    for services in bounded_map(lambda cl: _services(ctx, c, cl), clusters):
        out += services
    return out
