"""AppSync GraphQL APIs in one region: ListGraphqlApis (paginated) carries each API's log
configuration, authentication providers, WAF web ACL and introspection setting; no per-API
calls.  Provider details (user-pool ids, OIDC client ids, Lambda authorizer ARNs) are kept by type."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "appsync"
GLOBAL = False
RESOURCE_TYPES = ("aws.appsync.graphql_api",)
PERMISSIONS = ("appsync:ListGraphqlApis",)


def _api(api: dict[str, Any]) -> dict[str, Any]:
    # logConfig and introspectionConfig are omitted when never set (logging off, introspection on)
    data: dict[str, Any] = {"logConfig": None, "introspectionConfig": "ENABLED", "wafWebAclArn": None}
    data |= {k: v for k, v in api.items() if k not in ("userPoolConfig", "openIDConnectConfig", "lambdaAuthorizerConfig")}
    data["additionalAuthenticationProviders"] = [
        {"authenticationType": p.get("authenticationType")} for p in api.get("additionalAuthenticationProviders") or []]
    return data


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("appsync")
    return [make(ctx, "aws.appsync.graphql_api", a["arn"], a["name"], _api(a), a.get("tags"))
            for a in ctx.paginate(c, "list_graphql_apis", "graphqlApis")]
