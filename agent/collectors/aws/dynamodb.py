"""DynamoDB tables: encryption, point-in-time recovery, deletion protection and capacity auto scaling.

ListTables (paginated), then DescribeTable and DescribeContinuousBackups per table.  Auto scaling
is one paginated DescribeScalableTargets (Application Auto Scaling, namespace ``dynamodb``) per
region, sent only when the region has tables, joined on ``ResourceId`` (``table/<name>``): each
table gets ``_autoscaled`` — the table-level scalable dimensions registered for it.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext, describe_error
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "dynamodb"
GLOBAL = False
RESOURCE_TYPES = ("aws.dynamodb.table",)
PERMISSIONS = ("application-autoscaling:DescribeScalableTargets", "dynamodb:DescribeContinuousBackups",
               "dynamodb:DescribeTable", "dynamodb:ListTables")


def _scaled(ctx: ServiceContext) -> Any:
    """``table/<name>`` -> sorted scalable dimensions, or one unreadable marker for every table."""
    out: dict[str, set[str]] = {}
    try:
        c = ctx.client("application-autoscaling")
        for t in ctx.paginate(c, "describe_scalable_targets", "ScalableTargets", ServiceNamespace="dynamodb"):
            out.setdefault(str(t.get("ResourceId")), set()).add(str(t.get("ScalableDimension")))
    except Exception as exc:  # the tables are still worth reporting; their auto scaling becomes unreadable
        return unreadable(describe_error(exc))
    return {k: sorted(v) for k, v in out.items()}


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    names = list(ctx.paginate(c, "list_tables", "TableNames"))
    scaled = _scaled(ctx) if names else {}

    def one(name: str) -> Resource:
        table = ctx.read(c.describe_table, TableName=name)
        data = dict(table.get("Table", {})) if "Table" in table else {"TableName": name, "Table": table}
        backups = ctx.read(c.describe_continuous_backups, TableName=name)
        data["ContinuousBackups"] = backups.get("ContinuousBackupsDescription", backups) if isinstance(backups, dict) else backups
        data["_autoscaled"] = scaled.get(f"table/{name}", []) if not is_unreadable(scaled) else scaled
        rid = data.get("TableArn") or f"arn:aws:dynamodb:{ctx.region}:{ctx.account}:table/{name}"
        return make(ctx, "aws.dynamodb.table", rid, name, data)

    return bounded_map(one, names)
