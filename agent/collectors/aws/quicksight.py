"""QuickSight data sources in one region: ListDataSources (paginated) carries each source's type,
SSL properties and VPC connection.  An account not signed up for QuickSight answers
ResourceNotFoundException (or UnsupportedUserEditionException): one call, nothing collected."""

from __future__ import annotations

import botocore.exceptions

from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext, error_code
from agent.core.model import Resource

SERVICE = "quicksight"
GLOBAL = False
RESOURCE_TYPES = ("aws.quicksight.data_source",)
PERMISSIONS = ("quicksight:ListDataSources",)
NOT_SIGNED_UP = ("ResourceNotFoundException", "UnsupportedUserEditionException")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("quicksight")
    try:
        sources = list(ctx.paginate(c, "list_data_sources", "DataSources", AwsAccountId=ctx.account))
    except botocore.exceptions.ClientError as exc:
        if error_code(exc) in NOT_SIGNED_UP:
            return []
        raise
    return [make(ctx, "aws.quicksight.data_source", s["Arn"], s.get("Name") or s["DataSourceId"], s) for s in sources]
