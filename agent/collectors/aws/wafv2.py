"""AWS WAF (v2) web ACLs: the regional ones in every region, the CloudFront ones in us-east-1.

ListWebACLs (NextMarker pages) per scope; per web ACL GetWebACL (rules, default action, metrics),
GetLoggingConfiguration (``_logging``: ``None`` when none is configured) and, for regional ACLs,
ListResourcesForWebACL for Application Load Balancers (``_resources``, read by the ALB check).
An unused region costs one ListWebACLs call (two in us-east-1).
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "wafv2"
GLOBAL = False
RESOURCE_TYPES = ("aws.wafv2.web_acl",)
PERMISSIONS = (
    "wafv2:GetLoggingConfiguration",
    "wafv2:GetWebACL",
    "wafv2:ListResourcesForWebACL",
    "wafv2:ListWebACLs",
)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("wafv2")
    scopes = ["REGIONAL"] + (["CLOUDFRONT"] if ctx.region == "us-east-1" else [])
    acls = [(scope, a) for scope in scopes
            for a in token_pages(c.list_web_acls, "WebACLs", token="NextMarker", Scope=scope, Limit=100)]

    def one(item: tuple[str, dict[str, Any]]) -> Resource:
        scope, a = item
        got = ctx.read(c.get_web_acl, Name=a["Name"], Scope=scope, Id=a["Id"])
        data: dict[str, Any] = dict(got.get("WebACL") or {}) if not is_unreadable(got) else {**a, "Rules": got, "VisibilityConfig": got}
        data["_scope"] = scope
        logging = ctx.read(c.get_logging_configuration, ResourceArn=a["ARN"], missing=("WAFNonexistentItemException",))
        data["_logging"] = logging.get("LoggingConfiguration") if isinstance(logging, dict) and not is_unreadable(logging) else logging
        if isinstance(data["_logging"], dict):
            data["_logging"] = {k: v for k, v in data["_logging"].items() if k in ("ResourceArn", "LogDestinationConfigs", "LogType")}
        if scope == "REGIONAL":
            res = ctx.read(c.list_resources_for_web_acl, WebACLArn=a["ARN"], ResourceType="APPLICATION_LOAD_BALANCER")
            data["_resources"] = res if is_unreadable(res) else res.get("ResourceArns", [])
        return make(ctx, "aws.wafv2.web_acl", a["ARN"], a["Name"], data)

    return bounded_map(one, acls)
