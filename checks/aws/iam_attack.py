"""IAM as an attacker reads it: full admin through any path, privilege-escalation paths and
assuming any role, for users (with their groups), groups, roles and customer-managed policies.

The evaluation is :mod:`agent.policy.aws_iam_paths` over the ``_effective_policies`` the IAM
collectors build from GetAccountAuthorizationDetails.  A policy document the collector could not
read (``_unreadable_policies``) may hold the grant: a PASS is then an ERROR, a FAIL stays a FAIL
(what was read already grants it).
"""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from agent.policy import aws_iam_paths as paths
from checks import Messages, check, need, readable
from checks.common import T

USER, GROUP, ROLE, POLICY = "aws.iam.user", "aws.iam.group", "aws.iam.role", "aws.iam.policy"
PRINCIPALS = (USER, GROUP, ROLE)

MSG = Messages("aws.iam_attack", {
    "admin": ("full admin (*:* on *) through {statements}", "{statements} によりフル管理者権限 (* に対する *:*) があります"),
    "administrator_access": ("AWS managed AdministratorAccess held through {policies}",
                             "{policies} により AWS 管理ポリシー AdministratorAccess を保持しています"),
    "escalation": ("can escalate privileges: {paths}", "権限昇格が可能です: {paths}"),
    "assume_any": ("may assume any role (sts:AssumeRole on *) through {statements}",
                   "{statements} により任意のロールを引き受けられます (* に対する sts:AssumeRole)"),
    "inline_admin": ("inline policies allow *:* on *: {policies}", "インラインポリシーが * に対する *:* を許可しています: {policies}"),
    "unreadable": ("policies could not be read: {policies}", "読み取れないポリシーがあります: {policies}"),
    "service_linked": ("service-linked role (managed by AWS)", "サービスリンクロール（AWS が管理）です"),
    "not_attached": ("not attached to any user, group or role", "どのユーザー・グループ・ロールにもアタッチされていません"),
})


def _held(r: Resource) -> list[paths.Held]:
    if r.type == POLICY:
        return paths.held([{"name": r.name, "kind": "managed", "arn": r.id,
                            "document": need(r, "_default_document")}])
    return paths.held(readable(need(r, "_effective_policies"), "_effective_policies"))


def _unread(r: Resource) -> list[str]:
    return [] if r.type == POLICY else list(r.data.get("_unreadable_policies") or [])


def _skip(r: Resource) -> Result | None:
    """The answer for principals these checks do not judge, else None."""
    if r.type == ROLE and str(r.data.get("Path", "")).startswith("/aws-service-role/"):
        return MSG.ok("service_linked")
    if r.type == POLICY and not int(r.data.get("AttachmentCount") or 0):
        return MSG.ok("not_attached")
    return None


def _pass(r: Resource) -> Result:
    unread = _unread(r)
    return MSG.error("unreadable", policies=unread) if unread else Result.ok()


def _kind(r: Resource) -> str:
    return {USER: "user", GROUP: "group", ROLE: "role"}.get(r.type, "policy")


@check(id="aws.iam.principal_not_full_admin", resource_types=PRINCIPALS, severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["1.16"]},
       title=T("IAM user, group or role does not have full admin through any policy",
               "IAM ユーザー・グループ・ロールがどのポリシー経由でもフル管理者権限を持たない"),
       description=T("Every policy the principal holds is evaluated together — inline and attached (customer or AWS "
                     "managed), and for a user those of its groups: none may allow every action on every resource "
                     "without conditions. An inline '*:*' policy on a user is found here.",
                     "プリンシパルが保持するすべてのポリシー（インライン、カスタマー管理・AWS 管理のアタッチ、ユーザーの場合は"
                     "所属グループのもの）をまとめて評価し、条件なしで全リソースに全アクションを許可していないことを確認します。"
                     "ユーザーのインライン '*:*' ポリシーもここで検出されます。"),
       remediation=T("Remove the statements named in the finding (or the group membership that brings them) and grant "
                     "only the actions the principal needs.",
                     "検出結果に示されたステートメント（またはそれをもたらすグループ所属）を削除し、必要なアクションだけを付与してください。"))
def principal_not_full_admin(r: Resource) -> Result:
    skipped = _skip(r)
    if skipped:
        return skipped
    grants = paths.admin_grants(_held(r))
    return MSG.fail("admin", statements=sorted({str(g) for g in grants})) if grants else _pass(r)


@check(id="aws.iam.no_administrator_access_policy", resource_types=PRINCIPALS, severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["1.16"]},
       title=T("AdministratorAccess is not attached to the IAM user, group or role",
               "IAM ユーザー・グループ・ロールに AdministratorAccess がアタッチされていない"),
       description=T("The AWS managed policy AdministratorAccess gives every permission; it should not be attached "
                     "directly or, for a user, through a group.",
                     "AWS 管理ポリシー AdministratorAccess はすべての権限を与えます。直接、またはユーザーの場合はグループ経由で"
                     "アタッチすべきではありません。"),
       remediation=T("Detach AdministratorAccess (aws iam detach-user-policy / detach-group-policy / detach-role-policy) "
                     "and attach a policy with the actions needed.",
                     "AdministratorAccess をデタッチし（aws iam detach-user-policy / detach-group-policy / detach-role-policy）、"
                     "必要なアクションのポリシーをアタッチしてください。"))
