"""Step Functions state machines in one region: ListStateMachines, then DescribeStateMachine per
machine for its logging, tracing and encryption configuration.  The definition (which can hold
literal values) is dropped: no check reads it."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "stepfunctions"
GLOBAL = False
RESOURCE_TYPES = ("aws.stepfunctions.state_machine",)
PERMISSIONS = ("states:ListStateMachines", "states:DescribeStateMachine")
_SETTINGS = ("loggingConfiguration", "tracingConfiguration", "encryptionConfiguration")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("stepfunctions")

    def one(sm: dict[str, Any]) -> Resource:
        got = ctx.read(c.describe_state_machine, stateMachineArn=sm["stateMachineArn"])
        if is_unreadable(got):
            data = {**sm, **{k: got for k in _SETTINGS}}
        else:
            data = {**sm, **{k: v for k, v in got.items() if k not in ("definition", "ResponseMetadata")}}
            data.setdefault("tracingConfiguration", {})
            data.setdefault("encryptionConfiguration", {})
            data.setdefault("loggingConfiguration", {})
        return make(ctx, "aws.stepfunctions.state_machine", sm["stateMachineArn"], sm["name"], data)

    return bounded_map(one, ctx.paginate(c, "list_state_machines", "stateMachines"))
