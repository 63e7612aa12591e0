"""VPC connectivity in one region: peering connections, transit gateways, Site-to-Site VPN.

DescribeVpcPeeringConnections and DescribeTransitGateways (paginated) and DescribeVpnConnections
(one call, every connection).  Deleted and rejected peerings, and deleted gateways and VPN
connections, are left out.  Each listing failing alone becomes a coverage gap of its type.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource

SERVICE = "vpc_connections"
GLOBAL = False
RESOURCE_TYPES = ("aws.vpc.peering_connection", "aws.vpc.transit_gateway", "aws.vpc.vpn_connection")
PERMISSIONS = ("ec2:DescribeTransitGateways", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeVpnConnections")
GONE = ("deleted", "deleting", "rejected", "failed", "expired")


def _name(doc: dict[str, Any], key: str) -> str:
    return tags_dict(doc.get("Tags")).get("Name") or str(doc[key])


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ec2")
    return (listed(ctx, "aws.vpc.peering_connection", lambda: _peerings(ctx, c))
            + listed(ctx, "aws.vpc.transit_gateway", lambda: _gateways(ctx, c))
            + listed(ctx, "aws.vpc.vpn_connection", lambda: _vpns(ctx, c)))


def _peerings(ctx: ServiceContext, c: Any) -> list[Resource]:
    return [make(ctx, "aws.vpc.peering_connection", arn(ctx, "ec2", f"vpc-peering-connection/{p['VpcPeeringConnectionId']}"),
                 _name(p, "VpcPeeringConnectionId"), p, p.get("Tags"))
            for p in ctx.paginate(c, "describe_vpc_peering_connections", "VpcPeeringConnections")
            if (p.get("Status") or {}).get("Code") not in GONE]


def _gateways(ctx: ServiceContext, c: Any) -> list[Resource]:
    return [make(ctx, "aws.vpc.transit_gateway", t.get("TransitGatewayArn") or arn(ctx, "ec2", f"transit-gateway/{t['TransitGatewayId']}"),
                 _name(t, "TransitGatewayId"), t, t.get("Tags"))
            for t in ctx.paginate(c, "describe_transit_gateways", "TransitGateways") if t.get("State") not in GONE]


def _vpns(ctx: ServiceContext, c: Any) -> list[Resource]:
    out = []
    for v in c.describe_vpn_connections().get("VpnConnections", []):
        if v.get("State") in GONE:
            continue
        data = {k: val for k, val in v.items() if k not in ("CustomerGatewayConfiguration",)}  # holds the tunnels' pre-shared keys
        for opt in (data.get("Options") or {}).get("TunnelOptions", []) or []:
            opt.pop("PreSharedKey", None)
        out.append(make(ctx, "aws.vpc.vpn_connection", arn(ctx, "ec2", f"vpn-connection/{v['VpnConnectionId']}"),
                        _name(v, "VpnConnectionId"), data, v.get("Tags")))
    return out
