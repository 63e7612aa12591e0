"""SNS topics: access policy and encryption."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

_GONE: Any = object()

SERVICE = "sns"
GLOBAL = False
RESOURCE_TYPES = ("aws.sns.topic",)
PERMISSIONS = ("sns:GetTopicAttributes", "sns:ListTopics")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(t: dict[str, Any]) -> Resource | None:
        arn = t["TopicArn"]
        attrs = ctx.read(c.get_topic_attributes, TopicArn=arn, missing=("NotFound",), default=_GONE)
        if attrs is _GONE:  # deleted between the listing and now
            return None
        data = {"TopicArn": arn, "Attributes": attrs.get("Attributes", {}) if "Attributes" in attrs else attrs}
        return make(ctx, "aws.sns.topic", arn, arn.rsplit(":", 1)[-1], data)

    return [r for r in bounded_map(one, ctx.paginate(c, "list_topics", "Topics")) if r is not None]
