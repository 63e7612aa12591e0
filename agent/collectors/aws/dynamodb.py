"""DynamoDB tables: encryption, point-in-time recovery, deletion protection."""

from __future__ import annotations

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "dynamodb"
GLOBAL = False
RESOURCE_TYPES = ("aws.dynamodb.table",)
PERMISSIONS = ("dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTable", "dynamodb:ListTables")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(name: str) -> Resource:
        table = ctx.read(c.describe_table, TableName=name)
        data = dict(table.get("Table", {})) if "Table" in table else {"TableName": name, "Table": table}
        backups = ctx.read(c.describe_continuous_backups, TableName=name)
        data["ContinuousBackups"] = backups.get("ContinuousBackupsDescription", backups) if isinstance(backups, dict) else backups
        rid = data.get("TableArn") or f"arn:aws:dynamodb:{ctx.region}:{ctx.account}:table/{name}"
        return make(ctx, "aws.dynamodb.table", rid, name, data)

    return bounded_map(one, ctx.paginate(c, "list_tables", "TableNames"))
