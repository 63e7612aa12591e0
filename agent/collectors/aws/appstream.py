"""Amazon AppStream 2.0 fleets in one region: DescribeFleets (paginated) carries default internet
access, the maximum session length and the disconnect and idle timeouts; no per-fleet call."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "appstream"
GLOBAL = False
RESOURCE_TYPES = ("aws.appstream.fleet",)
PERMISSIONS = ("appstream:DescribeFleets",)
# CreateFleet's documented defaults, for fields an answer leaves out (0 idle timeout: off).
DEFAULTS = {"EnableDefaultInternetAccess": False, "MaxUserDurationInSeconds": 57600, "DisconnectTimeoutInSeconds": 900,
            "IdleDisconnectTimeoutInSeconds": 0}


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("appstream")
    return [make(ctx, "aws.appstream.fleet", f.get("Arn") or arn(ctx, "appstream", f"fleet/{f['Name']}"), f["Name"],
                 {**DEFAULTS, **f})
            for f in ctx.paginate(c, "describe_fleets", "Fleets")]
