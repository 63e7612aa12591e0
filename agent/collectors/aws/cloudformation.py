"""CloudFormation stacks in one region: DescribeStacks (paginated) carries every stack's parameters
and outputs, termination protection, service role, notification topics and last drift status.
Values are replaced by what detect-secrets finds in them; a parameter declared NoEcho comes back
masked ("****") and is not a finding.  Optional fields the API leaves out when unset (RoleARN,
NotificationARNs …) are recorded as unset, since the stack itself was read."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._secrets import scan_pairs
from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "cloudformation"
GLOBAL = False
RESOURCE_TYPES = ("aws.cloudformation.stack",)
PERMISSIONS = ("cloudformation:DescribeStacks",)
MASKED = "****"


def _stack(s: dict[str, Any]) -> dict[str, Any]:
    params = s.get("Parameters") or []
    outputs = s.get("Outputs") or []
    pairs = {f"parameter {p.get('ParameterKey')}": p.get("ParameterValue") for p in params
             if p.get("ParameterValue") != MASKED}
    pairs.update({f"output {o.get('OutputKey')}": o.get("OutputValue") for o in outputs})
    data = {k: v for k, v in s.items() if k not in ("Parameters", "Outputs")}
    data["Parameters"] = [{"ParameterKey": p.get("ParameterKey"), "NoEcho": p.get("ParameterValue") == MASKED}
                          for p in params]
    data["Outputs"] = [{"OutputKey": o.get("OutputKey"), "ExportName": o.get("ExportName")} for o in outputs]
    data["_secrets_found"] = scan_pairs(pairs)
    for key, unset in (("EnableTerminationProtection", False), ("RoleARN", None), ("NotificationARNs", []),
                       ("DriftInformation", None), ("ParentId", None)):
        data.setdefault(key, unset)
    return data


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("cloudformation")
    return [make(ctx, "aws.cloudformation.stack", s["StackId"], s["StackName"], _stack(s), s.get("Tags"))
            for s in ctx.paginate(c, "describe_stacks", "Stacks") if s.get("StackStatus") != "DELETE_COMPLETE"]
