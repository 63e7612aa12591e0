"""SQS queues: access policy and encryption (one GetQueueAttributes per queue: there is no batch call).

A queue's id is its ARN, built from its URL (``https://sqs.REGION.amazonaws.com/ACCOUNT/NAME``)
and the region it is listed in, so a GetQueueAttributes that fails changes no finding's identity.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

_GONE: Any = object()


def queue_arn(ctx: ServiceContext, url: str) -> str:
    owner, name = url.rstrip("/").rsplit("/", 2)[-2:]
    return f"arn:aws:sqs:{ctx.region}:{owner}:{name}"

SERVICE = "sqs"
GLOBAL = False
RESOURCE_TYPES = ("aws.sqs.queue",)
PERMISSIONS = ("sqs:GetQueueAttributes", "sqs:ListQueues")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(url: str) -> Resource | None:
        attrs = ctx.read(c.get_queue_attributes, QueueUrl=url, AttributeNames=["All"],
                         missing=("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"), default=_GONE)
        if attrs is _GONE:  # deleted between the listing and now
            return None
        attributes = attrs.get("Attributes", {}) if "Attributes" in attrs or not attrs else attrs
        return make(ctx, "aws.sqs.queue", queue_arn(ctx, url), url.rsplit("/", 1)[-1],
                    {"QueueUrl": url, "Attributes": attributes})

    return [r for r in bounded_map(one, ctx.paginate(c, "list_queues", "QueueUrls")) if r is not None]
