"""IAM (global): users, customer-managed policies, the password policy and the root user.

Batch reads first, so the number of calls does not grow with the number of users:

* ``GetAccountAuthorizationDetails`` (paginated) — every user and group with their attached and
  inline policies, and every customer-managed policy with all its versions' documents; the
  AWS-managed policies users and groups hold are read once each (GetPolicy + GetPolicyVersion);
  each user and group carries ``_effective_policies`` (its own and its groups' documents) for
  the attacker's-view checks (:mod:`agent.policy.aws_iam_paths`);
* the credential report (``GenerateCredentialReport`` until COMPLETE, then
  ``GetCredentialReport``) — password, MFA and access-key facts for every user and for root;
* ``ListVirtualMFADevices`` — the assigned virtual MFA devices, joined to users;
* ``GetAccountPasswordPolicy`` and ``GetAccountSummary`` — one call each.

If the credential report cannot be had, the fields derived from it are ``unreadable`` on every
user and on root, so their checks answer ERROR.  Ages (``*_days``) are whole days counted at
collection time.
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse
from datetime import datetime
from typing import Any

from agent.collectors.aws._conventions import days_since, jsonable, now_utc
from agent.collectors.aws.context import ServiceContext, describe_error, error_code, tags_dict
from agent.collectors.aws.iam_roles import aws_managed_document
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "iam"
GLOBAL = True
RESOURCE_TYPES = ("aws.iam.user", "aws.iam.group", "aws.iam.policy", "aws.iam.password_policy", "aws.iam.root_user")
PERMISSIONS = (
    "iam:GenerateCredentialReport",
    "iam:GetAccountAuthorizationDetails",
    "iam:GetAccountPasswordPolicy",
    "iam:GetAccountSummary",
    "iam:GetCredentialReport",
    "iam:ListVirtualMFADevices",
)

REPORT_WAIT_SECONDS = 60.0
ROOT_ROW = "<root_account>"


def credential_report(iam: Any, wait: float = REPORT_WAIT_SECONDS) -> list[dict[str, str]]:
    """Generate (if needed) and fetch the credential report, parsed into one dict per row."""
    deadline = time.monotonic() + wait
    delay = 0.2  # the report is often ready on the second call; back off from there
    while True:
        state = iam.generate_credential_report().get("State")
        if state == "COMPLETE":
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"credential report still {state} after {wait:.0f}s")
        time.sleep(delay)
        delay = min(delay * 2, 5.0)
    for _ in range(5):
        try:
            content = iam.get_credential_report()["Content"]
            break
        except Exception as exc:  # ReportInProgress right after COMPLETE happens; retry briefly
            if error_code(exc) not in ("ReportInProgress", "ReportNotPresent", "ReportExpired"):
                raise
            time.sleep(delay)
    else:
        raise TimeoutError("credential report not available")
    text = content.decode("utf-8") if isinstance(content, bytes) else str(content)
    return list(csv.DictReader(io.StringIO(text)))


def _flag(value: str | None) -> bool:
    return str(value).lower() == "true"


def _report_fields(row: dict[str, str] | None, now: datetime) -> dict[str, Any]:
    """The derived fields the IAM checks read, from one credential-report row."""
    if row is None:
        return {"_password_enabled": False, "_mfa_active": False, "_access_keys": [],
                "_password_last_used_days": None, "_password_age_days": None}
    keys = []
    for slot in (1, 2):
        rotated = row.get(f"access_key_{slot}_last_rotated")
        if rotated in (None, "", "N/A"):
            continue
        keys.append({
            "slot": slot,
            "active": _flag(row.get(f"access_key_{slot}_active")),
            "last_rotated": rotated,
            "last_used": row.get(f"access_key_{slot}_last_used_date"),
            "age_days": days_since(rotated, now),
            "last_used_days": days_since(row.get(f"access_key_{slot}_last_used_date"), now),
        })
    password_enabled = row.get("password_enabled")
    return {
        # root's row says "not_supported" for password_enabled: root always has a password.
        "_password_enabled": True if password_enabled == "not_supported" else _flag(password_enabled),
        "_mfa_active": _flag(row.get("mfa_active")),
        "_access_keys": keys,
        "_password_last_used_days": days_since(row.get("password_last_used"), now),
        "_password_age_days": days_since(row.get("password_last_changed"), now),
    }


def _decode(doc: Any) -> Any:
    if isinstance(doc, str):  # botocore normally decodes; a raw document is URL-encoded JSON
        try:
            return json.loads(urllib.parse.unquote(doc))
        except ValueError:
            return doc
    return doc


def _authorization_details(iam: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    users: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    policies: list[dict[str, Any]] = []
    for page in iam.get_paginator("get_account_authorization_details").paginate(
            Filter=["User", "Group", "LocalManagedPolicy"]):
        users.extend(page.get("UserDetailList", []))
        groups.extend(page.get("GroupDetailList", []))
        policies.extend(page.get("Policies", []))
    return users, groups, policies


def _held(inline: list[dict[str, Any]], attached: list[dict[str, Any]], documents: dict[str, Any],
          via: str = "") -> tuple[list[dict[str, Any]], list[str]]:
    """Effective-policy entries (see :mod:`agent.policy.aws_iam_paths`) and the managed ones unread."""
    out: list[dict[str, Any]] = [{"name": p.get("PolicyName"), "kind": "inline", "via": via,
                                  "document": _decode(p.get("PolicyDocument"))} for p in inline]
    missing: list[str] = []
    for p in attached:
        doc = documents.get(p["PolicyArn"])
        if doc is None or is_unreadable(doc):
            missing.append(p["PolicyArn"])
            continue
        out.append({"name": p.get("PolicyName"), "kind": "managed", "arn": p["PolicyArn"], "via": via,
                    "document": _decode(doc)})
    return out, missing


def _documents(ctx: ServiceContext, iam: Any, users: list[dict[str, Any]], groups: list[dict[str, Any]],
               policies: list[dict[str, Any]]) -> dict[str, Any]:
    """Default documents of every managed policy a user or group holds: customer-managed ones from
    the authorization details, AWS-managed ones read once each (a handful per account)."""
    docs: dict[str, Any] = {}
    for p in policies:
        default = next((v for v in p.get("PolicyVersionList", []) if v.get("IsDefaultVersion")), None)
        docs[p["Arn"]] = default.get("Document") if default else None
    for holder in users + groups:
        for p in holder.get("AttachedManagedPolicies", []):
            if p["PolicyArn"] not in docs:
                aws_managed_document(ctx, iam, p["PolicyArn"], docs)
    return docs


def _group_resource(ctx: ServiceContext, g: dict[str, Any], docs: dict[str, Any]) -> Resource:
    data = jsonable(g)
    effective, missing = _held(g.get("GroupPolicyList", []), g.get("AttachedManagedPolicies", []), docs)
    data.pop("GroupPolicyList", None)
    data["_effective_policies"] = effective
    data["_unreadable_policies"] = missing
    return Resource("aws", ctx.account, "global", "aws.iam.group", g["Arn"], g["GroupName"], {}, data)


def _user_effective(u: dict[str, Any], groups: dict[str, dict[str, Any]], docs: dict[str, Any]) -> dict[str, Any]:
    """A user's own and its groups' policies, for the attacker's-view checks."""
    effective, missing = _held(u.get("UserPolicyList", []), u.get("AttachedManagedPolicies", []), docs)
    unknown_groups = []
    for name in u.get("GroupList", []):
        g = groups.get(name)
        if g is None:  # listed in the user but not in the group list of the same answer
            unknown_groups.append(name)
            continue
        more, miss = _held(g.get("GroupPolicyList", []), g.get("AttachedManagedPolicies", []), docs, via=name)
        effective.extend(more)
        missing.extend(miss)
    return {"_effective_policies": effective, "_unreadable_policies": missing + [f"group {n}" for n in unknown_groups]}


