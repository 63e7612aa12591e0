"""EFS file systems and access points in one region.

DescribeFileSystems (paginated), then per file system DescribeFileSystemPolicy,
DescribeBackupPolicy and DescribeMountTargets (the subnets of its mount targets:
``_mount_target_subnets``).  Access points are one paginated DescribeAccessPoints for the
region, sent only when the region has file systems.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import bounded_map, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "efs"
GLOBAL = False
RESOURCE_TYPES = ("aws.efs.file_system", "aws.efs.access_point")
PERMISSIONS = (
    "elasticfilesystem:DescribeAccessPoints",
    "elasticfilesystem:DescribeBackupPolicy",
    "elasticfilesystem:DescribeFileSystemPolicy",
    "elasticfilesystem:DescribeFileSystems",
    "elasticfilesystem:DescribeMountTargets",
)
GONE = ("FileSystemNotFound",)


def _file_system(ctx: ServiceContext, c: Any, fs: dict[str, Any]) -> Resource:
    fid = fs["FileSystemId"]
    data = dict(fs)
    pol = ctx.read(c.describe_file_system_policy, FileSystemId=fid, missing=("PolicyNotFound", *GONE))
    data["Policy"] = pol.get("Policy") if isinstance(pol, dict) and "Policy" in pol else pol
    bp = ctx.read(c.describe_backup_policy, FileSystemId=fid, missing=("PolicyNotFound", *GONE))
    data["BackupPolicy"] = bp.get("BackupPolicy") if isinstance(bp, dict) and "BackupPolicy" in bp else bp
    mts = read_list(ctx, c, "describe_mount_targets", "MountTargets", missing=GONE, FileSystemId=fid)
    data["_mount_target_subnets"] = mts if is_unreadable(mts) else sorted({m["SubnetId"] for m in mts if m.get("SubnetId")})
    rid = fs.get("FileSystemArn") or fid
    return make(ctx, "aws.efs.file_system", rid, fs.get("Name") or fid, data, fs.get("Tags"))


def _access_points(ctx: ServiceContext, c: Any) -> list[Resource]:
    return [make(ctx, "aws.efs.access_point", ap.get("AccessPointArn") or ap["AccessPointId"],
                 ap.get("Name") or ap["AccessPointId"], ap, ap.get("Tags"))
            for ap in ctx.paginate(c, "describe_access_points", "AccessPoints")]


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    systems = list(ctx.paginate(c, "describe_file_systems", "FileSystems"))
    if not systems:
        return []  # an access point belongs to a file system: one call for a region without EFS
    return (bounded_map(lambda fs: _file_system(ctx, c, fs), systems)
            + listed(ctx, "aws.efs.access_point", lambda: _access_points(ctx, c)))
