"""VPCs in one region, each with the flow logs that watch it (``_flow_logs``), and the subnets.

Three paginated calls per region: every VPC, every flow log (joined on ``ResourceId``), every subnet.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import jsonable, listed, name_tag
from agent.collectors.aws.context import ServiceContext, describe_error, tags_dict
from agent.core.model import Resource, unreadable

SERVICE = "vpc"
GLOBAL = False
RESOURCE_TYPES = ("aws.vpc.vpc", "aws.vpc.subnet")
PERMISSIONS = ("ec2:DescribeFlowLogs", "ec2:DescribeSubnets", "ec2:DescribeVpcs")


def collect(ctx: ServiceContext) -> list[Resource]:
    ec2 = ctx.client("ec2")
    vpcs = list(ctx.paginate(ec2, "describe_vpcs", "Vpcs"))
    by_vpc: dict[str, list[dict[str, Any]]] = {}
    flow_error = None
    try:
        for fl in ctx.paginate(ec2, "describe_flow_logs", "FlowLogs"):
            by_vpc.setdefault(fl.get("ResourceId", ""), []).append(jsonable(fl))
    except Exception as exc:  # the VPCs are still worth reporting; their flow logs become unreadable
        flow_error = describe_error(exc)
    out = []
    for vpc in vpcs:
        vid = vpc["VpcId"]
        tags = tags_dict(vpc.get("Tags"))
        data = jsonable(vpc)
        data["_flow_logs"] = unreadable(flow_error) if flow_error else by_vpc.get(vid, [])
        out.append(Resource("aws", ctx.account, ctx.region, "aws.vpc.vpc",
                            f"arn:aws:ec2:{ctx.region}:{ctx.account}:vpc/{vid}", name_tag(tags, vid), tags, data))
    return out + listed(ctx, "aws.vpc.subnet", lambda: _subnets(ctx, ec2))


def _subnets(ctx: ServiceContext, ec2: Any) -> list[Resource]:
    out = []
    for sn in ctx.paginate(ec2, "describe_subnets", "Subnets"):
        tags = tags_dict(sn.get("Tags"))
        out.append(Resource("aws", ctx.account, ctx.region, "aws.vpc.subnet",
                            sn.get("SubnetArn") or f"arn:aws:ec2:{ctx.region}:{ctx.account}:subnet/{sn['SubnetId']}",
                            name_tag(tags, sn["SubnetId"]), tags, jsonable(sn)))
    return out
