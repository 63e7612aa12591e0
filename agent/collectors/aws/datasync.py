"""AWS DataSync tasks and locations in one region.

ListTasks then DescribeTask per task (the CloudWatch log group and the task's log level);
ListLocations then one Describe call per location of the kinds whose transport security is a
setting: EFS (``InTransitEncryption``), object storage (``ServerProtocol``) and SMB
(``MountOptions.Version``).  Locations of other kinds (S3, FSx, NFS, HDFS…) carry no such
setting and are not reported.  The kind is the scheme of ``LocationUri`` (``efs://``…).  A task
joins two locations, so a region without locations has no task and costs the one listing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "datasync"
GLOBAL = False
RESOURCE_TYPES = ("aws.datasync.task", "aws.datasync.efs_location", "aws.datasync.object_storage_location",
                  "aws.datasync.smb_location")
PERMISSIONS = ("datasync:DescribeLocationEfs", "datasync:DescribeLocationObjectStorage", "datasync:DescribeLocationSmb",
               "datasync:DescribeTask", "datasync:ListLocations", "datasync:ListTasks")
_GONE: Any = object()
NOT_FOUND = ("InvalidRequestException", "ResourceNotFoundException")
# scheme of LocationUri -> (resource type, describe operation, the settings a check reads with the
# API's defaults for an answer that leaves them out)
KINDS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "efs": ("aws.datasync.efs_location", "describe_location_efs", {"InTransitEncryption": "NONE"}),
    "object-storage": ("aws.datasync.object_storage_location", "describe_location_object_storage",
                       {"ServerProtocol": "HTTPS"}),
    "smb": ("aws.datasync.smb_location", "describe_location_smb", {"MountOptions": {}}),
}


def _detail(ctx: ServiceContext, call: Any, defaults: dict[str, Any], item: dict[str, Any], **kwargs: Any) -> Any:
    """The listing's item with the Describe answer over it; None when it is gone; every setting
    a check reads unreadable when the answer is."""
    got = ctx.read(call, **kwargs, missing=NOT_FOUND, default=_GONE)
    if got is _GONE:
        return None
    if is_unreadable(got):
        return {**item, **dict.fromkeys(defaults, got)}
    return {**defaults, **item, **got}


def _tasks(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("datasync")

    def one(t: dict[str, Any]) -> Resource | None:
        # an answer without them: no log group, the default options
        d = _detail(ctx, c.describe_task, {"CloudWatchLogGroupArn": None, "Options": {}}, t, TaskArn=t["TaskArn"])
        return None if d is None else make(ctx, "aws.datasync.task", t["TaskArn"], t.get("Name") or t["TaskArn"], d)

    return [r for r in bounded_map(one, list(ctx.paginate(c, "list_tasks", "Tasks"))) if r is not None]


def _locations(ctx: ServiceContext, listing: list[dict[str, Any]]) -> list[Resource]:
    c = ctx.client("datasync")
    wanted = [(loc, KINDS[kind]) for loc in listing
              if (kind := str(loc.get("LocationUri", "")).split("://", 1)[0]) in KINDS]

    def one(item: tuple[dict[str, Any], tuple[str, str, dict[str, Any]]]) -> Resource | None:
        loc, (rtype, op, defaults) = item
        d = _detail(ctx, getattr(c, op), defaults, loc, LocationArn=loc["LocationArn"])
        return None if d is None else make(ctx, rtype, loc["LocationArn"], loc.get("LocationUri") or loc["LocationArn"], d)

    return [r for r in bounded_map(one, wanted) if r is not None]


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("datasync")
    before = len(ctx.gaps)
    listing = listed(ctx, "aws.datasync.efs_location", lambda: list(ctx.paginate(c, "list_locations", "Locations")))
    if len(ctx.gaps) > before:  # the one listing covers every location kind
        for _, error in ctx.gaps[before:]:
            ctx.gap("aws.datasync.object_storage_location", error)
            ctx.gap("aws.datasync.smb_location", error)
    elif not listing:
        return []  # a task joins two locations: none listed, no task (one call for an unused region)
    return listed(ctx, "aws.datasync.task", lambda: _tasks(ctx)) + _locations(ctx, listing)
