"""Kinesis data streams in one region: ListStreams (paginated summaries), then
DescribeStreamSummary (encryption, retention) and GetResourcePolicy (who else may read or write
the stream) per stream (no batch form)."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, bounded_map, make, policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "kinesis"
GLOBAL = False
RESOURCE_TYPES = ("aws.kinesis.stream",)
PERMISSIONS = ("kinesis:ListStreams", "kinesis:DescribeStreamSummary", "kinesis:GetResourcePolicy")


def _policy(got: Any) -> Any:
    """The stream's policy document; None when it has none (the API answers an empty document)."""
    if isinstance(got, dict) and not is_unreadable(got) and str(got.get("Policy") or "").strip() in ("", "{}"):
        return None
    return policy_field(got, "Policy")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("kinesis")

    def one(s: dict[str, Any]) -> Resource:
        name = s["StreamName"]
        got = ctx.read(c.describe_stream_summary, StreamName=name)
        detail = got if is_unreadable(got) else got.get("StreamDescriptionSummary", {})
        data = {**s, **detail} if not is_unreadable(detail) else {**s, "EncryptionType": detail,
                                                                 "RetentionPeriodHours": detail}
        stream_arn = s.get("StreamARN") or arn(ctx, "kinesis", f"stream/{name}")
        data["Policy"] = _policy(ctx.read(c.get_resource_policy, ResourceARN=stream_arn, missing=("ResourceNotFoundException",)))
        return make(ctx, "aws.kinesis.stream", stream_arn, name, data)

    return bounded_map(one, ctx.paginate(c, "list_streams", "StreamSummaries"))