def no_administrator_access_policy(r: Resource) -> Result:
    skipped = _skip(r)
    if skipped:
        return skipped
    holders = paths.holds_managed(_held(r))
    return MSG.fail("administrator_access", policies=holders) if holders else Result.ok()


@check(id="aws.iam.no_privilege_escalation", resource_types=PRINCIPALS + (POLICY,), severity=Severity.HIGH,
       title=T("IAM principal or policy grants no privilege-escalation path",
               "IAM プリンシパルまたはポリシーが権限昇格の経路を与えていない"),
       description=T("The known privilege-escalation combinations (iam:CreatePolicyVersion, SetDefaultPolicyVersion, "
                     "PassRole with ec2:RunInstances / lambda:CreateFunction+InvokeFunction / glue / cloudformation / "
                     "datapipeline / sagemaker / codebuild / ecs, attaching or putting policies on oneself, "
                     "CreateAccessKey / CreateLoginProfile / UpdateLoginProfile on other users, UpdateAssumeRolePolicy "
                     "+ AssumeRole …) are each fully allowed to nobody but administrators. The finding names the path "
                     "and the statements that grant it.",
                     "既知の権限昇格の組み合わせ（iam:CreatePolicyVersion、SetDefaultPolicyVersion、PassRole と "
                     "ec2:RunInstances / lambda:CreateFunction+InvokeFunction / glue / cloudformation / datapipeline / "
                     "sagemaker / codebuild / ecs、自身へのポリシーのアタッチや追加、他ユーザーへの CreateAccessKey / "
                     "CreateLoginProfile / UpdateLoginProfile、UpdateAssumeRolePolicy + AssumeRole など）が管理者以外に"
                     "すべて許可されていないことを確認します。検出結果は経路と許可しているステートメントを示します。"),
       remediation=T("Narrow the Resource of the named statements (e.g. iam:PassRole to the roles a service needs) or "
                     "remove the actions; add a permissions boundary to principals that must keep them.",
                     "示されたステートメントの Resource を絞る（例: iam:PassRole をサービスが必要とするロールに限定）か、"
                     "アクションを削除してください。保持が必要なプリンシパルにはアクセス許可の境界を設定してください。"))
def no_privilege_escalation(r: Resource) -> Result:
    skipped = _skip(r)
    if skipped:
        return skipped
    found = paths.escalation_paths(_held(r), r.account, r.id, _kind(r))
    if found:
        return MSG.fail("escalation", paths=[e.path for e in found],
                        statements=sorted({s for e in found for s in e.evidence()["statements"]}))
    return _pass(r)


@check(id="aws.iam.no_assume_role_on_all_resources", resource_types=PRINCIPALS + (POLICY,), severity=Severity.MEDIUM,
       title=T("IAM principal or policy may not assume every role", "IAM プリンシパルまたはポリシーがすべてのロールを引き受けられない"),
       description=T("sts:AssumeRole allowed on Resource '*' lets the principal take any role whose trust policy "
                     "admits its account, in this account or another.",
                     "Resource '*' に対する sts:AssumeRole の許可により、信頼ポリシーがそのアカウントを認める任意のロールを"
                     "（このアカウントでも他のアカウントでも）引き受けられます。"),
       remediation=T("List the role ARNs the principal needs in the statement's Resource.",
                     "ステートメントの Resource に、プリンシパルが必要とするロール ARN を列挙してください。"))
def no_assume_role_on_all_resources(r: Resource) -> Result:
    skipped = _skip(r)
    if skipped:
        return skipped
    grants = paths.assume_any_role(_held(r), r.account)
    return MSG.fail("assume_any", statements=sorted({str(g) for g in grants})) if grants else _pass(r)


@check(id="aws.iam.inline_policy_not_full_admin", resource_types=PRINCIPALS, severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["1.16"]},
       title=T("No inline policy of the IAM user, group or role allows '*:*'",
               "IAM ユーザー・グループ・ロールのインラインポリシーが '*:*' を許可していない"),
       description=T("Inline policies are invisible in the managed-policy lists reviewers read; one allowing every "
                     "action on every resource is a hidden administrator.",
                     "インラインポリシーはレビュー対象の管理ポリシー一覧に現れません。全リソースに全アクションを許可する"
                     "インラインポリシーは隠れた管理者です。"),
       remediation=T("Delete the inline policy (aws iam delete-user-policy / delete-group-policy / delete-role-policy) "
                     "and attach a reviewed managed policy instead.",
                     "インラインポリシーを削除し（aws iam delete-user-policy / delete-group-policy / delete-role-policy）、"
                     "レビュー済みの管理ポリシーをアタッチしてください。"))
def inline_policy_not_full_admin(r: Resource) -> Result:
    skipped = _skip(r)
    if skipped:
        return skipped
    own = [h for h in _held(r) if h.kind == "inline" and not h.via]
    bad = [h.name for h in own if paths.admin_grants([h])]
    return MSG.fail("inline_admin", policies=bad) if bad else Result.ok()
