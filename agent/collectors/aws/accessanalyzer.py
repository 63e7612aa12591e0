"""IAM Access Analyzer: the region's analyzers (account or organisation zone of trust)."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "accessanalyzer"
GLOBAL = False
RESOURCE_TYPES = ("aws.accessanalyzer.region",)
PERMISSIONS = ("access-analyzer:ListAnalyzers",)


def collect(ctx: ServiceContext) -> list[Resource]:
    # One cheap call per region: few retries, so an endpoint without this API (local emulators
    # answer HTTP 500) costs a second, not the ~10 s of eight adaptive attempts.
    c = ctx.factory.client("accessanalyzer", ctx.region, max_attempts=2)
    analyzers = list(ctx.paginate(c, "list_analyzers", "analyzers"))
    return [make(ctx, "aws.accessanalyzer.region", arn(ctx, "access-analyzer", "analyzers"),
                 f"access analyzer {ctx.region}", {"Analyzers": analyzers})]
