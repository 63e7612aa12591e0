"""AWS Resilience Hub applications in one region.

``ListApps`` (token-paged; an account without applications costs this one call) then
``DescribeApp`` per application (its ``policyArn``, ``complianceStatus``, ``assessmentSchedule``,
``driftStatus``, ``resiliencyScore``) give ``aws.resiliencehub.app``.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "resiliencehub"
GLOBAL = False
RESOURCE_TYPES = ("aws.resiliencehub.app",)
PERMISSIONS = ("resiliencehub:DescribeApp", "resiliencehub:ListApps")

APP_KEYS = ("appArn", "name", "status", "policyArn", "complianceStatus", "assessmentSchedule", "driftStatus",
            "resiliencyScore", "lastAppComplianceEvaluationTime", "lastResiliencyScoreEvaluationTime",
            "creationTime", "permissionModel")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("resiliencehub")

    def one(summary: dict[str, Any]) -> Resource:
        got = ctx.read(c.describe_app, appArn=summary["appArn"])
        app = summary if is_unreadable(got) else got.get("app") or summary
        data = {k: app[k] for k in APP_KEYS if k in app}
        data.setdefault("policyArn", got if is_unreadable(got) else None)
        return make(ctx, "aws.resiliencehub.app", summary["appArn"], str(summary.get("name") or summary["appArn"]),
                    data, app.get("tags") if isinstance(app.get("tags"), dict) else None)

    return bounded_map(one, token_pages(c.list_apps, "appSummaries", "nextToken"))
