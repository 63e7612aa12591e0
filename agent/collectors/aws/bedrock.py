"""Amazon Bedrock in one region: model-invocation logging, guardrails, agents and custom models.

ListGuardrails / ListAgents / ListCustomModels (paginated), then GetGuardrail / GetAgent /
GetCustomModel per item; GetModelInvocationLoggingConfiguration once.  The region's logging
settings become a resource only where Bedrock is in use (a guardrail, agent or custom model
exists) or logging is already configured: a region that never used Bedrock yields nothing, at
the cost of four reads (and where the logging read fails and nothing else is found, the
setting is a coverage gap, not a resource).  Agent instructions and prompt overrides (prompt text) and
hyperparameters are dropped; guardrail word lists and regex patterns are reduced to counts.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._described import detail, scrub, with_defaults
from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable_reason

SERVICE = "bedrock"
GLOBAL = False
RESOURCE_TYPES = ("aws.bedrock.invocation_logging", "aws.bedrock.guardrail", "aws.bedrock.agent",
                  "aws.bedrock.custom_model")
PERMISSIONS = (
    "bedrock:GetAgent",
    "bedrock:GetCustomModel",
    "bedrock:GetGuardrail",
    "bedrock:GetModelInvocationLoggingConfiguration",
    "bedrock:ListAgents",
    "bedrock:ListCustomModels",
    "bedrock:ListGuardrails",
)


def _guardrail(d: dict[str, Any]) -> dict[str, Any]:
    """Word lists and regexes are customer text: their counts are enough for a check."""
    out = with_defaults(scrub(d, ("blockedInputMessaging", "blockedOutputsMessaging")),
                        ("kmsKeyArn", "contentPolicy", "sensitiveInformationPolicy"))
    words = out.pop("wordPolicy", None) or {}
    out["wordPolicy"] = {"words": len(words.get("words") or []), "managedWordLists": words.get("managedWordLists") or []}
    sip = out.get("sensitiveInformationPolicy")
    if isinstance(sip, dict):
        out["sensitiveInformationPolicy"] = {"piiEntities": sip.get("piiEntities") or [],
                                             "regexes": len(sip.get("regexes") or [])}
    return out


def _guardrails(ctx: ServiceContext, c: Any) -> list[Resource]:
    def one(s: dict[str, Any]) -> Resource | None:
        d = detail(ctx, s, c.get_guardrail, guardrailIdentifier=s["id"])
        return None if d is None else make(ctx, "aws.bedrock.guardrail", s["arn"], s.get("name") or s["id"], _guardrail(d))
    return [r for r in bounded_map(one, ctx.paginate(c, "list_guardrails", "guardrails")) if r]


def _agents(ctx: ServiceContext, a: Any) -> list[Resource]:
    def one(s: dict[str, Any]) -> Resource | None:
        d = detail(ctx, s, a.get_agent, key="agent", agentId=s["agentId"])
        if d is None:
            return None
        d = with_defaults(scrub(d, ("instruction", "promptOverrideConfiguration")),
                          ("customerEncryptionKeyArn", "guardrailConfiguration"))
        return make(ctx, "aws.bedrock.agent", d.get("agentArn") or s["agentId"], s.get("agentName") or s["agentId"], d)
    return [r for r in bounded_map(one, ctx.paginate(a, "list_agents", "agentSummaries")) if r]


def _custom_models(ctx: ServiceContext, c: Any) -> list[Resource]:
    def one(s: dict[str, Any]) -> Resource | None:
        d = detail(ctx, s, c.get_custom_model, modelIdentifier=s["modelArn"])
        if d is None:
            return None
        d = with_defaults(scrub(d, ("hyperParameters",)), ("modelKmsKeyArn",))
        return make(ctx, "aws.bedrock.custom_model", s["modelArn"], s.get("modelName") or s["modelArn"], d)
    return [r for r in bounded_map(one, ctx.paginate(c, "list_custom_models", "modelSummaries")) if r]


def collect(ctx: ServiceContext) -> list[Resource]:
    c, a = ctx.client("bedrock"), ctx.client("bedrock-agent")
    found = (listed(ctx, "aws.bedrock.guardrail", lambda: _guardrails(ctx, c))
             + listed(ctx, "aws.bedrock.agent", lambda: _agents(ctx, a))
             + listed(ctx, "aws.bedrock.custom_model", lambda: _custom_models(ctx, c)))
    got = ctx.read(c.get_model_invocation_logging_configuration)
    config = got if is_unreadable(got) else (got or {}).get("loggingConfig")
    if is_unreadable(got) and not found:
        # Whether the region uses Bedrock is unknown: not assessed, rather than an ERROR on a
        # resource a readable answer might not have produced.
        ctx.gap("aws.bedrock.invocation_logging", f"{ctx.service}: {unreadable_reason(got)}")
    elif found or config:
        data = {"loggingConfig": config, "Guardrails": sum(r.type == "aws.bedrock.guardrail" for r in found),
                "Agents": sum(r.type == "aws.bedrock.agent" for r in found),
                "CustomModels": sum(r.type == "aws.bedrock.custom_model" for r in found)}
        rid = f"arn:aws:bedrock:{ctx.region}:{ctx.account}:model-invocation-logging"
        found.append(make(ctx, "aws.bedrock.invocation_logging", rid, f"model invocation logging {ctx.region}", data))
    return found
