"""Amazon FSx file systems (Windows File Server, Lustre, NetApp ONTAP, OpenZFS) in one region:
DescribeFileSystems (paginated) carries the KMS key and each type's configuration block (backups,
copy-tags, deployment type, audit logs); no per-file-system call."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource

SERVICE = "fsx"
GLOBAL = False
RESOURCE_TYPES = ("aws.fsx.file_system",)
PERMISSIONS = ("fsx:DescribeFileSystems",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("fsx")
    return [make(ctx, "aws.fsx.file_system", fs.get("ResourceARN") or arn(ctx, "fsx", f"file-system/{fs['FileSystemId']}"),
                 tags_dict(fs.get("Tags")).get("Name") or fs["FileSystemId"], fs, fs.get("Tags"))
            for fs in ctx.paginate(c, "describe_file_systems", "FileSystems")]
