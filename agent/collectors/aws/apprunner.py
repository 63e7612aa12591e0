"""App Runner services in one region.

ListServices (NextToken; botocore has no paginator), then DescribeService per service on a
bounded pool.  Runtime environment variable values (image and code configurations) never leave
this module: only their names are kept, and ``_secrets_found`` says what detect-secrets found in
them.  A region without services costs the one listing.
"""

from __future__ import annotations

import copy
from typing import Any

from agent.collectors.aws._regions import offered
from agent.collectors.aws._secrets import scan_pairs
from agent.collectors.aws._util import bounded_map, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "apprunner"
GLOBAL = False
RESOURCE_TYPES = ("aws.apprunner.service",)
PERMISSIONS = ("apprunner:DescribeService", "apprunner:ListServices")


def scrub(service: dict[str, Any]) -> dict[str, Any]:
    """The service document with runtime environment values replaced by their names, and the
    secrets detect-secrets found in those values under ``_secrets_found``."""
    data = copy.deepcopy(service)
    pairs: dict[str, Any] = {}
    src = data.get("SourceConfiguration") or {}
    blocks = [((src.get("ImageRepository") or {}).get("ImageConfiguration") or {}),
              (((src.get("CodeRepository") or {}).get("CodeConfiguration") or {}).get("CodeConfigurationValues") or {})]
    for block in blocks:
        for field in ("RuntimeEnvironmentVariables", "RuntimeEnvironmentSecrets"):
            values = block.pop(field, None) or {}
            if field == "RuntimeEnvironmentVariables":
                pairs.update(values)
            block[f"{field}Names"] = sorted(values)
        if block.get("StartCommand"):
            pairs["StartCommand"] = block.pop("StartCommand")
    data["_secrets_found"] = scan_pairs(pairs)
    # DescribeService leaves both out when the service has none (an AWS-owned key, no tracing).
    data.setdefault("EncryptionConfiguration", None)
    data.setdefault("ObservabilityConfiguration", None)
    return data


def collect(ctx: ServiceContext) -> list[Resource]:
    if not offered("apprunner", ctx.region):  # no endpoint there: nothing to assess, no call
        return []
    c = ctx.client("apprunner")

    def one(summary: dict[str, Any]) -> Resource:
        got = ctx.read(c.describe_service, ServiceArn=summary["ServiceArn"])
        data = {**summary, "_secrets_found": got} if is_unreadable(got) else scrub(got.get("Service", {}))
        if is_unreadable(got):
            for key in ("EncryptionConfiguration", "ObservabilityConfiguration", "NetworkConfiguration"):
                data[key] = got
        return make(ctx, "aws.apprunner.service", summary["ServiceArn"], summary.get("ServiceName", summary["ServiceArn"]), data)

    return bounded_map(one, token_pages(c.list_services, "ServiceSummaryList"))
