"""DMS replication instances in one region (DescribeReplicationInstances, paginated; no per-item calls)."""

from __future__ import annotations

from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "dms"
GLOBAL = False
RESOURCE_TYPES = ("aws.dms.replication_instance",)
PERMISSIONS = ("dms:DescribeReplicationInstances",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("dms")
    return [make(ctx, "aws.dms.replication_instance", ri["ReplicationInstanceArn"], ri["ReplicationInstanceIdentifier"], ri)
            for ri in ctx.paginate(c, "describe_replication_instances", "ReplicationInstances")]
