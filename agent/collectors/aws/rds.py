"""RDS in one region: DB instances, DB clusters (Aurora, DocumentDB, Neptune share the RDS API),
and manual DB and cluster snapshots with who may restore them.

Instances, clusters and snapshots come from paginated ``Describe*`` calls.  Sharing of a manual
snapshot (``restore`` attribute) has no batch read: one ``DescribeDBSnapshotAttributes`` /
``DescribeDBClusterSnapshotAttributes`` per manual snapshot, on a bounded pool.  Automated
snapshots cannot be shared, so they are not asked.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import bounded_map, jsonable, listed
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource, is_unreadable

SERVICE = "rds"
GLOBAL = False
RESOURCE_TYPES = ("aws.rds.db_instance", "aws.rds.db_snapshot", "aws.rds.db_cluster", "aws.rds.db_cluster_snapshot",
                  "aws.docdb.cluster", "aws.neptune.cluster")
PERMISSIONS = (
    "rds:DescribeDBClusterSnapshotAttributes",
    "rds:DescribeDBClusterSnapshots",
    "rds:DescribeDBClusters",
    "rds:DescribeDBInstances",
    "rds:DescribeDBSnapshotAttributes",
    "rds:DescribeDBSnapshots",
)
# DocumentDB and Neptune clusters come from the same DescribeDBClusters answer; their own types
# carry their own checks (their FSBP controls differ from Aurora's).
CLUSTER_TYPE = {"docdb": "aws.docdb.cluster", "neptune": "aws.neptune.cluster"}


def _instances(ctx: ServiceContext, rds: Any) -> list[Resource]:
    out = []
    for db in ctx.paginate(rds, "describe_db_instances", "DBInstances"):
        arn = db.get("DBInstanceArn") or f"arn:aws:rds:{ctx.region}:{ctx.account}:db:{db['DBInstanceIdentifier']}"
        out.append(Resource("aws", ctx.account, ctx.region, "aws.rds.db_instance", arn, db["DBInstanceIdentifier"],
                            tags_dict(db.get("TagList")), jsonable(db)))
    return out


def _restore_allowed(ctx: ServiceContext, read: Any, result_key: str, attrs_key: str, **ident: str) -> Any:
    """The accounts (or "all") a manual snapshot's ``restore`` attribute names, or unreadable."""
    attrs = ctx.read(read, **ident)
    if is_unreadable(attrs):
        return attrs
    values = [a.get("AttributeValues", []) for a in attrs.get(result_key, {}).get(attrs_key, [])
              if a.get("AttributeName") == "restore"]
    return [v for vs in values for v in vs]


def _snapshot(ctx: ServiceContext, rds: Any, snap: dict[str, Any]) -> Resource:
    sid = snap["DBSnapshotIdentifier"]
    data = jsonable(snap)
    data["_encrypted"] = bool(snap.get("Encrypted"))
    data["_restore_allowed"] = _restore_allowed(
        ctx, rds.describe_db_snapshot_attributes, "DBSnapshotAttributesResult", "DBSnapshotAttributes",
        DBSnapshotIdentifier=sid) if snap.get("SnapshotType") == "manual" else []
    arn = snap.get("DBSnapshotArn") or f"arn:aws:rds:{ctx.region}:{ctx.account}:snapshot:{sid}"
    return Resource("aws", ctx.account, ctx.region, "aws.rds.db_snapshot", arn, sid, tags_dict(snap.get("TagList")),
                    data)


def _cluster_snapshot(ctx: ServiceContext, rds: Any, snap: dict[str, Any]) -> Resource:
    sid = snap["DBClusterSnapshotIdentifier"]
    data = jsonable(snap)
    data["_encrypted"] = bool(snap.get("StorageEncrypted"))
    data["_restore_allowed"] = _restore_allowed(
        ctx, rds.describe_db_cluster_snapshot_attributes, "DBClusterSnapshotAttributesResult",
        "DBClusterSnapshotAttributes", DBClusterSnapshotIdentifier=sid) if snap.get("SnapshotType") == "manual" else []
    arn = snap.get("DBClusterSnapshotArn") or f"arn:aws:rds:{ctx.region}:{ctx.account}:cluster-snapshot:{sid}"
    return Resource("aws", ctx.account, ctx.region, "aws.rds.db_cluster_snapshot", arn, sid,
                    tags_dict(snap.get("TagList")), data)


def _snapshots(ctx: ServiceContext, rds: Any) -> list[Resource]:
    snaps = list(ctx.paginate(rds, "describe_db_snapshots", "DBSnapshots"))
    return bounded_map(lambda s: _snapshot(ctx, rds, s), snaps)


def _cluster_snapshots(ctx: ServiceContext, rds: Any) -> list[Resource]:
    snaps = list(ctx.paginate(rds, "describe_db_cluster_snapshots", "DBClusterSnapshots"))
    return bounded_map(lambda s: _cluster_snapshot(ctx, rds, s), snaps)


def _clusters(ctx: ServiceContext, rds: Any) -> list[Resource]:
    out = []
    for cl in ctx.paginate(rds, "describe_db_clusters", "DBClusters"):
        cid = cl["DBClusterIdentifier"]
        arn = cl.get("DBClusterArn") or f"arn:aws:rds:{ctx.region}:{ctx.account}:cluster:{cid}"
        rtype = CLUSTER_TYPE.get(str(cl.get("Engine", "")), "aws.rds.db_cluster")
        out.append(Resource("aws", ctx.account, ctx.region, rtype, arn, cid, tags_dict(cl.get("TagList")), jsonable(cl)))
    return out


def _listed_clusters(ctx: ServiceContext, rds: Any) -> list[Resource]:
    """The clusters, or a coverage gap for every cluster type when the one listing fails."""
    got = listed(ctx, "aws.rds.db_cluster", lambda: _clusters(ctx, rds))
    for gap in [g for g in ctx.gaps if g[0] == "aws.rds.db_cluster"]:
        ctx.gaps.extend((t, gap[1]) for t in CLUSTER_TYPE.values())
    return got


def collect(ctx: ServiceContext) -> list[Resource]:
    rds = ctx.client()
    return (listed(ctx, "aws.rds.db_instance", lambda: _instances(ctx, rds))
            + listed(ctx, "aws.rds.db_snapshot", lambda: _snapshots(ctx, rds))
            + _listed_clusters(ctx, rds)
            + listed(ctx, "aws.rds.db_cluster_snapshot", lambda: _cluster_snapshots(ctx, rds)))
