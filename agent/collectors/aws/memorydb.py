"""MemoryDB clusters in one region (DescribeClusters with a NextToken; no per-cluster calls)."""

from __future__ import annotations

from agent.collectors.aws._util import make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "memorydb"
GLOBAL = False
RESOURCE_TYPES = ("aws.memorydb.cluster",)
PERMISSIONS = ("memorydb:DescribeClusters",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("memorydb")
    return [make(ctx, "aws.memorydb.cluster", cl["ARN"], cl["Name"], cl) for cl in token_pages(c.describe_clusters, "Clusters")]
