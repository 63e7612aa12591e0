"""VPCs in one region, each with the flow logs that watch it (``_flow_logs``) and the services
it has VPC endpoints for (``_endpoint_services``), and the subnets.

Four paginated calls per region: every VPC, every flow log (joined on ``ResourceId``), every VPC
endpoint (joined on ``VpcId``), every subnet.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import jsonable, listed, name_tag
from agent.collectors.aws.context import ServiceContext, describe_error, tags_dict
from agent.core.model import Resource, unreadable

SERVICE = "vpc"
GLOBAL = False
RESOURCE_TYPES = ("aws.vpc.vpc", "aws.vpc.subnet")
PERMISSIONS = ("ec2:DescribeFlowLogs", "ec2:DescribeSubnets", "ec2:DescribeVpcEndpoints", "ec2:DescribeVpcs")


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
    endpoints, endpoint_error = _endpoints(ctx, ec2) if vpcs else ({}, None)
    out = []
    for vpc in vpcs:
        vid = vpc["VpcId"]
        tags = tags_dict(vpc.get("Tags"))
        data = jsonable(vpc)
        data["_flow_logs"] = unreadable(flow_error) if flow_error else by_vpc.get(vid, [])
        data["_endpoint_services"] = unreadable(endpoint_error) if endpoint_error else sorted(endpoints.get(vid, set()))
        out.append(Resource("aws", ctx.account, ctx.region, "aws.vpc.vpc",
                            f"arn:aws:ec2:{ctx.region}:{ctx.account}:vpc/{vid}", name_tag(tags, vid), tags, data))
    return out + listed(ctx, "aws.vpc.subnet", lambda: _subnets(ctx, ec2))


def _endpoints(ctx: ServiceContext, ec2: Any) -> tuple[dict[str, set[str]], str | None]:
    """The service names each VPC has an available (or pending) endpoint for."""
    out: dict[str, set[str]] = {}
    try:
        for ep in ctx.paginate(ec2, "describe_vpc_endpoints", "VpcEndpoints"):
            if str(ep.get("State", "available")).lower() in ("available", "pendingacceptance", "pending"):
                out.setdefault(ep.get("VpcId", ""), set()).add(str(ep.get("ServiceName")))
    except Exception as exc:  # the VPCs are still worth reporting; their endpoints become unreadable
        return {}, describe_error(exc)
    return out, None


def _subnets(ctx: ServiceContext, ec2: Any) -> list[Resource]:
    out = []
    for sn in ctx.paginate(ec2, "describe_subnets", "Subnets"):
        tags = tags_dict(sn.get("Tags"))
        out.append(Resource("aws", ctx.account, ctx.region, "aws.vpc.subnet",
                            sn.get("SubnetArn") or f"arn:aws:ec2:{ctx.region}:{ctx.account}:subnet/{sn['SubnetId']}",
                            name_tag(tags, sn["SubnetId"]), tags, jsonable(sn)))
    return out
