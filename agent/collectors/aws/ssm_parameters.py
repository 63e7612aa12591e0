"""SSM parameters of type String in one region, each with what detect-secrets finds in its value
(SecureString parameters are encrypted by design and not read).

DescribeParameters (paginated, Type=String) lists them; GetParameters reads the values ten names
per call (the API's limit).  The value itself is not kept.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._secrets import scan_pairs
from agent.collectors.aws._util import arn, batched, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "ssm_parameters"
GLOBAL = False
RESOURCE_TYPES = ("aws.ssm.parameter",)
PERMISSIONS = ("ssm:DescribeParameters", "ssm:GetParameters")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ssm")
    params = list(ctx.paginate(c, "describe_parameters", "Parameters",
                               ParameterFilters=[{"Key": "Type", "Values": ["String"]}]))
    found: dict[str, Any] = {}
    for chunk in batched([p["Name"] for p in params], 10):
        got = ctx.read(c.get_parameters, Names=chunk)
        if is_unreadable(got):
            found.update(dict.fromkeys(chunk, got))
            continue
        for p in got.get("Parameters", []):
            found[p["Name"]] = scan_pairs({p["Name"]: p.get("Value")})
    out = []
    for p in params:
        name = p["Name"]
        path = name if name.startswith("/") else "/" + name
        out.append(make(ctx, "aws.ssm.parameter", arn(ctx, "ssm", f"parameter{path}"), name,
                        {**p, "_secrets_found": found.get(name, [])}))
    return out
