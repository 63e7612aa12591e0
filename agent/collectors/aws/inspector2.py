"""Amazon Inspector (v2) in one region: which resource types it scans for this account, and how
many critical findings are open.

One resource per region (``aws.inspector2.region``).  ``BatchGetAccountStatus`` for this account
gives ``state.status`` and ``resourceState`` per scan type (``ec2``, ``ecr``, ``lambda``,
``lambdaCode``); an account never activated is answered with no account entry, read as every
type ``DISABLED``.  Only where some scan type is on, ``ListFindingAggregations`` (type ACCOUNT,
this account) gives the open findings' ``severityCounts``; the findings themselves are not read.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "inspector2"
GLOBAL = False
RESOURCE_TYPES = ("aws.inspector2.region",)
PERMISSIONS = ("inspector2:BatchGetAccountStatus", "inspector2:ListFindingAggregations")

SCAN_TYPES = ("ec2", "ecr", "lambda", "lambdaCode")


def _counts(ctx: ServiceContext, c: Any) -> Any:
    got = ctx.read(c.list_finding_aggregations, aggregationType="ACCOUNT",
                   aggregationRequest={"accountAggregation": {}},
                   accountIds=[{"comparison": "EQUALS", "value": ctx.account}])
    if is_unreadable(got):
        return got
    for item in got.get("responses", []):
        agg = item.get("accountAggregation") or {}
        if agg.get("accountId") in (None, ctx.account):
            return dict(agg.get("severityCounts") or {})
    return {"all": 0, "critical": 0, "high": 0, "medium": 0}


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    got = c.batch_get_account_status(accountIds=[ctx.account])
    mine = next((a for a in got.get("accounts", []) if a.get("accountId") == ctx.account), None)
    state = {t: ((mine or {}).get("resourceState") or {}).get(t, {}).get("status", "DISABLED") for t in SCAN_TYPES}
    data: dict[str, Any] = {"Status": ((mine or {}).get("state") or {}).get("status", "DISABLED"),
                            "ResourceState": state}
    failed = [f for f in got.get("failedAccounts", []) if f.get("accountId") == ctx.account]
    if failed:  # the account's status could not be given: nothing about it is known
        marker = unreadable(f"BatchGetAccountStatus: {failed[0].get('errorCode')}: {failed[0].get('errorMessage')}")
        data["ResourceState"] = dict.fromkeys(SCAN_TYPES, marker)
        data["_severity_counts"] = marker
    else:
        scanning = any(v == "ENABLED" for v in state.values())
        data["_severity_counts"] = _counts(ctx, c) if scanning else None
    return [make(ctx, "aws.inspector2.region", arn(ctx, "inspector2", "account-status"), f"inspector2 {ctx.region}", data)]
