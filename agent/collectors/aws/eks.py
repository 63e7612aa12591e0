"""EKS clusters (endpoint access, control-plane logging, secrets encryption, version, access
configuration) and their managed node groups (remote access, AMI type).

ListClusters, then per cluster DescribeCluster, ListNodegroups and DescribeNodegroup per node
group (EKS has no batch describe).  A region without clusters costs the one listing.
"""

from __future__ import annotations

from agent.collectors.aws._util import bounded_map, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable_reason

SERVICE = "eks"
GLOBAL = False
RESOURCE_TYPES = ("aws.eks.cluster", "aws.eks.nodegroup")
PERMISSIONS = ("eks:DescribeCluster", "eks:DescribeNodegroup", "eks:ListClusters", "eks:ListNodegroups")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(name: str) -> list[Resource]:
        cluster = c.describe_cluster(name=name)["cluster"]
        out = [make(ctx, "aws.eks.cluster", cluster["arn"], name, cluster, cluster.get("tags") or {})]
        groups = read_list(ctx, c, "list_nodegroups", "nodegroups", clusterName=name)
        if is_unreadable(groups):
            ctx.gap("aws.eks.nodegroup", f"eks: ListNodegroups {name}: {unreadable_reason(groups)}")
            return out
        for g in groups:
            ng = c.describe_nodegroup(clusterName=name, nodegroupName=g)["nodegroup"]
            out.append(make(ctx, "aws.eks.nodegroup", ng["nodegroupArn"], g, ng, ng.get("tags") or {}))
        return out

    return [r for rs in bounded_map(one, list(ctx.paginate(c, "list_clusters", "clusters"))) for r in rs]
