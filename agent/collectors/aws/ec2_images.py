"""AMIs owned by the account (public flag, encryption of their snapshots)."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "ec2_images"
GLOBAL = False
RESOURCE_TYPES = ("aws.ec2.image",)
PERMISSIONS = ("ec2:DescribeImages",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ec2")
    out = []
    for img in ctx.paginate(c, "describe_images", "Images", Owners=["self"]):
        out.append(make(ctx, "aws.ec2.image", arn(ctx, "ec2", f"image/{img['ImageId']}"),
                        img.get("Name") or img["ImageId"], img, img.get("Tags")))
    return out
