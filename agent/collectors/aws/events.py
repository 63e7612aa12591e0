"""EventBridge in one region: event buses with their resource policies, and the rules on each bus
with their targets' dead-letter queues (global endpoints: :mod:`events_endpoints`).

ListEventBuses (NextToken) carries each bus's ``Policy`` in the API reference; an answer without
the field (some emulators, older endpoints) is completed by one DescribeEventBus for that bus —
buses are few per region, so the fallback costs little.  ListArchives per custom bus (the
archives that keep its events for replay).  ListRules per bus (rules AWS services
manage for themselves are skipped), ListTargetsByRule per rule (only the target's id, ARN, role,
dead-letter and retry settings are kept: inputs and HTTP parameters can carry secrets).  A denied
rule listing is a coverage gap for rules alone.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import bounded_map, make, policy_field, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "events"
GLOBAL = False
RESOURCE_TYPES = ("aws.events.event_bus", "aws.events.rule")
PERMISSIONS = ("events:ListEventBuses", "events:DescribeEventBus", "events:ListArchives", "events:ListRules",
               "events:ListTargetsByRule")
_TARGET_FIELDS = ("Id", "Arn", "RoleArn", "DeadLetterConfig", "RetryPolicy")


def is_custom_bus(name: str) -> bool:
    """A bus the account created (not the default bus, not a SaaS partner's bus)."""
    return name != "default" and not name.startswith("aws.partner/")


def _rules(ctx: ServiceContext, c: Any, buses: list[dict[str, Any]]) -> list[Resource]:
    rules = [r for b in buses for r in ctx.paginate(c, "list_rules", "Rules", EventBusName=b["Name"]) if not r.get("ManagedBy")]

    def one(rule: dict[str, Any]) -> Resource:
        got = ctx.read(lambda: list(ctx.paginate(c, "list_targets_by_rule", "Targets", Rule=rule["Name"],
                                                 EventBusName=rule.get("EventBusName") or "default")))
        targets = got if is_unreadable(got) else [{k: t[k] for k in _TARGET_FIELDS if k in t} for t in got]
        return make(ctx, "aws.events.rule", rule["Arn"], rule["Name"], {**rule, "Targets": targets})

    return bounded_map(one, rules)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("events")
    out = []
    buses = token_pages(c.list_event_buses, "EventBuses")
    for bus in buses:
        got: Any = bus
        if "Policy" not in bus:
            got = ctx.read(c.describe_event_bus, Name=bus["Name"], missing=("ResourceNotFoundException",))
        # Custom: a bus the account created (not the default bus, not a SaaS partner's bus)
        data = {**bus, "Policy": policy_field(got, "Policy"), "Custom": is_custom_bus(bus["Name"])}
        if data["Custom"]:
            data["Archives"] = ctx.read(lambda arn=bus["Arn"]: [
                {k: a.get(k) for k in ("ArchiveName", "State", "RetentionDays")}
                for a in token_pages(c.list_archives, "Archives", EventSourceArn=arn)])
        out.append(make(ctx, "aws.events.event_bus", bus["Arn"], bus["Name"], data))
    out += listed(ctx, "aws.events.rule", lambda: _rules(ctx, c, buses))
    return out
