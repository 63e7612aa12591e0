"""EKS clusters: endpoint access, control-plane logging, secrets encryption, version."""

from __future__ import annotations

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "eks"
GLOBAL = False
RESOURCE_TYPES = ("aws.eks.cluster",)
PERMISSIONS = ("eks:DescribeCluster", "eks:ListClusters")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(name: str) -> Resource:
        cluster = c.describe_cluster(name=name)["cluster"]  # no batch describe exists for EKS
        return make(ctx, "aws.eks.cluster", cluster["arn"], name, cluster, cluster.get("tags") or {})

    return bounded_map(one, ctx.paginate(c, "list_clusters", "clusters"))
