"""DynamoDB Accelerator (DAX) clusters in one region: DescribeClusters (paginated) carries the
encryption at rest (``SSEDescription``) and of the cluster endpoint (``ClusterEndpointEncryptionType``);
no per-cluster call."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "dax"
GLOBAL = False
RESOURCE_TYPES = ("aws.dax.cluster",)
PERMISSIONS = ("dax:DescribeClusters",)
# What an answer without the field means (clusters created before the setting existed omit it).
DEFAULTS = {"SSEDescription": {"Status": "DISABLED"}, "ClusterEndpointEncryptionType": "NONE"}


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("dax")
    return [make(ctx, "aws.dax.cluster", cl.get("ClusterArn") or arn(ctx, "dax", f"cache/{cl['ClusterName']}"),
                 cl["ClusterName"], {**DEFAULTS, **cl})
            for cl in ctx.paginate(c, "describe_clusters", "Clusters")]
