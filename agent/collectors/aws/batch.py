"""AWS Batch compute environments and the latest active revision of each job definition.

DescribeComputeEnvironments and DescribeJobDefinitions (status ACTIVE), both paginated: two
listings per region, nothing else.  Job definitions carry ``_containers``: every container of
the definition (single-container, multi-node ranges and ECS task properties) with environment
values and commands removed, and ``_secrets_found``: what detect-secrets finds in them.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._secrets import scan_pairs
from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.collectors.aws.ecs import scrub_containers
from agent.core.model import Resource

SERVICE = "batch"
GLOBAL = False
RESOURCE_TYPES = ("aws.batch.compute_environment", "aws.batch.job_definition")
PERMISSIONS = ("batch:DescribeComputeEnvironments", "batch:DescribeJobDefinitions")


def containers(jd: dict[str, Any]) -> list[dict[str, Any]]:
    """Every container definition of a job definition, named so findings can say which."""
    out = []
    if jd.get("containerProperties"):
        out.append({"name": jd.get("jobDefinitionName"), **jd["containerProperties"]})
    for rng in (jd.get("nodeProperties") or {}).get("nodeRangeProperties", []):
        if rng.get("container"):
            out.append({"name": f"nodes {rng.get('targetNodes')}", **rng["container"]})
    for task in (jd.get("ecsProperties") or {}).get("taskProperties", []):
        out += [dict(cd) for cd in task.get("containers", [])]
    return out


def _job_definitions(ctx: ServiceContext, c: Any) -> list[Resource]:
    latest: dict[str, dict[str, Any]] = {}
    for jd in ctx.paginate(c, "describe_job_definitions", "jobDefinitions", status="ACTIVE"):
        name = jd.get("jobDefinitionName", "")
        if name not in latest or jd.get("revision", 0) > latest[name].get("revision", 0):
            latest[name] = jd
    out = []
    for name, jd in sorted(latest.items()):
        scrubbed, found = scrub_containers(containers(jd))
        data = {k: v for k, v in jd.items() if k not in ("containerProperties", "nodeProperties", "ecsProperties",
                                                          "eksProperties", "parameters")}
        data["_containers"], data["_secrets_found"] = scrubbed, found + scan_pairs(jd.get("parameters") or {})
        # The name is the identity: a new revision is the same finding.
        out.append(make(ctx, "aws.batch.job_definition", f"arn:aws:batch:{ctx.region}:{ctx.account}:job-definition/{name}",
                        name, data, jd.get("tags") or {}))
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("batch")
    out = listed(ctx, "aws.batch.compute_environment", lambda: [
        make(ctx, "aws.batch.compute_environment", ce["computeEnvironmentArn"], ce["computeEnvironmentName"], ce,
             ce.get("tags") or {})
        for ce in ctx.paginate(c, "describe_compute_environments", "computeEnvironments")])
    return out + listed(ctx, "aws.batch.job_definition", lambda: _job_definitions(ctx, c))
