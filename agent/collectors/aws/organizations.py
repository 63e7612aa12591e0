"""AWS Organizations (read once per account): membership, feature set, service control policies.

Member accounts cannot list policies: that is recorded as unreadable on the resource (ERROR on
the SCP check), never as "no SCPs".
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import GLOBAL_REGION, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "organizations"
GLOBAL = True
RESOURCE_TYPES = ("aws.organizations.organization",)
PERMISSIONS = (
    "organizations:DescribeOrganization",
    "organizations:ListAccounts",
    "organizations:ListPolicies",
    "organizations:ListTargetsForPolicy",
)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    org = ctx.read(c.describe_organization, missing=("AWSOrganizationsNotInUseException",))
    if org is None:
        data: dict[str, Any] = {"Organization": None, "ServiceControlPolicies": []}
        rid = f"arn:aws:organizations::{ctx.account}:no-organization"
        return [make(ctx, "aws.organizations.organization", rid, "no organization", data, region=GLOBAL_REGION)]
    if is_unreadable(org):
        raise RuntimeError(org["__unreadable__"])
    o = org["Organization"]
    data = {"Organization": o, "IsManagementAccount": o.get("MasterAccountId") == ctx.account}
    scps = read_list(ctx, c, "list_policies", "Policies", Filter="SERVICE_CONTROL_POLICY")
    if not is_unreadable(scps):
        for p in scps:
            p["Targets"] = read_list(ctx, c, "list_targets_for_policy", "Targets", PolicyId=p["Id"])
    data["ServiceControlPolicies"] = scps
    return [make(ctx, "aws.organizations.organization", o["Arn"], o.get("Id", o["Arn"]), data, region=GLOBAL_REGION)]


def member_accounts(client: Any) -> list[dict[str, Any]]:
    """Every ACTIVE account of the organisation (management account included), from ListAccounts."""
    out = []
    for page in client.get_paginator("list_accounts").paginate():
        out.extend(a for a in page.get("Accounts", []) if a.get("Status", "ACTIVE") == "ACTIVE")
    return out
