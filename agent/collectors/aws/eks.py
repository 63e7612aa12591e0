"""EKS clusters: endpoint access, control-plane logging, secrets encryption, version."""

from __future__ import annotations

from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.model import Resource

SERVICE = "eks"
GLOBAL = False
RESOURCE_TYPES = ("aws.eks.cluster",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    out = []
    for name in ctx.paginate(c, "list_clusters", "clusters"):
        cluster = c.describe_cluster(name=name)["cluster"]  # no batch describe exists for EKS
        out.append(make(ctx, "aws.eks.cluster", cluster["arn"], name, cluster, cluster.get("tags") or {}))
    return out
