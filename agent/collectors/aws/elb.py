"""Classic Load Balancers in one region.

DescribeLoadBalancers (paginated), DescribeTags (20 names a call), and per load balancer
DescribeLoadBalancerAttributes (``Attributes``: access log, cross-zone, connection draining,
desync mitigation among the additional attributes) and DescribeLoadBalancerPolicies
(``_policies``: the SSL negotiation policies with their ``Reference-Security-Policy``).  An unused
region costs one DescribeLoadBalancers call.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, batched, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "elb"
GLOBAL = False
RESOURCE_TYPES = ("aws.elb.load_balancer",)
PERMISSIONS = (
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeLoadBalancerPolicies",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTags",
)


def _policies(got: Any) -> Any:
    if is_unreadable(got):
        return got
    out = []
    for p in got.get("PolicyDescriptions", []):
        attrs = {a.get("AttributeName"): a.get("AttributeValue") for a in p.get("PolicyAttributeDescriptions", [])}
        out.append({"PolicyName": p.get("PolicyName"), "PolicyTypeName": p.get("PolicyTypeName"),
                    "ReferenceSecurityPolicy": attrs.get("Reference-Security-Policy")})
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("elb")
    lbs = list(ctx.paginate(c, "describe_load_balancers", "LoadBalancerDescriptions"))
    tags: dict[str, list[dict[str, Any]]] = {}
    for chunk in batched([lb["LoadBalancerName"] for lb in lbs], 20):
        for d in c.describe_tags(LoadBalancerNames=chunk).get("TagDescriptions", []):
            tags[d["LoadBalancerName"]] = d.get("Tags", [])

    def one(lb: dict[str, Any]) -> Resource:
        name = lb["LoadBalancerName"]
        data = dict(lb)
        attrs = ctx.read(c.describe_load_balancer_attributes, LoadBalancerName=name)
        data["Attributes"] = attrs if is_unreadable(attrs) else attrs.get("LoadBalancerAttributes", {})
        data["_policies"] = _policies(ctx.read(c.describe_load_balancer_policies, LoadBalancerName=name))
        return make(ctx, "aws.elb.load_balancer", arn(ctx, "elasticloadbalancing", f"loadbalancer/{name}"), name, data, tags.get(name))

    return bounded_map(one, lbs)
