"""AWS Config: recorders, their status and delivery channels, one resource per region."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "config"
GLOBAL = False
RESOURCE_TYPES = ("aws.config.region",)
PERMISSIONS = (
    "config:DescribeConfigurationRecorderStatus",
    "config:DescribeConfigurationRecorders",
    "config:DescribeDeliveryChannels",
)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("config")
    recorders = c.describe_configuration_recorders().get("ConfigurationRecorders", [])
    status = c.describe_configuration_recorder_status().get("ConfigurationRecordersStatus", [])
    channels = ctx.read(c.describe_delivery_channels)
    data = {"ConfigurationRecorders": recorders, "RecorderStatus": status,
            "DeliveryChannels": channels.get("DeliveryChannels", []) if isinstance(channels, dict) and "DeliveryChannels" in channels else channels}
    return [make(ctx, "aws.config.region", arn(ctx, "config", "recorders"), f"config {ctx.region}", data)]
