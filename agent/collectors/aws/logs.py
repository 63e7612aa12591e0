"""CloudWatch Logs in one region: the account's resource policies (which services and accounts
may write to its log groups), the cross-account log destinations with their access policies,
and the log groups with their retention and KMS key (``DescribeLogGroups``: ``retentionInDays``
absent means kept forever, ``kmsKeyId`` absent means the service's own encryption).
All are paginated listings carrying the documents; no per-item calls."""

from __future__ import annotations

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make, policy_field, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "logs"
GLOBAL = False
RESOURCE_TYPES = ("aws.logs.resource_policy", "aws.logs.destination", "aws.logs.log_group")
PERMISSIONS = ("logs:DescribeDestinations", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies")


def _policies(ctx: ServiceContext) -> list[Resource]:
    return [make(ctx, "aws.logs.resource_policy", arn(ctx, "logs", f"resource-policy:{p['policyName']}"),
                 str(p["policyName"]), {**p, "Policy": policy_field(p, "policyDocument")})
            for p in token_pages(ctx.client("logs").describe_resource_policies, "resourcePolicies", "nextToken")]


def _destinations(ctx: ServiceContext) -> list[Resource]:
    return [make(ctx, "aws.logs.destination", str(d.get("arn") or arn(ctx, "logs", f"destination:{d['destinationName']}")),
                 str(d["destinationName"]), {**d, "Policy": policy_field(d, "accessPolicy")})
            for d in ctx.paginate(ctx.client("logs"), "describe_destinations", "destinations")]


LOG_GROUP_KEYS = ("logGroupName", "logGroupArn", "arn", "creationTime", "retentionInDays", "kmsKeyId",
                  "logGroupClass", "dataProtectionStatus", "deletionProtectionEnabled")


def _log_groups(ctx: ServiceContext) -> list[Resource]:
    out = []
    for g in ctx.paginate(ctx.client("logs"), "describe_log_groups", "logGroups"):
        rid = str(g.get("logGroupArn") or str(g.get("arn", "")).removesuffix(":*")
                  or arn(ctx, "logs", f"log-group:{g['logGroupName']}"))
        out.append(make(ctx, "aws.logs.log_group", rid, str(g["logGroupName"]),
                        {"retentionInDays": None, "kmsKeyId": None, **{k: g[k] for k in LOG_GROUP_KEYS if k in g}}))
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    return (listed(ctx, "aws.logs.resource_policy", lambda: _policies(ctx))
            + listed(ctx, "aws.logs.destination", lambda: _destinations(ctx))
            + listed(ctx, "aws.logs.log_group", lambda: _log_groups(ctx)))
