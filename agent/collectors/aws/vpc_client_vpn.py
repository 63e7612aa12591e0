"""EC2 Client VPN endpoints in one region (DescribeClientVpnEndpoints, paginated): connection
logging, split tunnel, authentication.  An unused region costs that one call."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource

SERVICE = "vpc_client_vpn"
GLOBAL = False
RESOURCE_TYPES = ("aws.vpc.client_vpn_endpoint",)
PERMISSIONS = ("ec2:DescribeClientVpnEndpoints",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ec2")
    out = []
    for e in ctx.paginate(c, "describe_client_vpn_endpoints", "ClientVpnEndpoints"):
        if (e.get("Status") or {}).get("Code") == "deleted":
            continue
        eid = e["ClientVpnEndpointId"]
        out.append(make(ctx, "aws.vpc.client_vpn_endpoint", arn(ctx, "ec2", f"client-vpn-endpoint/{eid}"),
                        tags_dict(e.get("Tags")).get("Name") or eid, e, e.get("Tags")))
    return out
