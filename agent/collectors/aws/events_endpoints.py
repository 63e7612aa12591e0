"""EventBridge global endpoints in one region: ListEndpoints (NextToken) carries each endpoint's
replication state and event buses; no per-endpoint calls.  A region without endpoints costs the
one listing."""

from __future__ import annotations

from agent.collectors.aws._util import make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "events_endpoints"
GLOBAL = False
RESOURCE_TYPES = ("aws.events.endpoint",)
PERMISSIONS = ("events:ListEndpoints",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("events")
    return [make(ctx, "aws.events.endpoint", e["Arn"], e["Name"], e) for e in token_pages(c.list_endpoints, "Endpoints")]
