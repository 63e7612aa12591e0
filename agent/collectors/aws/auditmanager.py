"""AWS Audit Manager in one region: its settings and active assessments, where it is in use.

``GetAccountStatus`` first: ``INACTIVE`` (never set up) or ``PENDING_ACTIVATION`` means the
service is not used, costs nothing more and yields nothing.  ``ACTIVE``: ``GetSettings``
(attribute ALL: the KMS key, the default assessment report destination, evidence finder) and
``ListAssessments`` (status ACTIVE, token-paged) give one ``aws.auditmanager.account``.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "auditmanager"
GLOBAL = False
RESOURCE_TYPES = ("aws.auditmanager.account",)
PERMISSIONS = ("auditmanager:GetAccountStatus", "auditmanager:GetSettings", "auditmanager:ListAssessments")

SETTING_KEYS = ("isAwsOrgEnabled", "kmsKey", "defaultAssessmentReportsDestination", "evidenceFinderEnablement",
                "deregistrationPolicy", "defaultExportDestination")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("auditmanager")
    status = c.get_account_status().get("status")
    if status != "ACTIVE":
        return []
    got = ctx.read(c.get_settings, attribute="ALL")
    settings: Any = got if is_unreadable(got) else {k: v for k, v in (got.get("settings") or {}).items() if k in SETTING_KEYS}
    active = ctx.read(lambda: token_pages(c.list_assessments, "assessmentMetadata", "nextToken", status="ACTIVE"))
    data = {"status": status, "settings": settings,
            "_active_assessments": active if is_unreadable(active) else [
                {k: a.get(k) for k in ("id", "name", "complianceType", "status")} for a in active]}
    return [make(ctx, "aws.auditmanager.account", arn(ctx, "auditmanager", "account"), f"auditmanager {ctx.region}", data)]
