"""The QuickSight account's settings, once per account: DescribeAccountSettings (public sharing,
termination protection, edition).  Not signed up (ResourceNotFoundException): nothing collected.
The notification e-mail address is dropped (a person's address, nothing a check reads)."""

from __future__ import annotations

import botocore.exceptions

from agent.collectors.aws._util import GLOBAL_REGION, make
from agent.collectors.aws.context import ServiceContext, error_code
from agent.collectors.aws.quicksight import NOT_SIGNED_UP
from agent.core.model import Resource

SERVICE = "quicksight_account"
GLOBAL = True
RESOURCE_TYPES = ("aws.quicksight.account_settings",)
PERMISSIONS = ("quicksight:DescribeAccountSettings",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("quicksight")
    try:
        got = c.describe_account_settings(AwsAccountId=ctx.account)
    except botocore.exceptions.ClientError as exc:
        if error_code(exc) in NOT_SIGNED_UP:
            return []
        raise
    settings = {k: v for k, v in (got.get("AccountSettings") or {}).items() if k != "NotificationEmail"}
    return [make(ctx, "aws.quicksight.account_settings", f"arn:aws:quicksight:::account/{ctx.account}",
                 settings.get("AccountName") or ctx.account, settings, region=GLOBAL_REGION)]
