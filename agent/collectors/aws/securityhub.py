"""Security Hub in one region: whether the hub is enabled, its control settings, the standards
on, and — where this account is the organisation's Security Hub administrator — how members
are enabled.

``DescribeHub`` (``AutoEnableControls``, ``ControlFindingGenerator``; not enabled is
``InvalidAccessException``), then ``GetEnabledStandards`` (paginated) and
``DescribeOrganizationConfiguration``, which an account that is not the administrator is
answered ``InvalidAccessException`` (kept as ``_organization: None``).
"""

from __future__ import annotations

from agent.collectors.aws._util import arn, make, read_list
from agent.collectors.aws.context import ServiceContext, error_code
from agent.core.model import Resource, is_unreadable

SERVICE = "securityhub"
GLOBAL = False
RESOURCE_TYPES = ("aws.securityhub.region",)
PERMISSIONS = ("securityhub:DescribeHub", "securityhub:DescribeOrganizationConfiguration",
               "securityhub:GetEnabledStandards")

NOT_ENABLED = ("InvalidAccessException", "ResourceNotFoundException")
NOT_ADMINISTRATOR = ("InvalidAccessException",)
ORG_KEYS = ("AutoEnable", "AutoEnableStandards", "MemberAccountLimitReached", "OrganizationConfiguration")


def collect(ctx: ServiceContext) -> list[Resource]:
    import botocore.exceptions

    c = ctx.client()
    try:
        hub = c.describe_hub()
        data = {"Enabled": True, "HubArn": hub.get("HubArn"), "SubscribedAt": hub.get("SubscribedAt"),
                "AutoEnableControls": hub.get("AutoEnableControls"),
                "ControlFindingGenerator": hub.get("ControlFindingGenerator")}
        data["Standards"] = read_list(ctx, c, "get_enabled_standards", "StandardsSubscriptions")
        org = ctx.read(c.describe_organization_configuration, missing=NOT_ADMINISTRATOR)
        data["_organization"] = org if org is None or is_unreadable(org) else {k: org.get(k) for k in ORG_KEYS if k in org}
    except botocore.exceptions.ClientError as exc:
        if error_code(exc) not in NOT_ENABLED:
            raise
        data = {"Enabled": False, "Standards": []}
    return [make(ctx, "aws.securityhub.region", arn(ctx, "securityhub", "hub/default"), f"securityhub {ctx.region}", data)]
