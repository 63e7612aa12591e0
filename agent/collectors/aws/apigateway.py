"""API Gateway REST APIs in one region with their resource policies (GetRestApis, paginated,
carries each API's ``policy`` as an escaped JSON string; no per-API calls)."""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, unreadable

SERVICE = "apigateway"
GLOBAL = False
RESOURCE_TYPES = ("aws.apigateway.rest_api",)
PERMISSIONS = ("apigateway:GET",)


def _policy(text: Any) -> Any:
    if not text:
        return None
    try:  # the API returns the document JSON-escaped once more (quotes as \\")
        doc = json.loads(text.replace('\\"', '"')) if isinstance(text, str) else text
    except ValueError:
        return unreadable("policy: not a JSON policy document")
    return doc


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("apigateway")
    out = []
    for api in ctx.paginate(c, "get_rest_apis", "items"):
        arn = f"arn:aws:apigateway:{ctx.region}::/restapis/{api['id']}"
        out.append(make(ctx, "aws.apigateway.rest_api", arn, api.get("name") or api["id"],
                        {**api, "Policy": _policy(api.get("policy"))}))
    return out
