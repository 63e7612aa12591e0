"""Security Hub: whether the region's hub is enabled and which standards are on."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make, read_list
from agent.collectors.aws.context import ServiceContext, error_code
from agent.core.model import Resource

SERVICE = "securityhub"
GLOBAL = False
RESOURCE_TYPES = ("aws.securityhub.region",)
PERMISSIONS = ("securityhub:DescribeHub", "securityhub:GetEnabledStandards")

NOT_ENABLED = ("InvalidAccessException", "ResourceNotFoundException")


def collect(ctx: ServiceContext) -> list[Resource]:
    import botocore.exceptions

    c = ctx.client()
    try:
        hub = c.describe_hub()
        data = {"Enabled": True, "HubArn": hub.get("HubArn"), "SubscribedAt": hub.get("SubscribedAt")}
        data["Standards"] = read_list(ctx, c, "get_enabled_standards", "StandardsSubscriptions")
    except botocore.exceptions.ClientError as exc:
        if error_code(exc) not in NOT_ENABLED:
            raise
        data = {"Enabled": False, "Standards": []}
    return [make(ctx, "aws.securityhub.region", arn(ctx, "securityhub", "hub/default"), f"securityhub {ctx.region}", data)]
