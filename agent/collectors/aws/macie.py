"""Amazon Macie in one region: whether it is enabled and whether automated sensitive data
discovery runs.

One resource per region (``aws.macie.region``).  ``GetMacieSession`` gives ``status`` (ENABLED /
PAUSED); Macie never enabled answers ``AccessDeniedException`` with the message "Macie is not
enabled" — that one answer means "off" (any other AccessDenied is a coverage gap).  When enabled,
``GetAutomatedDiscoveryConfiguration`` gives the discovery ``status``.
"""

from __future__ import annotations

from typing import Any

import botocore.exceptions

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext, error_code
from agent.core.model import Resource, is_unreadable

SERVICE = "macie"
GLOBAL = False
RESOURCE_TYPES = ("aws.macie.region",)
PERMISSIONS = ("macie2:GetAutomatedDiscoveryConfiguration", "macie2:GetMacieSession")


def _not_enabled(exc: botocore.exceptions.ClientError) -> bool:
    message = str(exc.response.get("Error", {}).get("Message", ""))
    return error_code(exc) == "AccessDeniedException" and "not enabled" in message.lower()


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("macie2")
    try:
        session = c.get_macie_session()
    except botocore.exceptions.ClientError as exc:
        if not _not_enabled(exc):
            raise
        session = {"status": "DISABLED"}
    data: dict[str, Any] = {k: session.get(k) for k in ("status", "findingPublishingFrequency", "serviceRole")
                            if k in session}
    if data["status"] == "ENABLED":
        auto = ctx.read(c.get_automated_discovery_configuration)
        data["_automated_discovery"] = auto if not isinstance(auto, dict) or is_unreadable(auto) else {
            k: auto.get(k) for k in ("status", "autoEnableOrganizationMembers", "disabledAt", "firstEnabledAt")}
    else:
        data["_automated_discovery"] = None
    return [make(ctx, "aws.macie.region", arn(ctx, "macie2", "session"), f"macie {ctx.region}", data)]
