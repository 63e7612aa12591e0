"""Amazon WorkSpaces in one region: DescribeWorkspaceDirectories (the registered directories' access properties, IP access control
groups and creation defaults) and DescribeWorkspaces (volume encryption of each WorkSpace), both
paginated; no per-item call.  Without a registered directory there is no WorkSpace, so a region
that does not use the service costs the one directory listing."""

from __future__ import annotations

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "workspaces"
GLOBAL = False
RESOURCE_TYPES = ("aws.workspaces.workspace", "aws.workspaces.directory")
PERMISSIONS = ("workspaces:DescribeWorkspaceDirectories", "workspaces:DescribeWorkspaces")
# A listing leaves out false flags and empty lists: absent means off / none.


def _workspaces(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("workspaces")
    return [make(ctx, "aws.workspaces.workspace", arn(ctx, "workspaces", f"workspace/{w['WorkspaceId']}"),
                 w.get("ComputerName") or w.get("UserName") or w["WorkspaceId"],
                 {"UserVolumeEncryptionEnabled": False, "RootVolumeEncryptionEnabled": False, **w})
            for w in ctx.paginate(c, "describe_workspaces", "Workspaces")]


def _directories(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("workspaces")
    return [make(ctx, "aws.workspaces.directory", arn(ctx, "workspaces", f"directory/{d['DirectoryId']}"),
                 d.get("DirectoryName") or d["DirectoryId"], {"ipGroupIds": [], "WorkspaceCreationProperties": {}, **d})
            for d in ctx.paginate(c, "describe_workspace_directories", "Directories")]


def collect(ctx: ServiceContext) -> list[Resource]:
    directories = listed(ctx, "aws.workspaces.directory", lambda: _directories(ctx))
    if not directories and not ctx.gaps:
        return []  # a WorkSpace needs a registered directory: one call for a region without the service
    return directories + listed(ctx, "aws.workspaces.workspace", lambda: _workspaces(ctx))
