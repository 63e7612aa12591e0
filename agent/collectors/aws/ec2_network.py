"""Network paths: NACLs, route tables, internet gateways, and whether default VPCs are in use.

Elastic IP addresses (DescribeAddresses, one call) tell the Route 53 checks which public
addresses the account holds.  These feed the exposure pass (is a resource reachable from the internet?) as well as the NACL and
default-VPC checks.  Every listing is one paginated describe per region.

A default VPC's usage is its own resource (``aws.ec2.default_vpc``, id
``arn:aws:ec2:REGION:ACCOUNT:default-vpc/VPC_ID``): the VPC itself is ``aws.vpc.vpc`` (vpc.py)
under the VPC's ARN, and the inventory keeps one resource per id.
"""

from __future__ import annotations

from collections import Counter

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource

SERVICE = "ec2_network"
GLOBAL = False
RESOURCE_TYPES = ("aws.ec2.network_acl", "aws.ec2.route_table", "aws.ec2.internet_gateway", "aws.ec2.default_vpc",
                  "aws.ec2.elastic_ip")
PERMISSIONS = (
    "ec2:DescribeAddresses",
    "ec2:DescribeInternetGateways",
    "ec2:DescribeNetworkAcls",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeRouteTables",
    "ec2:DescribeVpcs",
)


def _name(doc: dict, id_key: str) -> str:
    return tags_dict(doc.get("Tags")).get("Name") or str(doc[id_key])


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ec2")
    out = []
    for acl in ctx.paginate(c, "describe_network_acls", "NetworkAcls"):
        out.append(make(ctx, "aws.ec2.network_acl", arn(ctx, "ec2", f"network-acl/{acl['NetworkAclId']}"),
                        _name(acl, "NetworkAclId"), acl, acl.get("Tags")))
    for rt in ctx.paginate(c, "describe_route_tables", "RouteTables"):
        out.append(make(ctx, "aws.ec2.route_table", arn(ctx, "ec2", f"route-table/{rt['RouteTableId']}"),
                        _name(rt, "RouteTableId"), rt, rt.get("Tags")))
    for igw in ctx.paginate(c, "describe_internet_gateways", "InternetGateways"):
        out.append(make(ctx, "aws.ec2.internet_gateway", arn(ctx, "ec2", f"internet-gateway/{igw['InternetGatewayId']}"),
                        igw["InternetGatewayId"], igw, igw.get("Tags")))
    out += listed(ctx, "aws.ec2.elastic_ip", lambda: [
        make(ctx, "aws.ec2.elastic_ip", arn(ctx, "ec2", f"elastic-ip/{a.get('AllocationId') or a.get('PublicIp')}"),
             str(a.get("PublicIp") or a.get("AllocationId")), a, a.get("Tags"))
        for a in c.describe_addresses().get("Addresses", [])])
    defaults = [v for v in ctx.paginate(c, "describe_vpcs", "Vpcs", Filters=[{"Name": "isDefault", "Values": ["true"]}])]
    if defaults:
        enis: Counter[str] = Counter()
        for eni in ctx.paginate(c, "describe_network_interfaces", "NetworkInterfaces",
                                Filters=[{"Name": "vpc-id", "Values": [v["VpcId"] for v in defaults]}]):
            enis[eni.get("VpcId", "")] += 1
        for v in defaults:
            data = dict(v)
            data["NetworkInterfaceCount"] = enis.get(v["VpcId"], 0)
            out.append(make(ctx, "aws.ec2.default_vpc", arn(ctx, "ec2", f"default-vpc/{v['VpcId']}"), v["VpcId"], data, v.get("Tags")))
    return out
