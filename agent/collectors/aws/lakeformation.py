"""Lake Formation data lake settings in one region: GetDataLakeSettings (admins, and the default
permissions new databases and tables get).

Every region answers with defaults even where nobody uses a data lake; the settings are assessed
only when Lake Formation has administrators or the region's Glue Data Catalog holds a database
(GetDatabases, one item), so an unused region costs two calls and yields nothing.
"""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "lakeformation"
GLOBAL = False
RESOURCE_TYPES = ("aws.lakeformation.data_lake_settings",)
PERMISSIONS = ("lakeformation:GetDataLakeSettings", "glue:GetDatabases")


def collect(ctx: ServiceContext) -> list[Resource]:
    settings = ctx.client("lakeformation").get_data_lake_settings().get("DataLakeSettings") or {}
    if not settings.get("DataLakeAdmins") and not ctx.client("glue").get_databases(MaxResults=1).get("DatabaseList"):
        return []
    return [make(ctx, "aws.lakeformation.data_lake_settings", arn(ctx, "lakeformation", "data-lake-settings"),
                 f"data lake settings {ctx.region}",
                 {"DataLakeAdmins": [], "CreateDatabaseDefaultPermissions": [], "CreateTableDefaultPermissions": [],
                  **settings})]  # empty lists are omitted from the answer
