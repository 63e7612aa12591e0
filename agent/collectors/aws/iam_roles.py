"""IAM roles with their trust and effective permission policies, server certificates, and who
holds the AWS managed policies CIS asks about (AWSSupportAccess, AWSCloudShellFullAccess).

Roles and customer-managed policies come from GetAccountAuthorizationDetails (one call per page
for the whole account); AWS managed policies a role uses are fetched once each.  Whether a role
is admin or privileged is decided here by :mod:`agent.policy.aws_iam` and stored on the role
(``_admin``, ``_privileged_actions``), so checks and the exposure pass share one answer.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import GLOBAL_REGION, days_until, make, now_utc
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable
from agent.policy import aws_iam as iam_policy

SERVICE = "iam_roles"
GLOBAL = True
RESOURCE_TYPES = ("aws.iam.role", "aws.iam.server_certificate", "aws.iam.managed_policy_use", "aws.iam.root_mfa")
PERMISSIONS = (
    "iam:GetAccountAuthorizationDetails",
    "iam:GetAccountSummary",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:ListEntitiesForPolicy",
    "iam:ListServerCertificates",
    "iam:ListVirtualMFADevices",
)

WATCHED_POLICIES = {
    "AWSSupportAccess": "arn:aws:iam::aws:policy/AWSSupportAccess",
    "AWSCloudShellFullAccess": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
}


def _default_document(policy: dict[str, Any]) -> Any:
    for v in policy.get("PolicyVersionList", []):
        if v.get("IsDefaultVersion"):
            return v.get("Document")
    return None


def aws_managed_document(ctx: ServiceContext, c: Any, arn: str, cache: dict[str, Any]) -> Any:
    """The default version's document of a managed policy, read once per scan unit (``cache``)."""
    if arn not in cache:
        pol = ctx.read(c.get_policy, PolicyArn=arn)
        if is_unreadable(pol):
            cache[arn] = pol
        else:
            ver = ctx.read(c.get_policy_version, PolicyArn=arn, VersionId=pol["Policy"]["DefaultVersionId"])
            cache[arn] = ver if is_unreadable(ver) else ver["PolicyVersion"]["Document"]
    return cache[arn]


def role_data(role: dict[str, Any], documents: dict[str, Any]) -> dict[str, Any]:
    """The role document plus its effective policies and the derived admin/privilege answers."""
    data = dict(role)
    effective = [{"name": p.get("PolicyName"), "kind": "inline", "document": iam_policy.load(p.get("PolicyDocument"))}
                 for p in role.get("RolePolicyList", [])]
    unreadable = []
    for p in role.get("AttachedManagedPolicies", []):
        doc = documents.get(p["PolicyArn"])
        if is_unreadable(doc) or doc is None:
            unreadable.append(p["PolicyArn"])
            continue
        effective.append({"name": p.get("PolicyName"), "kind": "managed", "arn": p["PolicyArn"],
                          "document": iam_policy.load(doc)})
    data["AssumeRolePolicyDocument"] = iam_policy.load(role.get("AssumeRolePolicyDocument"))
    data["_effective_policies"] = effective
    admin = [e["name"] for e in effective if iam_policy.is_full_admin(e["document"])]
    priv = sorted({a for e in effective for a in iam_policy.privileged_actions(e["document"])})
    data["_admin"] = bool(admin)
    data["_admin_policies"] = admin
    data["_privileged_actions"] = priv
    data["_unreadable_policies"] = unreadable
    data.pop("RolePolicyList", None)
    return data


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("iam")
    roles: list[dict[str, Any]] = []
    local: dict[str, Any] = {}
    for page in c.get_paginator("get_account_authorization_details").paginate(Filter=["Role", "LocalManagedPolicy"]):
        roles.extend(page.get("RoleDetailList", []))
        for p in page.get("Policies", []):
            local[p["Arn"]] = _default_document(p)
    cache: dict[str, Any] = dict(local)
    for r in roles:
        for p in r.get("AttachedManagedPolicies", []):
            if p["PolicyArn"] not in cache:
                aws_managed_document(ctx, c, p["PolicyArn"], cache)
    out = [make(ctx, "aws.iam.role", r["Arn"], r["RoleName"], role_data(r, cache), r.get("Tags"), region=GLOBAL_REGION)
           for r in roles]
    now = now_utc()
    for cert in ctx.paginate(c, "list_server_certificates", "ServerCertificateMetadataList"):
        data = {**cert, "_days_to_expiry": days_until(cert.get("Expiration"), now)}
        out.append(make(ctx, "aws.iam.server_certificate", cert["Arn"], cert["ServerCertificateName"], data,
                        region=GLOBAL_REGION))
    usage: dict[str, Any] = {}
    for name, arn in WATCHED_POLICIES.items():
        ents = ctx.read(lambda a=arn: _entities(c, a), missing=("NoSuchEntity",), default={"Exists": False})
        usage[name] = ents
    out.append(make(ctx, "aws.iam.managed_policy_use", f"arn:aws:iam::{ctx.account}:managed-policy-use",
                    f"managed policy use {ctx.account}", {"Policies": usage}, region=GLOBAL_REGION))
    out.append(make(ctx, "aws.iam.root_mfa", f"arn:aws:iam::{ctx.account}:root-mfa", f"root MFA {ctx.account}",
                    _root_mfa(ctx, c), region=GLOBAL_REGION))
    return out


def _root_mfa(ctx: ServiceContext, c: Any) -> dict[str, Any]:
    """Is root MFA on, and is it a virtual device?  (A root MFA that is not in the assigned
    virtual devices list is a hardware or FIDO device.)"""
    summary = ctx.read(c.get_account_summary)
    enabled = summary if is_unreadable(summary) else summary.get("SummaryMap", {}).get("AccountMFAEnabled", 0)
    devices = ctx.read(lambda: list(ctx.paginate(c, "list_virtual_mfa_devices", "VirtualMFADevices",
                                                 AssignmentStatus="Assigned")))
    if is_unreadable(devices):
        virtual: Any = devices
    else:
        virtual = [d.get("SerialNumber") for d in devices if str((d.get("User") or {}).get("Arn", "")).endswith(":root")
                   or str(d.get("SerialNumber", "")).endswith(":mfa/root-account-mfa-device")]
    return {"AccountMFAEnabled": enabled, "RootVirtualMFADevices": virtual}


def _entities(c: Any, arn: str) -> dict[str, Any]:
    out: dict[str, Any] = {"Exists": True, "PolicyRoles": [], "PolicyUsers": [], "PolicyGroups": []}
    for page in c.get_paginator("list_entities_for_policy").paginate(PolicyArn=arn):
        for k in ("PolicyRoles", "PolicyUsers", "PolicyGroups"):
            out[k].extend(page.get(k, []))
    return out
