"""Helpers shared by the GCP checks: IAM policy bindings, compute metadata, framework tags.

Policies arrive as ``data["iamPolicy"]`` (joined by the collector from the IAM_POLICY listing);
an unreadable policy is reported by :func:`policy_or_error` so the check answers ERROR.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, is_unreadable, unreadable_reason

CIS = "cis-gcp-2.0"
PUBLIC_MEMBERS = frozenset({"allUsers", "allAuthenticatedUsers"})
PRIMITIVE_ROLES = frozenset({"roles/owner", "roles/editor"})
# Members that are people (or groups of them), as opposed to service accounts.
HUMAN_PREFIXES = ("user:", "group:", "domain:")
POLICY_TYPES = ("gcp.resourcemanager.project", "gcp.resourcemanager.folder", "gcp.resourcemanager.organization")


def cis(*controls: str) -> dict[str, list[str]]:
    return {CIS: list(controls)}


def policy_or_error(r: Resource) -> dict[str, Any] | Result:
    """The resource's IAM policy, or an ERROR Result when the collector could not read it."""
    policy = r.data.get("iamPolicy")
    if is_unreadable(policy):
        return Result.error(f"IAM policy could not be read: {unreadable_reason(policy)}")
    if not isinstance(policy, dict):
        return Result.error("IAM policy was not collected for this resource")
    return policy


def policy_result(r: Resource, find: Callable[[dict[str, Any]], list[str]], label: str,
                  evidence_key: str = "grants") -> Result:
    """The shape of every policy check: ERROR when unreadable, FAIL listing what ``find`` found, else PASS."""
    policy = policy_or_error(r)
    if isinstance(policy, Result):
        return policy
    found = find(policy)
    return Result.fail(f"{label}: {', '.join(found)}", **{evidence_key: found}) if found else Result.ok()


def bindings(policy: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(role, member) for every member of every binding."""
    for b in policy.get("bindings") or []:
        for m in b.get("members") or []:
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
    for item in (items_holder or {}).get("items") or []:
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
    for anc in r.data.get("ancestors") or []:
        if anc.startswith(("folders/", "organizations/")):
            found = inventory.get(f"//cloudresourcemanager.googleapis.com/{anc}")
            if found is not None:
                out.append(found)
    return out
