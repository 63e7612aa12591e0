"""CodeBuild projects in one region: ListProjects (paginated), then BatchGetProjects in batches of
100.  Plaintext environment variables are replaced by what detect-secrets finds in them; those
of type PARAMETER_STORE or SECRETS_MANAGER hold a reference, not a value, and are kept as they are;
an inline buildspec is scanned too and not kept."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._secrets import scan_pairs
from agent.collectors.aws._util import batched, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "codebuild"
GLOBAL = False
RESOURCE_TYPES = ("aws.codebuild.project",)
PERMISSIONS = ("codebuild:BatchGetProjects", "codebuild:ListProjects")


def _project(p: dict[str, Any]) -> dict[str, Any]:
    env = dict(p.get("environment") or {})
    variables = env.get("environmentVariables") or []
    plain = {v.get("name"): v.get("value") for v in variables if v.get("type", "PLAINTEXT") == "PLAINTEXT"}
    env["environmentVariables"] = [{"name": v.get("name"), "type": v.get("type", "PLAINTEXT"),
                                    **({} if v.get("type", "PLAINTEXT") == "PLAINTEXT" else {"value": v.get("value")})}
                                   for v in variables]
    # An inline buildspec is a script: scanned with the variables, and not kept.
    source = dict(p.get("source") or {})
    if source.get("buildspec"):
        plain["buildspec"] = source.pop("buildspec")
        source["_inline_buildspec"] = True
    return {**p, "environment": env, "source": source, "_secrets_found": scan_pairs(plain)}


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("codebuild")
    names = list(ctx.paginate(c, "list_projects", "projects"))
    out = []
    for chunk in batched(names, 100):
        for p in c.batch_get_projects(names=chunk).get("projects", []):
            out.append(make(ctx, "aws.codebuild.project", p["arn"], p["name"], _project(p), p.get("tags")))
    return out
