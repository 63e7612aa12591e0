"""Secrets Manager secrets: rotation, last access, resource policy.  Secret values are never read."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.model import Resource

SERVICE = "secretsmanager"
GLOBAL = False
RESOURCE_TYPES = ("aws.secretsmanager.secret",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(s: dict[str, Any]) -> Resource:
        data = dict(s)
        pol = ctx.read(c.get_resource_policy, SecretId=s["ARN"], missing=("ResourceNotFoundException",))
        data["ResourcePolicy"] = pol.get("ResourcePolicy") if isinstance(pol, dict) and "ARN" in pol else pol
        return make(ctx, "aws.secretsmanager.secret", s["ARN"], s.get("Name", s["ARN"]), data, s.get("Tags"))

    return bounded_map(one, ctx.paginate(c, "list_secrets", "SecretList"))
