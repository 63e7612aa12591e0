"""EventBridge event buses in one region with their resource policies.

ListEventBuses (NextToken) carries each bus's ``Policy`` in the API reference; an answer without
the field (some emulators, older endpoints) is completed by one DescribeEventBus for that bus —
buses are few per region, so the fallback costs little.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import make, policy_field, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "events"
GLOBAL = False
RESOURCE_TYPES = ("aws.events.event_bus",)
PERMISSIONS = ("events:DescribeEventBus", "events:ListEventBuses")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("events")
    out = []
    for bus in token_pages(c.list_event_buses, "EventBuses"):
        got: Any = bus
        if "Policy" not in bus:
            got = ctx.read(c.describe_event_bus, Name=bus["Name"], missing=("ResourceNotFoundException",))
        out.append(make(ctx, "aws.events.event_bus", bus["Arn"], bus["Name"], {**bus, "Policy": policy_field(got, "Policy")}))
    return out
