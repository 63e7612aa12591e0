"""Organisation policy guardrails on projects, resolved up the folder / organisation hierarchy.

The collector joins the policies *set* on each project, folder and organisation as
``data["orgPolicies"]`` ({constraint: policy}); the effective policy of a project is the nearest one
up its ancestry, with list policies that say ``inheritFromParent`` merged with their parent's.
Ancestors outside the scan are invisible, so a guardrail set only there reads as unset.
"""

from __future__ import annotations

from typing import Any

from checks import check
from checks.gcp.common import ancestor_resources, cis
from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity, is_unreadable, unreadable_reason

PROJECT = ("gcp.resourcemanager.project",)


def effective(r: Resource, inventory: Inventory | None, constraint: str) -> dict[str, Any] | Result | None:
    """The effective policy for ``constraint`` on ``r`` (None = the Google default), or an ERROR Result."""
    allowed: list[str] = []
    for holder in [r, *ancestor_resources(r, inventory)]:
        policies = holder.data.get("orgPolicies")
        if is_unreadable(policies):
            return Result.error(f"organisation policies of {holder.name} could not be read: "
                                f"{unreadable_reason(policies)}")
        if policies is None:
            return Result.error(f"organisation policies of {holder.name} were not collected")
        policy = policies.get(constraint)
        if policy is None:
            continue
        if "restoreDefault" in policy:
            return None
        lp = policy.get("listPolicy")
        if lp is not None and lp.get("inheritFromParent") and not lp.get("allValues"):
            allowed += lp.get("allowedValues") or []
            continue
        if lp is not None and allowed:
            return dict(policy, listPolicy=dict(lp, allowedValues=[*allowed, *(lp.get("allowedValues") or [])]))
        return policy
    return {"listPolicy": {"allowedValues": allowed}} if allowed else None


def _enforced(r: Resource, inventory: Inventory, constraint: str) -> Result:
    policy = effective(r, inventory, constraint)
    if isinstance(policy, Result):
        return policy
    if policy and (policy.get("booleanPolicy") or {}).get("enforced"):
        return Result.ok(f"{constraint} is enforced")
    return Result.fail(f"{constraint} is not enforced", constraint=constraint)


def _guardrail(cid: str, constraint: str, controls: tuple[str, ...], en: tuple[str, str], ja: tuple[str, str]):
    """A check that the boolean organisation policy ``constraint`` is enforced on every project."""
    name = constraint.split("/", 1)[1]

    def evaluate(r: Resource, inventory: Inventory) -> Result:
        return _enforced(r, inventory, constraint)

    evaluate.__name__ = cid.rsplit(".", 1)[1]
    return check(
        id=cid, resource_types=PROJECT, severity=Severity.MEDIUM, frameworks=cis(*controls), needs_inventory=True,
        title={"en": en[0], "ja": ja[0]}, description={"en": en[1], "ja": ja[1]},
        remediation={"en": f"Enforce the organisation policy {constraint} at organisation level "
                           f"(gcloud resource-manager org-policies enable-enforce {name} --organization=ORG_ID).",
                     "ja": f"組織レベルで組織ポリシー {constraint} を適用してください"
                           f"（gcloud resource-manager org-policies enable-enforce {name} --organization=ORG_ID）。"},
    )(evaluate)


service_account_key_creation_disabled = _guardrail(
    "gcp.iam.service_account_key_creation_disabled", "constraints/iam.disableServiceAccountKeyCreation", ("1.4",),
    ("Service-account key creation is blocked by organisation policy",
     "Without this guardrail anyone with iam.serviceAccountKeys.create can mint long-lived keys that leave "
     "Google's control."),
    ("組織ポリシーでサービスアカウント鍵の作成が禁止されている",
     "このガードレールがないと、iam.serviceAccountKeys.create を持つ誰もが Google の管理外に出る長期の鍵を作成できます。"))

public_access_prevention_enforced = _guardrail(
    "gcp.storage.public_access_prevention_enforced", "constraints/storage.publicAccessPrevention", ("5.1",),
    ("Public access prevention is enforced for Cloud Storage by organisation policy",
     "The guardrail stops any bucket or object of the project from being made public, whatever its IAM or ACLs say."),
    ("組織ポリシーで Cloud Storage の公開アクセス防止が適用されている",
     "このガードレールにより、IAM や ACL の設定にかかわらず、プロジェクトのバケットやオブジェクトを公開できなくなります。"))

skip_default_network_creation = _guardrail(
    "gcp.compute.skip_default_network_creation", "constraints/compute.skipDefaultNetworkCreation", ("3.1",),
    ("New projects are created without the default network",
     "Without the guardrail every new project gets the default network with its permissive firewall rules."),
    ("新しいプロジェクトが default ネットワークなしで作成される",
     "このガードレールがないと、新しいプロジェクトごとに緩いファイアウォールルール付きの default ネットワークが"
     "作成されます。"))


@check(id="gcp.iam.domain_restricted_sharing", resource_types=PROJECT, severity=Severity.MEDIUM, frameworks=cis("1.1"),
       needs_inventory=True,
       title={"en": "IAM grants are restricted to the organisation's own domains",
              "ja": "IAM の付与が組織自身のドメインに制限されている"},
       description={"en": "The 'Domain restricted sharing' policy (iam.allowedPolicyMemberDomains) stops anyone "
                          "from granting roles to personal or foreign accounts.",
                    "ja": "「ドメインで制限された共有」ポリシー（iam.allowedPolicyMemberDomains）により、個人や外部の"
                          "アカウントにロールを付与できなくなります。"},
       remediation={"en": "Set constraints/iam.allowedPolicyMemberDomains at organisation level to your Cloud "
                          "Identity customer id(s).",
                    "ja": "組織レベルで constraints/iam.allowedPolicyMemberDomains に自組織の Cloud Identity "
                          "顧客 ID を設定してください。"})
def domain_restricted_sharing(r: Resource, inventory: Inventory) -> Result:
    policy = effective(r, inventory, "constraints/iam.allowedPolicyMemberDomains")
    if isinstance(policy, Result):
        return policy
    lp = (policy or {}).get("listPolicy") or {}
    if lp.get("allValues") == "ALLOW" or not lp.get("allowedValues"):
        return Result.fail("any domain may be granted roles")
    return Result.ok(f"allowed: {', '.join(lp['allowedValues'])}")
