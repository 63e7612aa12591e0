"""Auto Scaling in one region: groups and launch configurations, from two paginated Describe
calls.  A launch configuration's user data is replaced by what detect-secrets finds in it."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._secrets import scan_text
from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.collectors.aws.ec2 import decode_user_data
from agent.core.model import Resource

SERVICE = "autoscaling"
GLOBAL = False
RESOURCE_TYPES = ("aws.autoscaling.group", "aws.autoscaling.launch_configuration")
PERMISSIONS = ("autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeLaunchConfigurations")


def _configuration(lc: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in lc.items() if k != "UserData"}
    data["_user_data_secrets"] = scan_text(decode_user_data(lc.get("UserData")))
    return data


def _groups(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("autoscaling")
    return [make(ctx, "aws.autoscaling.group", g["AutoScalingGroupARN"], g["AutoScalingGroupName"], g, g.get("Tags"))
            for g in ctx.paginate(c, "describe_auto_scaling_groups", "AutoScalingGroups")]


def _configurations(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("autoscaling")
    return [make(ctx, "aws.autoscaling.launch_configuration", lc["LaunchConfigurationARN"], lc["LaunchConfigurationName"],
                 _configuration(lc))
            for lc in ctx.paginate(c, "describe_launch_configurations", "LaunchConfigurations")]


def collect(ctx: ServiceContext) -> list[Resource]:
    return (listed(ctx, "aws.autoscaling.group", lambda: _groups(ctx))
            + listed(ctx, "aws.autoscaling.launch_configuration", lambda: _configurations(ctx)))
