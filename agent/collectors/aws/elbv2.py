"""ELBv2 (application, network, gateway load balancers): listeners and attributes."""

from __future__ import annotations

from agent.collectors.aws._util import batched, kv, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "elbv2"
GLOBAL = False
RESOURCE_TYPES = ("aws.elbv2.load_balancer",)
PERMISSIONS = (
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTags",
)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    lbs = list(ctx.paginate(c, "describe_load_balancers", "LoadBalancers"))
    tags: dict[str, list[dict]] = {}
    for chunk in batched([lb["LoadBalancerArn"] for lb in lbs], 20):  # DescribeTags takes 20 ARNs per call
        for d in c.describe_tags(ResourceArns=chunk).get("TagDescriptions", []):
            tags[d["ResourceArn"]] = d.get("Tags", [])
    out = []
    for lb in lbs:
        arn = lb["LoadBalancerArn"]
        data = dict(lb)
        data["Listeners"] = read_list(ctx, c, "describe_listeners", "Listeners", LoadBalancerArn=arn)
        attrs = ctx.read(c.describe_load_balancer_attributes, LoadBalancerArn=arn)
        data["Attributes"] = kv(attrs.get("Attributes", [])) if isinstance(attrs, dict) and "Attributes" in attrs else attrs
        out.append(make(ctx, "aws.elbv2.load_balancer", arn, lb.get("LoadBalancerName", arn), data, tags.get(arn)))
    return out
