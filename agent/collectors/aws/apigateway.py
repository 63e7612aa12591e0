"""API Gateway REST APIs in one region: the APIs with their resource policies and methods, their
stages, and the custom domain names.

GetRestApis (paginated) carries each API's ``policy`` as an escaped JSON string.  Per API:
GetResources with ``embed=methods`` (the authorization type of every method, as ``_methods``) and
GetStages (one resource per stage: logging, tracing, cache, client certificate, WAF).  GetDomainNames
(paginated) gives the custom domains' TLS security policy.  An unused region costs GetRestApis and
GetDomainNames.
"""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import bounded_map, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "apigateway"
GLOBAL = False
RESOURCE_TYPES = ("aws.apigateway.rest_api", "aws.apigateway.stage", "aws.apigateway.domain_name")
PERMISSIONS = ("apigateway:GET",)


def _policy(text: Any) -> Any:
    if not text:
        return None
    try:  # the API returns the document JSON-escaped once more (quotes as \\")
        doc = json.loads(text.replace('\\"', '"')) if isinstance(text, str) else text
    except ValueError:
        return unreadable("policy: not a JSON policy document")
    return doc


def _methods(resources: Any) -> Any:
    """Every (path, HTTP method) with its authorization, from GetResources embedded methods."""
    if is_unreadable(resources):
        return resources
    out = []
    for res in resources:
        for verb, m in (res.get("resourceMethods") or {}).items():
            out.append({"path": res.get("path"), "httpMethod": verb, "authorizationType": (m or {}).get("authorizationType"),
                        "apiKeyRequired": bool((m or {}).get("apiKeyRequired"))})
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("apigateway")
    apis = list(ctx.paginate(c, "get_rest_apis", "items"))

    def one(api: dict[str, Any]) -> list[Resource]:
        arn = f"arn:aws:apigateway:{ctx.region}::/restapis/{api['id']}"
        methods = _methods(read_list(ctx, c, "get_resources", "items", restApiId=api["id"], embed=["methods"]))
        out = [make(ctx, "aws.apigateway.rest_api", arn, api.get("name") or api["id"],
                    {**api, "Policy": _policy(api.get("policy")), "_methods": methods}, api.get("tags"))]
        got = ctx.read(c.get_stages, restApiId=api["id"])
        if is_unreadable(got):
            ctx.gap("aws.apigateway.stage", f"apigateway: GetStages {api['id']}: {got}")
            return out
        for st in got.get("item", []):
            out.append(make(ctx, "aws.apigateway.stage", f"{arn}/stages/{st['stageName']}",
                            f"{api.get('name') or api['id']}/{st['stageName']}",
                            {**{k: v for k, v in st.items() if k != "variables"},  # stage variables may hold secrets
                             "_rest_api_id": api["id"], "_endpoint_types": (api.get("endpointConfiguration") or {}).get("types", [])},
                            st.get("tags")))
        return out

    resources = [r for rs in bounded_map(one, apis) for r in rs]
    return resources + listed(ctx, "aws.apigateway.domain_name", lambda: _domains(ctx, c))


def _domains(ctx: ServiceContext, c: Any) -> list[Resource]:
    return [make(ctx, "aws.apigateway.domain_name", f"arn:aws:apigateway:{ctx.region}::/domainnames/{d['domainName']}",
                 d["domainName"], d, d.get("tags"))
            for d in ctx.paginate(c, "get_domain_names", "items")]
