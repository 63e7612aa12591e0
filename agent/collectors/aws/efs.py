"""EFS file systems: encryption at rest, file-system policy and backup policy (one call each per file system)."""

from __future__ import annotations

from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "efs"
GLOBAL = False
RESOURCE_TYPES = ("aws.efs.file_system",)
PERMISSIONS = (
    "elasticfilesystem:DescribeBackupPolicy",
    "elasticfilesystem:DescribeFileSystemPolicy",
    "elasticfilesystem:DescribeFileSystems",
)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    out = []
    for fs in ctx.paginate(c, "describe_file_systems", "FileSystems"):
        data = dict(fs)
        pol = ctx.read(c.describe_file_system_policy, FileSystemId=fs["FileSystemId"],
                       missing=("PolicyNotFound", "FileSystemNotFound"))
        data["Policy"] = pol.get("Policy") if isinstance(pol, dict) and "Policy" in pol else pol
        bp = ctx.read(c.describe_backup_policy, FileSystemId=fs["FileSystemId"],
                      missing=("PolicyNotFound", "FileSystemNotFound"))
        data["BackupPolicy"] = bp.get("BackupPolicy") if isinstance(bp, dict) and "BackupPolicy" in bp else bp
        rid = fs.get("FileSystemArn") or fs["FileSystemId"]
        out.append(make(ctx, "aws.efs.file_system", rid, fs.get("Name") or fs["FileSystemId"], data, fs.get("Tags")))
    return out
