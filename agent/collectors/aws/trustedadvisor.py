"""Trusted Advisor (through the AWS Support API, served in us-east-1 only), once per account:
the security and fault-tolerance checks with their current status.

``DescribeTrustedAdvisorChecks`` (language en) lists the checks; ``DescribeTrustedAdvisorCheckSummaries``
for the security and fault-tolerance ones (batches of 100 ids) gives each ``status`` (ok, warning,
error, not_available) and ``resourcesSummary``: one ``aws.trustedadvisor.check`` each.  An
account whose support plan does not include the API is answered ``SubscriptionRequiredException``:
that is "not available on this plan", not a failure — the scan records it on one
``aws.trustedadvisor.account`` resource (``Available: false`` with the reason) and reads nothing
more.
"""

from __future__ import annotations

from typing import Any

import botocore.exceptions

from agent.collectors.aws._util import batched, make
from agent.collectors.aws.context import ServiceContext, describe_error, error_code
from agent.core.model import Resource, is_unreadable

SERVICE = "trustedadvisor"
GLOBAL = True
RESOURCE_TYPES = ("aws.trustedadvisor.account", "aws.trustedadvisor.security_check", "aws.trustedadvisor.fault_tolerance_check")
PERMISSIONS = ("support:DescribeTrustedAdvisorCheckSummaries", "support:DescribeTrustedAdvisorChecks")

API_REGION = "us-east-1"
CATEGORIES = {"security": "aws.trustedadvisor.security_check",
              "fault_tolerance": "aws.trustedadvisor.fault_tolerance_check"}
NOT_SUBSCRIBED = "SubscriptionRequiredException"


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("support", API_REGION)
    account_id = f"arn:aws:trustedadvisor::{ctx.account}:account"
    try:
        checks = c.describe_trusted_advisor_checks(language="en").get("checks", [])
    except botocore.exceptions.ClientError as exc:
        if error_code(exc) != NOT_SUBSCRIBED:
            raise
        return [make(ctx, "aws.trustedadvisor.account", account_id, f"trustedadvisor {ctx.account}",
                     {"Available": False, "Reason": describe_error(exc)}, region="global")]
    wanted = [ch for ch in checks if ch.get("category") in CATEGORIES]
    summaries: dict[str, Any] = {}
    for chunk in batched([ch["id"] for ch in wanted], 100):
        got = ctx.read(c.describe_trusted_advisor_check_summaries, checkIds=chunk)
        if is_unreadable(got):
            summaries.update(dict.fromkeys(chunk, got))
            continue
        for s in got.get("summaries", []):
            summaries[s["checkId"]] = {k: s.get(k) for k in ("status", "timestamp", "hasFlaggedResources",
                                                             "resourcesSummary")}
    out = [make(ctx, "aws.trustedadvisor.account", account_id, f"trustedadvisor {ctx.account}",
                {"Available": True, "Checks": len(checks)}, region="global")]
    for ch in wanted:
        summary = summaries.get(ch["id"], {"status": "not_available"})
        out.append(make(ctx, CATEGORIES[ch["category"]], f"arn:aws:trustedadvisor::{ctx.account}:checks/{ch['id']}",
                        str(ch.get("name") or ch["id"]),
                        {"id": ch["id"], "name": ch.get("name"), "category": ch.get("category"), "_summary": summary},
                        region="global"))
    return out
