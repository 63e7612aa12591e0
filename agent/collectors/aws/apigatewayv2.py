"""API Gateway HTTP and WebSocket APIs (apigatewayv2) in one region.

GetApis (paginated), then per API GetRoutes (authorization type of each route, as ``_routes`` on
the API) and GetStages (one resource per stage: access logging, default route settings).  An
unused region costs one GetApis call.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "apigatewayv2"
GLOBAL = False
RESOURCE_TYPES = ("aws.apigatewayv2.api", "aws.apigatewayv2.stage")
PERMISSIONS = ("apigateway:GET",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("apigatewayv2")

    def one(api: dict[str, Any]) -> list[Resource]:
        arn = f"arn:aws:apigateway:{ctx.region}::/apis/{api['ApiId']}"
        routes = read_list(ctx, c, "get_routes", "Items", ApiId=api["ApiId"])
        if not is_unreadable(routes):
            routes = [{k: r.get(k) for k in ("RouteId", "RouteKey", "AuthorizationType", "AuthorizerId", "ApiKeyRequired")}
                      for r in routes]
        out = [make(ctx, "aws.apigatewayv2.api", arn, api.get("Name") or api["ApiId"], {**api, "_routes": routes}, api.get("Tags"))]
        stages = read_list(ctx, c, "get_stages", "Items", ApiId=api["ApiId"])
        if is_unreadable(stages):
            ctx.gap("aws.apigatewayv2.stage", f"apigatewayv2: GetStages {api['ApiId']}: {stages}")
            return out
        for st in stages:
            out.append(make(ctx, "aws.apigatewayv2.stage", f"{arn}/stages/{st['StageName']}",
                            f"{api.get('Name') or api['ApiId']}/{st['StageName']}",
                            {**{k: v for k, v in st.items() if k != "StageVariables"},  # may hold secrets
                             "_api_id": api["ApiId"], "_protocol": api.get("ProtocolType")}, st.get("Tags")))
        return out

    return [r for rs in bounded_map(one, list(ctx.paginate(c, "get_apis", "Items"))) for r in rs]
