"""Data Firehose delivery streams in one region: ListDeliveryStreams (paged by the last name),
then DescribeDeliveryStream per stream for its encryption, source and destinations.

Destination descriptions can carry credentials (a Splunk HEC token, an HTTP endpoint's URL and
access key, common request attributes): those fields are dropped here and never stored.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "firehose"
GLOBAL = False
RESOURCE_TYPES = ("aws.firehose.delivery_stream",)
PERMISSIONS = ("firehose:ListDeliveryStreams", "firehose:DescribeDeliveryStream")
_SECRET_FIELDS = frozenset({"HECToken", "AccessKey", "Url", "CommonAttributes", "Password", "SecretARN"})


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if k not in _SECRET_FIELDS}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _names(c: Any) -> list[str]:
    names: list[str] = []
    while True:
        page = c.list_delivery_streams(Limit=100, **({"ExclusiveStartDeliveryStreamName": names[-1]} if names else {}))
        names.extend(page.get("DeliveryStreamNames", []))
        if not page.get("HasMoreDeliveryStreams") or not page.get("DeliveryStreamNames"):
            return names


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("firehose")

    def one(name: str) -> Resource:
        got = ctx.read(c.describe_delivery_stream, DeliveryStreamName=name)
        if is_unreadable(got):
            data: dict[str, Any] = {"DeliveryStreamName": name, "DeliveryStreamEncryptionConfiguration": got,
                                    "Destinations": got, "Source": got}
        else:
            d = got.get("DeliveryStreamDescription", {})
            data = _scrub(d)
            data.setdefault("DeliveryStreamEncryptionConfiguration", {})
            data.setdefault("Source", {})
        return make(ctx, "aws.firehose.delivery_stream", data.get("DeliveryStreamARN") or arn(ctx, "firehose", f"deliverystream/{name}"),
                    name, data)

    return bounded_map(one, _names(c))
