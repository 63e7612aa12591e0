"""AWS Shield Advanced (a global API served in us-east-1), once per account.

``DescribeSubscription`` first: an account without Shield Advanced is answered
``ResourceNotFoundException`` and costs nothing more (no resource, no finding).  Subscribed:
``DescribeDRTAccess`` (the role and log buckets the Shield Response Team may use; never granted
is an empty answer) and ``DescribeEmergencyContactSettings`` join the subscription on
``aws.shield.subscription``; ``ListProtections`` (paginated) gives ``aws.shield.protection`` per
protected resource (``ResourceArn``, ``HealthCheckIds``,
``ApplicationLayerAutomaticResponseConfiguration``).
"""

from __future__ import annotations

from typing import Any

import botocore.exceptions

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext, error_code
from agent.core.model import Resource, is_unreadable

SERVICE = "shield"
GLOBAL = True
RESOURCE_TYPES = ("aws.shield.subscription", "aws.shield.protection")
PERMISSIONS = ("shield:DescribeDRTAccess", "shield:DescribeEmergencyContactSettings", "shield:DescribeSubscription",
               "shield:ListProtections")

API_REGION = "us-east-1"
SUB_KEYS = ("SubscriptionArn", "StartTime", "EndTime", "TimeCommitmentInSeconds", "AutoRenew",
            "ProactiveEngagementStatus")


def _subscription(ctx: ServiceContext, c: Any, sub: dict[str, Any]) -> Resource:
    drt = ctx.read(c.describe_drt_access)
    contacts = ctx.read(c.describe_emergency_contact_settings)
    data: dict[str, Any] = {k: sub.get(k) for k in SUB_KEYS}
    data["_drt_access"] = drt if is_unreadable(drt) else {"RoleArn": drt.get("RoleArn"),
                                                          "LogBucketList": drt.get("LogBucketList") or []}
    data["_emergency_contacts"] = contacts if is_unreadable(contacts) else len(contacts.get("EmergencyContactList") or [])
    rid = str(sub.get("SubscriptionArn") or f"arn:aws:shield::{ctx.account}:subscription")
    return make(ctx, "aws.shield.subscription", rid, f"shield advanced {ctx.account}", data, region="global")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("shield", API_REGION)
    try:
        sub = c.describe_subscription().get("Subscription") or {}
    except botocore.exceptions.ClientError as exc:
        if error_code(exc) != "ResourceNotFoundException":
            raise
        return []

    def protections() -> list[Resource]:
        return [make(ctx, "aws.shield.protection", str(p.get("ProtectionArn") or p["Id"]), str(p.get("Name") or p["Id"]),
                     {"ApplicationLayerAutomaticResponseConfiguration": None, "HealthCheckIds": [], **p},
                     region="global")
                for p in ctx.paginate(c, "list_protections", "Protections")]

    return [_subscription(ctx, c, sub), *listed(ctx, "aws.shield.protection", protections)]
