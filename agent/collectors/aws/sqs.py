"""SQS queues: access policy and encryption (one GetQueueAttributes per queue: there is no batch call)."""

from __future__ import annotations

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "sqs"
GLOBAL = False
RESOURCE_TYPES = ("aws.sqs.queue",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(url: str) -> Resource:
        attrs = ctx.read(c.get_queue_attributes, QueueUrl=url, AttributeNames=["All"],
                         missing=("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"), default={})
        attributes = attrs.get("Attributes", {}) if "Attributes" in attrs or not attrs else attrs
        arn = attributes.get("QueueArn") if isinstance(attributes, dict) and "QueueArn" in attributes else url
        return make(ctx, "aws.sqs.queue", arn, url.rsplit("/", 1)[-1], {"QueueUrl": url, "Attributes": attributes})

    return bounded_map(one, ctx.paginate(c, "list_queues", "QueueUrls"))
