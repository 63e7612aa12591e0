"""The account-level S3 Block Public Access setting (S3 Control; host-prefix injection is off
for custom endpoints, see ClientFactory)."""

from __future__ import annotations

from agent.collectors.aws._util import GLOBAL_REGION, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "s3_account"
GLOBAL = True
RESOURCE_TYPES = ("aws.s3.account_public_access_block",)
PERMISSIONS = ("s3:GetAccountPublicAccessBlock",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("s3control")
    got = ctx.read(c.get_public_access_block, AccountId=ctx.account,
                   missing=("NoSuchPublicAccessBlockConfiguration",))
    pab = got.get("PublicAccessBlockConfiguration", got) if isinstance(got, dict) else None
    return [make(ctx, "aws.s3.account_public_access_block", f"arn:aws:s3:::account/{ctx.account}",
                 f"s3 account {ctx.account}", {"PublicAccessBlockConfiguration": pab}, region=GLOBAL_REGION)]
