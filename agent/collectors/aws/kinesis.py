"""Kinesis data streams in one region: ListStreams (paginated summaries), then
DescribeStreamSummary per stream for encryption and retention (no batch form)."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "kinesis"
GLOBAL = False
RESOURCE_TYPES = ("aws.kinesis.stream",)
PERMISSIONS = ("kinesis:ListStreams", "kinesis:DescribeStreamSummary")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("kinesis")

    def one(s: dict[str, Any]) -> Resource:
        name = s["StreamName"]
        got = ctx.read(c.describe_stream_summary, StreamName=name)
        detail = got if is_unreadable(got) else got.get("StreamDescriptionSummary", {})
        data = {**s, **detail} if not is_unreadable(detail) else {**s, "EncryptionType": detail,
                                                                 "RetentionPeriodHours": detail}
        return make(ctx, "aws.kinesis.stream", s.get("StreamARN") or arn(ctx, "kinesis", f"stream/{name}"), name, data)

    return bounded_map(one, ctx.paginate(c, "list_streams", "StreamSummaries"))