def _policy(ctx: ServiceContext, p: dict[str, Any]) -> Resource:
    data = jsonable(p)
    default = next((v for v in p.get("PolicyVersionList", []) if v.get("IsDefaultVersion")), None)
    data["_default_document"] = _decode(default.get("Document")) if default else None
    return Resource("aws", ctx.account, "global", "aws.iam.policy", p["Arn"], p.get("PolicyName", p["Arn"]), {}, data)


def collect(ctx: ServiceContext) -> list[Resource]:
    iam = ctx.client()
    now = now_utc()
    users, groups, policies = _authorization_details(iam)
    docs = _documents(ctx, iam, users, groups, policies)
    by_group = {g["GroupName"]: g for g in groups}

    report: dict[str, dict[str, str]] = {}
    report_error: str | None = None
    try:
        report = {row["user"]: row for row in credential_report(iam)}
    except Exception as exc:  # the users are still worth reporting; report-derived fields go unreadable
        report_error = describe_error(exc)

    mfa_by_user: dict[str, list[str]] = {}
    mfa_error = None
    try:
        for dev in ctx.paginate(iam, "list_virtual_mfa_devices", "VirtualMFADevices", AssignmentStatus="Assigned"):
            user = dev.get("User", {}).get("UserName")
            if user:
                mfa_by_user.setdefault(user, []).append(dev.get("SerialNumber", ""))
    except Exception as exc:
        mfa_error = describe_error(exc)

    out: list[Resource] = []
    for u in users:
        data = jsonable(u)
        for doc in data.get("UserPolicyList", []):
            doc["PolicyDocument"] = _decode(doc.get("PolicyDocument"))
        name = u["UserName"]
        if report_error:
            bad = unreadable(f"credential report: {report_error}")
            data["_credential_report"] = bad
            data.update({k: bad for k in _report_fields(None, now)})
        else:
            row = report.get(name)
            data["_credential_report"] = row
            data.update(_report_fields(row, now))
        data["_virtual_mfa_devices"] = unreadable(mfa_error) if mfa_error else mfa_by_user.get(name, [])
        data.update(_user_effective(u, by_group, docs))
        out.append(Resource("aws", ctx.account, "global", "aws.iam.user", u["Arn"], name, tags_dict(u.get("Tags")), data))

    out.extend(_policy(ctx, p) for p in policies)
    out.extend(_group_resource(ctx, g, docs) for g in groups)

    pol = ctx.read(iam.get_account_password_policy, missing=("NoSuchEntity",))
    out.append(Resource("aws", ctx.account, "global", "aws.iam.password_policy",
                        f"arn:aws:iam::{ctx.account}:account-password-policy", "account password policy", {},
                        {"PasswordPolicy": pol["PasswordPolicy"] if pol and not is_unreadable(pol) else pol}))

    summary = ctx.read(iam.get_account_summary)
    root: dict[str, Any] = {"AccountSummary": summary if is_unreadable(summary) else summary.get("SummaryMap", {})}
    if report_error:
        bad = unreadable(f"credential report: {report_error}")
        root["_credential_report"] = bad
        root.update({k: bad for k in _report_fields(None, now)})
    elif ROOT_ROW in report:
        root["_credential_report"] = report[ROOT_ROW]
        root.update(_report_fields(report[ROOT_ROW], now))
    else:
        root["_credential_report"] = None  # some emulators omit the root row: the summary answers then
    out.append(Resource("aws", ctx.account, "global", "aws.iam.root_user", f"arn:aws:iam::{ctx.account}:root",
                        "root", {}, root))
    return out
