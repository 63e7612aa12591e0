"""ECS task definitions in one region: the latest active revision of each family, with container
definitions whose environment values are replaced by what detect-secrets finds in them.

ListTaskDefinitionFamilies (paginated, ACTIVE), then DescribeTaskDefinition per family on a
bounded pool (there is no batch form).
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._secrets import scan_pairs
from agent.collectors.aws._util import arn, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "ecs"
GLOBAL = False
RESOURCE_TYPES = ("aws.ecs.task_definition",)
PERMISSIONS = ("ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitionFamilies")
_GONE: Any = object()


def scrub_containers(containers: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Container definitions with environment names only and no command or entry point (both can
    carry a secret on the command line), and the secrets found in those values."""
    pairs: dict[str, Any] = {}
    out = []
    for cd in containers:
        env = cd.get("environment") or []
        for e in env:
            pairs[f"{cd.get('name')}/{e.get('name')}"] = e.get("value")
        for field in ("command", "entryPoint"):
            if cd.get(field):
                pairs[f"{cd.get('name')}/{field}"] = " ".join(str(a) for a in cd[field])
        kept = {k: v for k, v in cd.items() if k not in ("command", "entryPoint")}
        out.append({**kept, "environment": [{"name": e.get("name")} for e in env]})
    return out, scan_pairs(pairs)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ecs")

    def one(family: str) -> Resource | None:
        got = ctx.read(c.describe_task_definition, taskDefinition=family, missing=("ClientException",), default=_GONE)
        if got is _GONE:
            return None
        if is_unreadable(got):
            return make(ctx, "aws.ecs.task_definition", arn(ctx, "ecs", f"task-definition/{family}"), family,
                        {"family": family, "_secrets_found": got})
        td = dict(got["taskDefinition"])
        td["containerDefinitions"], td["_secrets_found"] = scrub_containers(td.get("containerDefinitions") or [])
        # The family is the identity (a new revision is the same finding), whatever the read gave.
        return make(ctx, "aws.ecs.task_definition", arn(ctx, "ecs", f"task-definition/{family}"), family, td)

    families = ctx.paginate(c, "list_task_definition_families", "families", status="ACTIVE")
    return [r for r in bounded_map(one, families) if r is not None]
