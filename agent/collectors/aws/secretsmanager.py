"""Secrets Manager secrets: rotation, last access, resource policy.  Secret values are never read."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, days_since, make, now_utc
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "secretsmanager"
GLOBAL = False
RESOURCE_TYPES = ("aws.secretsmanager.secret",)
PERMISSIONS = ("secretsmanager:GetResourcePolicy", "secretsmanager:ListSecrets")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    now = now_utc()

    def one(s: dict[str, Any]) -> Resource:
        data = dict(s)
        # ages as whole days at collection time (checks never read the clock)
        data["_created_days_ago"] = days_since(s.get("CreatedDate"), now)
        data["_rotated_days_ago"] = days_since(s.get("LastRotatedDate"), now)
        data["_accessed_days_ago"] = days_since(s.get("LastAccessedDate"), now)
        pol = ctx.read(c.get_resource_policy, SecretId=s["ARN"], missing=("ResourceNotFoundException",))
        data["ResourcePolicy"] = pol.get("ResourcePolicy") if isinstance(pol, dict) and "ARN" in pol else pol
        return make(ctx, "aws.secretsmanager.secret", s["ARN"], s.get("Name", s["ARN"]), data, s.get("Tags"))

    return bounded_map(one, ctx.paginate(c, "list_secrets", "SecretList"))
