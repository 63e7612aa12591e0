"""AWS Direct Connect in one region: connections and virtual interfaces.

DescribeConnections and DescribeVirtualInterfaces (neither is paginated: each returns every item
of the region).  A connection carries its MACsec capability, encryption mode and logical
redundancy; a virtual interface its BGP peers (their MD5 authentication keys are dropped).  An unused region costs these two calls.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "directconnect"
GLOBAL = False
RESOURCE_TYPES = ("aws.directconnect.connection", "aws.directconnect.virtual_interface")
PERMISSIONS = ("directconnect:DescribeConnections", "directconnect:DescribeVirtualInterfaces")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("directconnect")
    conns = [make(ctx, "aws.directconnect.connection", arn(ctx, "directconnect", f"dxcon/{x['connectionId']}"),
                  x.get("connectionName") or x["connectionId"], x, x.get("tags"))
             for x in c.describe_connections().get("connections", [])]
    return conns + listed(ctx, "aws.directconnect.virtual_interface", lambda: [
        make(ctx, "aws.directconnect.virtual_interface", arn(ctx, "directconnect", f"dxvif/{v['virtualInterfaceId']}"),
             v.get("virtualInterfaceName") or v["virtualInterfaceId"], _without_keys(v), v.get("tags"))
        for v in c.describe_virtual_interfaces().get("virtualInterfaces", [])])


def _without_keys(vif: dict[str, Any]) -> dict[str, Any]:
    """The interface without its BGP MD5 authentication keys (secrets, never stored)."""
    out = {k: v for k, v in vif.items() if k != "authKey"}
    out["bgpPeers"] = [{k: v for k, v in p.items() if k != "authKey"} for p in vif.get("bgpPeers") or []]
    return out
