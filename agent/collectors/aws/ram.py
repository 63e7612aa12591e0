"""AWS RAM resource shares this account owns, in one region.

GetResourceShares (resourceOwner SELF, paginated) carries ``allowExternalPrincipals``; per share
GetResourceShareAssociations (PRINCIPAL) names who it is shared with, and its ``external`` flag is
the service's own answer to "is this principal outside the owner's organisation".  Deleted shares
are skipped.  An unused region costs one listing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "ram"
GLOBAL = False
RESOURCE_TYPES = ("aws.ram.resource_share",)
PERMISSIONS = ("ram:GetResourceShareAssociations", "ram:GetResourceShares")
_GONE = ("DELETED", "DELETING")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ram")

    def one(s: dict[str, Any]) -> Resource:
        data = dict(s)
        data["Principals"] = read_list(ctx, c, "get_resource_share_associations", "resourceShareAssociations",
                                       associationType="PRINCIPAL", resourceShareArns=[s["resourceShareArn"]])
        return make(ctx, "aws.ram.resource_share", s["resourceShareArn"], s.get("name") or s["resourceShareArn"], data,
                    s.get("tags"))

    shares = [s for s in ctx.paginate(c, "get_resource_shares", "resourceShares", resourceOwner="SELF")
              if s.get("status") not in _GONE]
    return bounded_map(one, shares)
