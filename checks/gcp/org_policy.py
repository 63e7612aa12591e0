"""Organisation policy guardrails on projects, resolved up the folder / organisation hierarchy.

The collector joins the policies *set* on each project, folder and organisation as
``data["orgPolicies"]`` ({constraint: policy}); the effective policy of a project is the nearest one
up its ancestry, with list policies that say ``inheritFromParent`` merged with their parent's.
Ancestors outside the scan are invisible, so a guardrail set only there reads as unset.

The guardrail checks themselves live with their service (``gcp.iam.*`` in :mod:`checks.gcp.iam`,
``gcp.storage.*`` in :mod:`checks.gcp.storage`, ``gcp.compute.*`` in :mod:`checks.gcp.compute_network`).
"""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource
from checks import Messages, NotCollected, Result, readable
from checks.common import as_list
from checks.gcp.common import ancestor_resources

PROJECT = ("gcp.resourcemanager.project",)

MSG = Messages("gcp.org_policy", {
    "enforced": ("{constraint} is enforced", "{constraint} が適用されています"),
    "not_enforced": ("{constraint} is not enforced", "{constraint} が適用されていません"),
})


def _policies(holder: Resource) -> dict[str, Any]:
    what = f"organisation policies of {holder.name}"
    policies: dict[str, Any] | None = readable(holder.data.get("orgPolicies"), what)
    if policies is None:
        raise NotCollected(what)
    return policies


def effective(r: Resource, inventory: Inventory | None, constraint: str) -> dict[str, Any] | None:
    """The effective policy for ``constraint`` on ``r`` (None = the Google default).

    Raises NotCollected when the policies of ``r`` or of a collected ancestor could not be read.
    """
    allowed: list[str] = []
    for holder in [r, *ancestor_resources(r, inventory)]:
        policy: dict[str, Any] | None = _policies(holder).get(constraint)
        if policy is None:
            continue
        if "restoreDefault" in policy:
            return None
        lp = policy.get("listPolicy")
        if lp is not None and lp.get("inheritFromParent") and not lp.get("allValues"):
            allowed += as_list(lp.get("allowedValues"))
            continue
        if lp is not None and allowed:
            return dict(policy, listPolicy=dict(lp, allowedValues=[*allowed, *as_list(lp.get("allowedValues"))]))
        return policy
    return {"listPolicy": {"allowedValues": allowed}} if allowed else None


def enforced(r: Resource, inventory: Inventory | None, constraint: str) -> Result:
    """PASS when the boolean organisation policy ``constraint`` is enforced on ``r``, else FAIL."""
    policy = effective(r, inventory, constraint)
    if policy and (policy.get("booleanPolicy") or {}).get("enforced"):
        return MSG.ok("enforced", constraint=constraint)
    return MSG.fail("not_enforced", constraint=constraint)


def guardrail_remediation(constraint: str) -> dict[str, str]:
    """How to enforce the boolean ``constraint`` for the whole organisation."""
    name = constraint.split("/", 1)[1]
    return {"en": f"Enforce the organisation policy {constraint} at organisation level "
                  f"(gcloud resource-manager org-policies enable-enforce {name} --organization=ORG_ID).",
            "ja": f"組織レベルで組織ポリシー {constraint} を適用してください"
                  f"（gcloud resource-manager org-policies enable-enforce {name} --organization=ORG_ID）。"}
