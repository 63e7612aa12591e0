"""Lightsail instances and managed databases in one region.

GetInstances and GetRelationalDatabases (both paginated by pageToken): two listings per region
and nothing else; the instance document carries its firewall (``networking.ports``, with the
CIDRs each port is open to) and its add-ons (automatic snapshots).  Master passwords are not
part of these answers.
"""

from __future__ import annotations

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._regions import offered
from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "lightsail"
GLOBAL = False
RESOURCE_TYPES = ("aws.lightsail.instance", "aws.lightsail.database")
PERMISSIONS = ("lightsail:GetInstances", "lightsail:GetRelationalDatabases")


def _tags(items: object) -> dict[str, str]:
    return {str(t.get("key")): str(t.get("value", "")) for t in items if isinstance(t, dict)} if isinstance(items, list) else {}


def collect(ctx: ServiceContext) -> list[Resource]:
    if not offered("lightsail", ctx.region):  # no endpoint there: nothing to assess, no call
        return []
    c = ctx.client("lightsail")
    out = listed(ctx, "aws.lightsail.instance", lambda: [
        make(ctx, "aws.lightsail.instance", i["arn"], i["name"], i, _tags(i.get("tags")))
        for i in ctx.paginate(c, "get_instances", "instances")])
    return out + listed(ctx, "aws.lightsail.database", lambda: [
        make(ctx, "aws.lightsail.database", d["arn"], d["name"], d, _tags(d.get("tags")))
        for d in ctx.paginate(c, "get_relational_databases", "relationalDatabases")])
