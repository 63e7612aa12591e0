"""AWS Organizations (read once per account): membership, feature set, the root's policy types,
service control, AI services opt-out, tag and backup policies with their targets (and the
content of attached custom SCPs), delegated administrators and trusted service access.

Member accounts cannot list policies: that is recorded as unreadable on the resource (ERROR on
the policy checks), never as "no SCPs".  A delegated administrator for Organizations can.
"""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws._util import GLOBAL_REGION, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "organizations"
GLOBAL = True
RESOURCE_TYPES = ("aws.organizations.organization",)
PERMISSIONS = (
    "organizations:DescribeOrganization",
    "organizations:DescribePolicy",
    "organizations:ListAWSServiceAccessForOrganization",
    "organizations:ListAccounts",
    "organizations:ListDelegatedAdministrators",
    "organizations:ListPolicies",
    "organizations:ListRoots",
    "organizations:ListTargetsForPolicy",
)
# data key -> policy type (ListPolicies Filter); SCPs keep their historical key.
POLICY_TYPES = {
    "ServiceControlPolicies": "SERVICE_CONTROL_POLICY",
    "AiServicesOptOutPolicies": "AISERVICES_OPT_OUT_POLICY",
    "TagPolicies": "TAG_POLICY",
    "BackupPolicies": "BACKUP_POLICY",
}


def _content(ctx: ServiceContext, c: Any, policy_id: str) -> Any:
    got = ctx.read(c.describe_policy, PolicyId=policy_id)
    if is_unreadable(got):
        return got
    text = ((got or {}).get("Policy") or {}).get("Content") or ""
    try:
        return json.loads(text)
    except ValueError:
        return unreadable("Content: not a JSON policy document")


def _policies(ctx: ServiceContext, c: Any, policy_type: str) -> Any:
    found = read_list(ctx, c, "list_policies", "Policies", Filter=policy_type)
    if is_unreadable(found):
        return found
    for p in found:
        p["Targets"] = read_list(ctx, c, "list_targets_for_policy", "Targets", PolicyId=p["Id"])
        if policy_type == "SERVICE_CONTROL_POLICY" and not p.get("AwsManaged") and p["Targets"]:
            p["Content"] = _content(ctx, c, p["Id"])
    return found


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    org = ctx.read(c.describe_organization, missing=("AWSOrganizationsNotInUseException",))
    if org is None:
        data: dict[str, Any] = {"Organization": None, **{k: [] for k in POLICY_TYPES}}
        rid = f"arn:aws:organizations::{ctx.account}:no-organization"
        return [make(ctx, "aws.organizations.organization", rid, "no organization", data, region=GLOBAL_REGION)]
    if is_unreadable(org):
        raise RuntimeError(org["__unreadable__"])
    o = org["Organization"]
    data = {"Organization": o, "IsManagementAccount": o.get("MasterAccountId") == ctx.account}
    data["Roots"] = read_list(ctx, c, "list_roots", "Roots")
    for key, policy_type in POLICY_TYPES.items():
        data[key] = _policies(ctx, c, policy_type)
    data["DelegatedAdministrators"] = read_list(ctx, c, "list_delegated_administrators", "DelegatedAdministrators")
    access = read_list(ctx, c, "list_aws_service_access_for_organization", "EnabledServicePrincipals")
    data["TrustedServices"] = access if is_unreadable(access) else sorted(a.get("ServicePrincipal", "") for a in access)
    return [make(ctx, "aws.organizations.organization", o["Arn"], o.get("Id", o["Arn"]), data, region=GLOBAL_REGION)]


def member_accounts(client: Any) -> list[dict[str, Any]]:
    """Every ACTIVE account of the organisation (management account included), from ListAccounts."""
    out = []
    for page in client.get_paginator("list_accounts").paginate():
        out.extend(a for a in page.get("Accounts", []) if a.get("Status", "ACTIVE") == "ACTIVE")
    return out
