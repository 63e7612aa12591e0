"""AWS Config in one region, beyond the recorder (:mod:`config_service`): each delivery channel
with its delivery status, and each conformance pack with its deployment state.

``DescribeDeliveryChannels`` then ``DescribeDeliveryChannelStatus`` (both unpaginated, a region
has at most one channel) give ``aws.config.delivery_channel`` with ``_status`` (the last
configuration history, snapshot and stream deliveries); ``DescribeConformancePacks`` and
``DescribeConformancePackStatus`` (both token-paged) give ``aws.config.conformance_pack`` with
``_status`` (``ConformancePackState``, ``ConformancePackStatusReason``).  A region without a
channel or pack costs the two listings and yields nothing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "config_compliance"
GLOBAL = False
RESOURCE_TYPES = ("aws.config.delivery_channel", "aws.config.conformance_pack")
PERMISSIONS = ("config:DescribeConformancePackStatus", "config:DescribeConformancePacks",
               "config:DescribeDeliveryChannelStatus", "config:DescribeDeliveryChannels")


def _channels(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("config")
    channels = c.describe_delivery_channels().get("DeliveryChannels", [])
    if not channels:
        return []
    got = ctx.read(c.describe_delivery_channel_status)
    status: dict[str, Any] = {} if is_unreadable(got) else {s.get("name"): s for s in got.get("DeliveryChannelsStatus", [])}
    out = []
    for ch in channels:
        name = ch["name"]
        st = got if is_unreadable(got) else status.get(name) or unreadable(f"DescribeDeliveryChannelStatus: no status for {name}")
        out.append(make(ctx, "aws.config.delivery_channel", arn(ctx, "config", f"delivery-channel/{name}"), name,
                        {**ch, "_status": st}))
    return out


def _packs(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("config")
    packs = token_pages(c.describe_conformance_packs, "ConformancePackDetails")
    if not packs:
        return []
    got = ctx.read(lambda: token_pages(c.describe_conformance_pack_status, "ConformancePackStatusDetails"))
    status = {s.get("ConformancePackName"): s for s in got} if isinstance(got, list) else {}
    out = []
    for p in packs:
        name = p["ConformancePackName"]
        st = status.get(name, unreadable(f"DescribeConformancePackStatus: no status for {name}")) if isinstance(got, list) else got
        out.append(make(ctx, "aws.config.conformance_pack", p.get("ConformancePackArn") or arn(ctx, "config", f"conformance-pack/{name}"),
                        name, {**p, "_status": st}))
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    return (listed(ctx, "aws.config.delivery_channel", lambda: _channels(ctx))
            + listed(ctx, "aws.config.conformance_pack", lambda: _packs(ctx)))
