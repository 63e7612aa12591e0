"""IAM Identity Center (sso-admin) in one region: instances and their permission sets.

ListInstances answers in every region (empty where Identity Center does not live: one call);
per instance ListPermissionSets, and per permission set DescribePermissionSet,
ListManagedPoliciesInPermissionSet, ListCustomerManagedPolicyReferencesInPermissionSet and
GetInlinePolicyForPermissionSet (the inline policy document, parsed: it is a policy, not a secret).
Whether the organisation's management account has an instance is read by the organizations
module (trusted access for sso.amazonaws.com), where the management account is known.
"""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._described import detail
from agent.collectors.aws._util import bounded_map, make, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "identitycenter"
GLOBAL = False
RESOURCE_TYPES = ("aws.identitycenter.instance", "aws.identitycenter.permission_set")
PERMISSIONS = (
    "sso:DescribePermissionSet",
    "sso:GetInlinePolicyForPermissionSet",
    "sso:ListCustomerManagedPolicyReferencesInPermissionSet",
    "sso:ListInstances",
    "sso:ListManagedPoliciesInPermissionSet",
    "sso:ListPermissionSets",
)


def _inline(ctx: ServiceContext, c: Any, instance: str, ps: str) -> Any:
    got = ctx.read(c.get_inline_policy_for_permission_set, InstanceArn=instance, PermissionSetArn=ps)
    if is_unreadable(got):
        return got
    text = (got or {}).get("InlinePolicy") or ""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return unreadable("InlinePolicy: not a JSON policy document")


def _permission_sets(ctx: ServiceContext, c: Any, inst: dict[str, Any]) -> list[Resource]:
    arn = inst["InstanceArn"]

    def one(ps: str) -> Resource | None:
        d = detail(ctx, {"PermissionSetArn": ps, "InstanceArn": arn}, c.describe_permission_set, key="PermissionSet",
                   InstanceArn=arn, PermissionSetArn=ps)
        if d is None:
            return None
        d["InstanceArn"] = arn
        d["ManagedPolicies"] = read_list(ctx, c, "list_managed_policies_in_permission_set", "AttachedManagedPolicies",
                                         InstanceArn=arn, PermissionSetArn=ps)
        d["CustomerManagedPolicies"] = read_list(ctx, c, "list_customer_managed_policy_references_in_permission_set",
                                                 "CustomerManagedPolicyReferences", InstanceArn=arn, PermissionSetArn=ps)
        d["InlinePolicy"] = _inline(ctx, c, arn, ps)
        d.setdefault("SessionDuration", None)
        return make(ctx, "aws.identitycenter.permission_set", ps, d.get("Name") or ps.rsplit("/", 1)[-1], d)
    return [r for r in bounded_map(one, ctx.paginate(c, "list_permission_sets", "PermissionSets", InstanceArn=arn)) if r]


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("sso-admin")
    out: list[Resource] = []
    for inst in ctx.paginate(c, "list_instances", "Instances"):
        out.append(make(ctx, "aws.identitycenter.instance", inst["InstanceArn"], inst.get("Name") or inst["InstanceArn"],
                        inst))
        out += listed(ctx, "aws.identitycenter.permission_set", lambda i=inst: _permission_sets(ctx, c, i))
    return out
