"""ElastiCache in one region: replication groups (Redis/Valkey) and the cache clusters outside
any group (Memcached, single-node Redis), from two paginated Describe calls; no per-item calls."""

from __future__ import annotations

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "elasticache"
GLOBAL = False
RESOURCE_TYPES = ("aws.elasticache.replication_group", "aws.elasticache.cache_cluster")
PERMISSIONS = ("elasticache:DescribeCacheClusters", "elasticache:DescribeReplicationGroups")


def _groups(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("elasticache")
    return [make(ctx, "aws.elasticache.replication_group",
                 g.get("ARN") or arn(ctx, "elasticache", f"replicationgroup:{g['ReplicationGroupId']}"),
                 g["ReplicationGroupId"], g)
            for g in ctx.paginate(c, "describe_replication_groups", "ReplicationGroups")]


def _clusters(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("elasticache")
    return [make(ctx, "aws.elasticache.cache_cluster", cl.get("ARN") or arn(ctx, "elasticache", f"cluster:{cl['CacheClusterId']}"),
                 cl["CacheClusterId"], cl)
            for cl in ctx.paginate(c, "describe_cache_clusters", "CacheClusters")]


def collect(ctx: ServiceContext) -> list[Resource]:
    return (listed(ctx, "aws.elasticache.replication_group", lambda: _groups(ctx))
            + listed(ctx, "aws.elasticache.cache_cluster", lambda: _clusters(ctx)))
