"""Resource policies and sharing: the answers and the texts every "<resource>_not_public" and
"<resource>_not_shared_cross_account" check shares.

The evaluation is :mod:`agent.policy.aws_resource_policy` (public: Principal '*' without a
limiting condition; cross-account: accounts outside the tenant admitted and not denied); this
module only words its answers.  The tenant is the resource's account and every account the scan
covers (one ``aws.organizations.organization`` resource each).  No checks here: each lives in the
module of its service, so a check is found by its id.
"""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource
from agent.policy import aws_resource_policy as rp
from checks import Messages, Result
from checks.common import T

MSG = Messages("aws.policies", {
    "allows_anyone": ("policy allows anyone: {actions}", "ポリシーが誰にでも許可しています: {actions}"),
    "foreign": ("accounts outside the tenant are let in: {accounts}",
                "テナント外のアカウントにアクセスを許可しています: {accounts}"),
    "shared_foreign": ("shared with accounts outside the tenant: {accounts}",
                       "テナント外のアカウントと共有されています: {accounts}"),
    "shared_public": ("shared with everyone (all)", "全員 (all) と共有されています"),
    "no_policy": ("no resource policy", "リソースポリシーはありません"),
})

ORG = "aws.organizations.organization"


def public_policy_result(policy: Any) -> Result:
    """FAIL naming the actions ``policy`` grants to anyone (evidence ``actions``), else the plain pass."""
    acts = rp.public_actions(policy) if policy else []
    return MSG.fail("allows_anyone", actions=acts) if acts else Result.ok()


def tenant_accounts(r: Resource, inventory: Inventory | None) -> set[str]:
    """The resource's account and every account the scan covers."""
    known = {r.account}
    if inventory is not None:
        known.update(o.account for o in inventory.by_type(ORG))
    return known


def cross_account_result(policy: Any, r: Resource, inventory: Inventory | None) -> Result:
    """FAIL naming the accounts outside the tenant ``policy`` lets in (evidence ``accounts``)."""
    if not policy:
        return MSG.ok("no_policy")
    foreign = rp.foreign_accounts(policy, r.account, tenant_accounts(r, inventory))
    return MSG.fail("foreign", accounts=foreign) if foreign else Result.ok()


def shared_result(accounts: list[str], r: Resource, inventory: Inventory | None) -> Result:
    """For an account-list share ("all" = everyone): FAIL when public or shared outside the tenant."""
    if "all" in accounts:
        return MSG.fail("shared_public")
    foreign = sorted(set(accounts) - tenant_accounts(r, inventory))
    return MSG.fail("shared_foreign", accounts=foreign) if foreign else Result.ok()


def public_texts(en: str, ja: str) -> dict[str, dict[str, str]]:
    """title / description / remediation of a "<resource> policy is not public" check."""
    return {
        "title": T(f"{en} policy does not allow public access", f"{ja}のポリシーがパブリックアクセスを許可していない"),
        "description": T(
            f"The {en}'s resource policy allows nothing to Principal '*' (or through NotPrincipal) unless a condition "
            "limits the caller to this account, organisation, a source ARN, a VPC or a private address range; "
            "conditions the caller controls (SecureTransport, Referer) do not limit.",
            f"{ja}のリソースポリシーが、呼び出し元をこのアカウント・組織・送信元 ARN・VPC・プライベートアドレス範囲に限定する"
            "条件なしに、Principal '*'（または NotPrincipal）へ何も許可していないことを確認します。呼び出し元が制御できる"
            "条件（SecureTransport、Referer）は制限になりません。"),
        "remediation": T(
            "Name the principals allowed, or add an aws:PrincipalOrgID / aws:SourceAccount / aws:SourceArn condition to "
            "the statements the finding lists.",
            "許可するプリンシパルを明示するか、検出結果に示されたステートメントに aws:PrincipalOrgID / aws:SourceAccount / "
            "aws:SourceArn 条件を追加してください。"),
    }


def cross_account_texts(en: str, ja: str) -> dict[str, dict[str, str]]:
    """title / description / remediation of a "<resource> lets in no foreign account" check."""
    return {
        "title": T(f"{en} policy lets in no account outside the tenant", f"{ja}のポリシーがテナント外のアカウントを許可していない"),
        "description": T(
            f"Every AWS account the {en}'s resource policy allows (and no Deny takes back) is this account or another "
            "account this scan covers; statements limited by aws:PrincipalOrgID admit only the organisation.",
            f"{ja}のリソースポリシーが許可する（Deny で取り消されない）AWS アカウントが、このアカウントまたはこのスキャンの"
            "対象アカウントだけであることを確認します。aws:PrincipalOrgID で限定されたステートメントは組織内のみを許可します。"),
        "remediation": T(
            "Remove the foreign accounts the finding lists from the policy's principals, or limit the statement with "
            "aws:PrincipalOrgID; scan the accounts that are yours so they count as the tenant's.",
            "検出結果に示された外部アカウントをポリシーのプリンシパルから削除するか、aws:PrincipalOrgID でステートメントを"
            "限定してください。自社のアカウントはスキャン対象に加えるとテナント内と見なされます。"),
    }


def shared_texts(en: str, ja: str) -> dict[str, dict[str, str]]:
    """title / description / remediation of a "<resource> is shared with no foreign account" check."""
    return {
        "title": T(f"{en} is shared with no account outside the tenant", f"{ja}がテナント外のアカウントと共有されていない"),
        "description": T(f"The {en} is shared only with this account or other accounts this scan covers (never 'all').",
                         f"{ja}の共有先がこのアカウントまたはこのスキャンの対象アカウントだけ（'all' でない）であることを確認します。"),
        "remediation": T("Remove the foreign accounts the finding lists from the sharing permissions.",
                         "検出結果に示された外部アカウントを共有設定から削除してください。"),
    }
