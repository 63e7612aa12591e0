"""Athena workgroups in one region: ListWorkGroups, then GetWorkGroup per workgroup for its
configuration (result encryption, enforcement, metrics, engine version).

Every region has the built-in ``primary`` workgroup; it is assessed only once it has run a query
(ListQueryExecutions, one item: the history Athena keeps, 45 days), so a region nobody queries costs two calls and yields nothing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, bounded_map, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "athena"
GLOBAL = False
RESOURCE_TYPES = ("aws.athena.workgroup",)
PERMISSIONS = ("athena:ListWorkGroups", "athena:GetWorkGroup", "athena:ListQueryExecutions")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("athena")
    groups = token_pages(c.list_work_groups, "WorkGroups")
    if any(g.get("Name") == "primary" for g in groups) and \
            not c.list_query_executions(WorkGroup="primary", MaxResults=1).get("QueryExecutionIds"):
        groups = [g for g in groups if g.get("Name") != "primary"]

    def one(g: dict[str, Any]) -> Resource:
        got = ctx.read(c.get_work_group, WorkGroup=g["Name"])
        wg = got if is_unreadable(got) else got.get("WorkGroup", {})
        data = {**g, "Configuration": wg if is_unreadable(wg) else wg.get("Configuration", {})}
        return make(ctx, "aws.athena.workgroup", arn(ctx, "athena", f"workgroup/{g['Name']}"), g["Name"], data)

    return bounded_map(one, groups)
