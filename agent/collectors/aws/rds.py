"""RDS in one region: DB instances, and manual DB snapshots with who may restore them.

Instances and snapshots come from paginated ``Describe*`` calls.  Sharing of a manual snapshot
(``restore`` attribute) has no batch read: one ``DescribeDBSnapshotAttributes`` per manual
snapshot, on a bounded pool.  Automated snapshots cannot be shared, so they are not asked.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import bounded_map, jsonable, listed
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource, is_unreadable

SERVICE = "rds"
GLOBAL = False
RESOURCE_TYPES = ("aws.rds.db_instance", "aws.rds.db_snapshot")


def _instances(ctx: ServiceContext, rds: Any) -> list[Resource]:
    out = []
    for db in ctx.paginate(rds, "describe_db_instances", "DBInstances"):
        arn = db.get("DBInstanceArn") or f"arn:aws:rds:{ctx.region}:{ctx.account}:db:{db['DBInstanceIdentifier']}"
        out.append(Resource("aws", ctx.account, ctx.region, "aws.rds.db_instance", arn, db["DBInstanceIdentifier"],
                            tags_dict(db.get("TagList")), jsonable(db)))
    return out


def _snapshot(ctx: ServiceContext, rds: Any, snap: dict[str, Any]) -> Resource:
    sid = snap["DBSnapshotIdentifier"]
    data = jsonable(snap)
    if snap.get("SnapshotType") == "manual":
        attrs = ctx.read(rds.describe_db_snapshot_attributes, DBSnapshotIdentifier=sid)
        if is_unreadable(attrs):
            data["_restore_allowed"] = attrs
        else:
            values = [a.get("AttributeValues", []) for a in
                      attrs.get("DBSnapshotAttributesResult", {}).get("DBSnapshotAttributes", [])
                      if a.get("AttributeName") == "restore"]
            data["_restore_allowed"] = [v for vs in values for v in vs]
    else:
        data["_restore_allowed"] = []
    arn = snap.get("DBSnapshotArn") or f"arn:aws:rds:{ctx.region}:{ctx.account}:snapshot:{sid}"
    return Resource("aws", ctx.account, ctx.region, "aws.rds.db_snapshot", arn, sid, tags_dict(snap.get("TagList")),
                    data)


def _snapshots(ctx: ServiceContext, rds: Any) -> list[Resource]:
    snaps = list(ctx.paginate(rds, "describe_db_snapshots", "DBSnapshots"))
    return bounded_map(lambda s: _snapshot(ctx, rds, s), snaps)


def collect(ctx: ServiceContext) -> list[Resource]:
    rds = ctx.client()
    return (listed(ctx, "aws.rds.db_instance", lambda: _instances(ctx, rds))
            + listed(ctx, "aws.rds.db_snapshot", lambda: _snapshots(ctx, rds)))
