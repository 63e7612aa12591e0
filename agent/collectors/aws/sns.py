"""SNS topics: attributes (access policy, encryption, delivery-status logging roles), the data
protection policy, and the protocols of their subscriptions.

ListTopics (paginated), then GetTopicAttributes and GetDataProtectionPolicy per topic (no batch
form).  Subscriptions come from one paginated ListSubscriptions per region (only when the region
has topics), joined on ``TopicArn``: each topic gets ``_subscriptions``, the protocol and ARN of
each — never the endpoint, which can be an e-mail address, a phone number or a URL with a token.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, policy_field
from agent.collectors.aws.context import ServiceContext, describe_error
from agent.core.model import Resource, is_unreadable, unreadable

_GONE: Any = object()

SERVICE = "sns"
GLOBAL = False
RESOURCE_TYPES = ("aws.sns.topic",)
PERMISSIONS = ("sns:GetDataProtectionPolicy", "sns:GetTopicAttributes", "sns:ListSubscriptions", "sns:ListTopics")


def _subscriptions(ctx: ServiceContext, c: Any) -> Any:
    """Topic ARN -> [{Protocol, SubscriptionArn}], or an unreadable marker for every topic."""
    by_topic: dict[str, list[dict[str, Any]]] = {}
    try:
        for s in ctx.paginate(c, "list_subscriptions", "Subscriptions"):
            by_topic.setdefault(s.get("TopicArn", ""), []).append(
                {"Protocol": s.get("Protocol"), "SubscriptionArn": s.get("SubscriptionArn")})
    except Exception as exc:  # the topics are still worth reporting; their subscriptions become unreadable
        return unreadable(describe_error(exc))
    return by_topic


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    topics = list(ctx.paginate(c, "list_topics", "Topics"))
    subs = _subscriptions(ctx, c) if topics else {}

    def one(t: dict[str, Any]) -> Resource | None:
        arn = t["TopicArn"]
        attrs = ctx.read(c.get_topic_attributes, TopicArn=arn, missing=("NotFound",), default=_GONE)
        if attrs is _GONE:  # deleted between the listing and now
            return None
        dpp = ctx.read(c.get_data_protection_policy, ResourceArn=arn, missing=("NotFound",))
        if isinstance(dpp, dict) and not is_unreadable(dpp) and not dpp.get("DataProtectionPolicy"):
            dpp = None  # the answer for a topic without one is an empty string
        data = {"TopicArn": arn, "Attributes": attrs.get("Attributes", {}) if "Attributes" in attrs else attrs,
                "DataProtectionPolicy": policy_field(dpp, "DataProtectionPolicy"),
                "_subscriptions": subs if is_unreadable(subs) else subs.get(arn, [])}
        return make(ctx, "aws.sns.topic", arn, arn.rsplit(":", 1)[-1], data)

    return [r for r in bounded_map(one, topics) if r is not None]
