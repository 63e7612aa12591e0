"""Helpers shared by the GCP checks: IAM policy bindings, compute metadata, framework tags.

Policies arrive as ``data["iamPolicy"]`` (joined by the collector from the IAM_POLICY listing);
:func:`iam_policy` raises NotCollected when it is unreadable or missing, so the check answers ERROR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource
from checks import Messages, NotCollected, Result, need, readable
from checks.common import as_list

CIS = "cis-gcp-2.0"
CIS4 = "cis-gcp-4.0"
# v4.0.0 keeps v2.0.0's numbering except these moves; every v2.0 control a check evidences maps to v4.0.
CIS4_MOVED = {"1.17": "8.1", "1.18": "1.17"}
PUBLIC_MEMBERS = frozenset({"allUsers", "allAuthenticatedUsers"})
PRIMITIVE_ROLES = frozenset({"roles/owner", "roles/editor"})
# Members that are people (or groups of them), as opposed to service accounts.
HUMAN_PREFIXES = ("user:", "group:", "domain:")
# Compute Engine's and App Engine's default service accounts: Editor on the project unless someone removed it.
DEFAULT_SA_SUFFIXES = ("-compute@developer.gserviceaccount.com", "@appspot.gserviceaccount.com")
# Serverless runtimes (App Engine, Cloud Functions) whose language version reached its upstream end of
# life before 2025-06: no more security fixes from the language maintainers.
END_OF_LIFE_RUNTIMES = frozenset({
    "python27", "python37", "python38",
    "nodejs6", "nodejs8", "nodejs10", "nodejs12", "nodejs14", "nodejs16", "nodejs18",
    *(f"go1{v}" for v in range(11, 21)),
    "java8", "php55", "php72", "php73", "php74", "php80", "ruby25", "ruby26", "ruby27", "ruby30",
    "dotnet3", "dotnetcore3",
})
POLICY_TYPES = ("gcp.resourcemanager.project", "gcp.resourcemanager.folder", "gcp.resourcemanager.organization")


# What policy_result reports, one message per policy check; each text names its evidence key.
MSG = Messages("gcp.common", {
    "public_grants": ("public grants: {grants}", "公開されている付与: {grants}"),
    "primitive_roles": ("primitive roles held by people: {grants}", "人に付与された基本ロール: {grants}"),
    "personal_accounts": ("personal accounts: {members}", "個人アカウント: {members}"),
    "project_impersonation": ("project-level impersonation: {grants}",
                              "プロジェクトレベルでのなりすまし権限: {grants}"),
    "sa_admin_and_user": ("hold both service-account admin and user: {members}",
                          "サービスアカウント管理者とユーザーの両方を持つメンバー: {members}"),
    "kms_admin_and_use": ("hold both KMS admin and key use: {members}",
                          "KMS 管理者と鍵の利用の両方を持つメンバー: {members}"),
    "secrets_in_env": ("secrets in plain environment variables: {found}",
                       "平文の環境変数にシークレットがあります: {found}"),
    "broad_sa_roles": ("{member} holds {roles} on the project", "{member} がプロジェクトで {roles} を持っています"),
    "no_project": ("project {project} was not collected", "プロジェクト {project} が収集されていません"),
})


def is_admin_role(role: str) -> bool:
    return role in PRIMITIVE_ROLES or role.lower().endswith("admin")


def is_default_sa(email: str) -> bool:
    return email.endswith(DEFAULT_SA_SUFFIXES)


def env_secrets_result(r: Resource) -> Result:
    """FAIL naming each environment variable (never its value) a detect-secrets detector fired on."""
    found = [f"{s.get('where')}/{s.get('name')} ({s.get('detector')})" for s in as_list(need(r, "envSecrets"))]
    return MSG.fail("secrets_in_env", found=sorted(set(found))) if found else Result.ok()


def broad_roles_result(r: Resource, inventory: Inventory, email: str | None) -> Result:
    """FAIL when the service account a workload runs as (``email``; None or "" = the Compute default account)
    holds Owner, Editor or an admin role in the project's IAM policy."""
    projects = inventory.in_account("gcp", r.account, "gcp.resourcemanager.project") if inventory else []
    if not projects:
        raise NotCollected("project IAM policy", f"project {r.account} was not collected")
    project = projects[0]
    if not email:
        email = f"{project.data.get('projectNumber')}-compute@developer.gserviceaccount.com"
    member = f"serviceAccount:{email}"
    roles = sorted(role for role, m in bindings(iam_policy(project))
                   if m == member and is_admin_role(role))
    return MSG.fail("broad_sa_roles", member=member, roles=roles) if roles else Result.ok()


def duration_seconds(value: object) -> float | None:
    """A protobuf Duration in its JSON form ("7776000s", "0.5s") as seconds; None when absent or malformed."""
    if not value:
        return None
    try:
        return float(str(value).rstrip("s"))
    except ValueError:
        return None


def cis(*controls: str) -> dict[str, list[str]]:
    """The CIS GCP mapping of a check, given in v2.0.0 ids: the same controls in v2.0.0 and v4.0.0."""
    return {CIS: list(controls), CIS4: [CIS4_MOVED.get(c, c) for c in controls]}


def iam_policy(r: Resource) -> dict[str, Any]:
    """The resource's IAM policy; NotCollected when the collector could not read it or joined none."""
    policy = readable(r.data.get("iamPolicy"), "IAM policy")
    if not isinstance(policy, dict):
        raise NotCollected("IAM policy")
    return policy


def policy_result(r: Resource, find: Callable[[dict[str, Any]], list[str]], key: str,
                  evidence_key: str = "grants") -> Result:
    """The shape of every policy check: FAIL with message ``key`` listing what ``find`` found, else PASS."""
    found = find(iam_policy(r))
    return MSG.fail(key, **{evidence_key: found}) if found else Result.ok()


def bindings(policy: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(role, member) for every member of every binding."""
    for b in as_list(policy.get("bindings")):
        for m in as_list(b.get("members")):
            yield str(b.get("role", "")), str(m)


def roles_by_member(policy: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for role, member in bindings(policy):
        out.setdefault(member, set()).add(role)
    return out


def public_grants(policy: dict[str, Any]) -> list[str]:
    return sorted(f"{role} -> {member}" for role, member in bindings(policy) if member in PUBLIC_MEMBERS)


def is_human(member: str) -> bool:
    return member.startswith(HUMAN_PREFIXES)


def metadata_value(items_holder: dict[str, Any] | None, key: str) -> str | None:
    """A Compute Engine metadata value (instance ``metadata`` or project ``commonInstanceMetadata``)."""
    for item in as_list((items_holder or {}).get("items")):
        if item.get("key") == key:
            return str(item.get("value", ""))
    return None


def truthy(value: str | None) -> bool:
    """Compute metadata booleans: GCP accepts TRUE/true/1/y/yes."""
    return value is not None and value.strip().lower() in {"true", "1", "y", "yes", "on"}


def ancestor_resources(r: Resource, inventory: Inventory | None) -> list[Resource]:
    """The folders and organisation above ``r`` that this scan collected (nearest first)."""
    if inventory is None:
        return []
    out = []
    for anc in as_list(r.data.get("ancestors")):
        if anc.startswith(("folders/", "organizations/")):
            found = inventory.get(f"//cloudresourcemanager.googleapis.com/{anc}")
            if found is not None:
                out.append(found)
    return out
