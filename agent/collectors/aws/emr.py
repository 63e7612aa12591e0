"""EMR in one region: active clusters (ListClusters in STARTING/BOOTSTRAPPING/RUNNING/WAITING),
each with DescribeCluster, the public IPs of its primary (master) nodes (ListInstances) and the
security configuration it names (DescribeSecurityConfiguration, once per name); and the
region's block-public-access configuration, read only when a cluster is active, so a region
without clusters costs one call and yields nothing.
"""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws._util import arn, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "emr"
GLOBAL = False
RESOURCE_TYPES = ("aws.emr.cluster", "aws.emr.block_public_access")
PERMISSIONS = ("elasticmapreduce:ListClusters", "elasticmapreduce:DescribeCluster", "elasticmapreduce:ListInstances",
               "elasticmapreduce:DescribeSecurityConfiguration",
               "elasticmapreduce:GetBlockPublicAccessConfiguration")
ACTIVE = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]


def _security_configuration(ctx: ServiceContext, c: Any, name: str) -> Any:
    got = ctx.read(c.describe_security_configuration, Name=name)
    if is_unreadable(got):
        return got
    try:
        doc = json.loads(got.get("SecurityConfiguration") or "{}")
    except ValueError:
        return unreadable(f"security configuration {name!r}: not JSON")
    return doc if isinstance(doc, dict) else unreadable(f"security configuration {name!r}: not an object")


def _master_ips(ctx: ServiceContext, c: Any, cluster: dict[str, Any]) -> Any:
    fleet = cluster.get("InstanceCollectionType") == "INSTANCE_FLEET"
    kw = {"InstanceFleetType": "MASTER"} if fleet else {"InstanceGroupTypes": ["MASTER"]}
    got = ctx.read(lambda: list(ctx.paginate(c, "list_instances", "Instances", ClusterId=cluster["Id"], **kw)))
    return got if is_unreadable(got) else sorted({i["PublicIpAddress"] for i in got if i.get("PublicIpAddress")})


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("emr")
    listed = list(ctx.paginate(c, "list_clusters", "Clusters", ClusterStates=ACTIVE))
    if not listed:
        return []
    bpa = ctx.read(c.get_block_public_access_configuration)
    out = [make(ctx, "aws.emr.block_public_access", arn(ctx, "elasticmapreduce", "block-public-access"),
                f"block public access {ctx.region}",
                {"BlockPublicAccessConfiguration": bpa if is_unreadable(bpa)
                 else bpa.get("BlockPublicAccessConfiguration", {})})]
    configs: dict[str, Any] = {}

    def one(summary: dict[str, Any]) -> Resource:
        got = ctx.read(c.describe_cluster, ClusterId=summary["Id"])
        if is_unreadable(got):  # every setting the checks read is then unreadable
            data = {**summary, **dict.fromkeys(("LogUri", "MasterPublicIps", "SecurityConfigurationDocument"), got)}
            return make(ctx, "aws.emr.cluster", summary.get("ClusterArn") or arn(ctx, "elasticmapreduce", f"cluster/{summary['Id']}"),
                        summary.get("Name") or summary["Id"], data)
        cl = got.get("Cluster", {})
        name = cl.get("SecurityConfiguration")
        data = {"LogUri": None, **cl, "MasterPublicIps": _master_ips(ctx, c, cl)}
        if name:
            if name not in configs:
                configs[name] = _security_configuration(ctx, c, name)
            data["SecurityConfigurationDocument"] = configs[name]
        else:
            data["SecurityConfigurationDocument"] = None
        return make(ctx, "aws.emr.cluster", summary.get("ClusterArn") or arn(ctx, "elasticmapreduce", f"cluster/{summary['Id']}"),
                    summary.get("Name") or summary["Id"], data, cl.get("Tags"))

    return out + bounded_map(one, listed)
