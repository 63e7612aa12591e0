"""IAM checks: MFA, access keys, unused credentials, password policy, root user, admin policies.

Ages (``age_days``, ``*_last_used_days``, ``_password_*_days``) are computed by the collector at
collection time from the credential report; checks compare them and never read the clock.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._read import as_list, setting, statements

USER = ("aws.iam.user",)
ROOT = ("aws.iam.root_user",)
PASSWORD_POLICY = ("aws.iam.password_policy",)
ROTATION_DAYS = 90
UNUSED_DAYS = 45


@check(
    id="aws.iam.user_mfa_enabled", resource_types=USER, severity=Severity.HIGH,
    frameworks={"cis-aws-3.0": ["1.10"]},
    title={"en": "IAM user with a console password has MFA", "ja": "コンソールパスワードを持つ IAM ユーザーで MFA が有効"},
    description={"en": "Every IAM user who can sign in to the console has an MFA device, so a leaked password "
                       "alone does not open the account.",
                 "ja": "コンソールにサインインできるすべての IAM ユーザーに MFA デバイスがあり、パスワードが漏えいしても"
                       "それだけではアカウントに入れない。"},
    remediation={"en": "Assign a virtual or hardware MFA device to the user (IAM console → Users → Security "
                       "credentials), or remove the console password if it is not needed.",
                 "ja": "ユーザーに仮想またはハードウェア MFA デバイスを割り当てる（IAM コンソール → ユーザー → "
                       "セキュリティ認証情報）。不要ならコンソールパスワードを削除する。"},
)
def user_mfa_enabled(user: Resource) -> Result:
    has_password, err = setting(user, "_password_enabled")
    if err:
        return err
    if not has_password:
        return Result.ok("no console password")
    mfa, err = setting(user, "_mfa_active")
    if err:
        return err
    return Result.ok("MFA active") if mfa else Result.fail("console password without MFA")


def _root_fact(root: Resource, report_key: str, summary_key: str) -> tuple[Any, Result | None]:
    """A root fact from the credential report's root row, else from GetAccountSummary."""
    row, err = setting(root, "_credential_report")
    if err:
        return None, err
    if row:
        return setting(root, report_key)
    summary, err = setting(root, "AccountSummary")
    if err:
        return None, err
    if summary_key not in (summary or {}):
        return None, Result.error(f"neither the credential report nor the account summary has {summary_key}")
    return summary[summary_key], None


@check(
    id="aws.iam.root_mfa_enabled", resource_types=ROOT, severity=Severity.CRITICAL,
    frameworks={"cis-aws-3.0": ["1.5"]},
    title={"en": "Root user has MFA", "ja": "ルートユーザーで MFA が有効"},
    description={"en": "The account's root user, which can do anything including closing the account, signs "
                       "in with MFA.",
                 "ja": "アカウントの閉鎖を含むあらゆる操作ができるルートユーザーが MFA でサインインする。"},
    remediation={"en": "Sign in as root and assign an MFA device (preferably hardware) under Security "
                       "credentials.",
                 "ja": "ルートユーザーでサインインし、セキュリティ認証情報で MFA デバイス（できればハードウェア）を"
                       "割り当てる。"},
)
def root_mfa_enabled(root: Resource) -> Result:
    mfa, err = _root_fact(root, "_mfa_active", "AccountMFAEnabled")
    if err:
        return err
    return Result.ok("root MFA active") if mfa else Result.fail("the root user has no MFA")


@check(
    id="aws.iam.root_no_access_keys", resource_types=ROOT, severity=Severity.CRITICAL,
    frameworks={"cis-aws-3.0": ["1.4"]},
    title={"en": "Root user has no access keys", "ja": "ルートユーザーにアクセスキーがない"},
    description={"en": "The root user has no active access keys: programmatic root access cannot be limited "
                       "by any policy.",
                 "ja": "ルートユーザーに有効なアクセスキーがない。ルートによるプログラムアクセスはどのポリシーでも"
                       "制限できない。"},
    remediation={"en": "Sign in as root and delete its access keys (Security credentials → Access keys); use "
                       "IAM roles for automation.",
                 "ja": "ルートユーザーでサインインしてアクセスキーを削除し（セキュリティ認証情報 → アクセスキー）、"
                       "自動化には IAM ロールを使う。"},
)
def root_no_access_keys(root: Resource) -> Result:
    row, err = setting(root, "_credential_report")
    if err:
        return err
    if row:
        keys, err = setting(root, "_access_keys")
        if err:
            return err
        active = [k["slot"] for k in keys or [] if k.get("active")]
        return Result.fail(f"root has {len(active)} active access key(s)") if active else Result.ok()
    present, err = _root_fact(root, "_access_keys", "AccountAccessKeysPresent")
    if err:
        return err
    return Result.fail("root has access keys") if present else Result.ok()


def _keys(user: Resource) -> tuple[list[dict[str, Any]], Result | None]:
    keys, err = setting(user, "_access_keys")
    return [k for k in keys or [] if k.get("active")], err


@check(
    id="aws.iam.access_key_rotated_90_days", resource_types=USER, severity=Severity.MEDIUM,
    frameworks={"cis-aws-3.0": ["1.14"]},
    title={"en": "IAM user's access keys are rotated every 90 days",
           "ja": "IAM ユーザーのアクセスキーが 90 日以内にローテーションされている"},
    description={"en": "No active access key of the user is older than 90 days.",
                 "ja": "ユーザーの有効なアクセスキーに 90 日より古いものがない。"},
    remediation={"en": "Create a new key, switch the workload to it, then deactivate and delete the old key; "
                       "better, replace long-lived keys with roles.",
                 "ja": "新しいキーを作成してワークロードを切り替え、古いキーを無効化して削除する。長期キーはロールに"
                       "置き換えるのが望ましい。"},
)
def access_key_rotated_90_days(user: Resource) -> Result:
    keys, err = _keys(user)
    if err:
        return err
    old = [f"key {k['slot']} ({k['age_days']} days)" for k in keys if (k.get("age_days") or 0) > ROTATION_DAYS]
    return Result.fail(f"not rotated: {', '.join(old)}") if old else Result.ok(f"{len(keys)} active key(s)")


def _stale(used_days: int | None, age_days: int | None) -> bool:
    """Unused for more than 45 days: last use too old, or never used and older than 45 days."""
    if used_days is not None:
        return used_days > UNUSED_DAYS
    return (age_days or 0) > UNUSED_DAYS


@check(
    id="aws.iam.unused_credentials_45_days", resource_types=USER, severity=Severity.MEDIUM,
    frameworks={"cis-aws-3.0": ["1.12"]},
    title={"en": "IAM user has no credentials unused for 45 days",
           "ja": "IAM ユーザーに 45 日以上使われていない認証情報がない"},
    description={"en": "The user's console password and active access keys have each been used in the last 45 "
                       "days (or are younger than that).",
                 "ja": "ユーザーのコンソールパスワードと有効なアクセスキーが、それぞれ過去 45 日以内に使われている"
                       "（または作成から 45 日未満である）。"},
    remediation={"en": "Deactivate access keys and remove console passwords that have not been used for 45 "
                       "days.",
                 "ja": "45 日以上使われていないアクセスキーを無効化し、コンソールパスワードを削除する。"},
)
def unused_credentials_45_days(user: Resource) -> Result:
    has_password, err = setting(user, "_password_enabled")
    if err:
        return err
    keys, err = _keys(user)
    if err:
        return err
    stale = []
    if has_password and _stale(user.data.get("_password_last_used_days"), user.data.get("_password_age_days")):
        stale.append("console password")
    stale += [f"access key {k['slot']}" for k in keys if _stale(k.get("last_used_days"), k.get("age_days"))]
    return Result.fail(f"unused for over {UNUSED_DAYS} days: {', '.join(stale)}") if stale else Result.ok()


@check(
    id="aws.iam.single_active_access_key", resource_types=USER, severity=Severity.MEDIUM,
    frameworks={"cis-aws-3.0": ["1.13"]},
    title={"en": "IAM user has at most one active access key",
           "ja": "IAM ユーザーの有効なアクセスキーが 1 つ以下"},
    description={"en": "Two active keys for one user usually means a rotation that was never finished.",
                 "ja": "1 人のユーザーに有効なキーが 2 つあるのは、たいてい完了していないローテーションを意味する。"},
    remediation={"en": "Deactivate and delete the access key that is no longer used.",
                 "ja": "使われなくなったアクセスキーを無効化して削除する。"},
)
def single_active_access_key(user: Resource) -> Result:
    keys, err = _keys(user)
    if err:
        return err
    return Result.fail(f"{len(keys)} active access keys") if len(keys) > 1 else Result.ok()


@check(
    id="aws.iam.no_policies_attached_to_users", resource_types=USER, severity=Severity.LOW,
    frameworks={"cis-aws-3.0": ["1.15"]},
    title={"en": "IAM user gets permissions only through groups",
           "ja": "IAM ユーザーの権限がグループ経由でのみ付与されている"},
    description={"en": "No managed or inline policy is attached directly to the user; permissions come from "
                       "groups (or roles), which keeps them reviewable.",
                 "ja": "ユーザーに管理ポリシーやインラインポリシーが直接アタッチされておらず、権限はグループ"
                       "（またはロール）から付与されるため、レビューしやすい。"},
    remediation={"en": "Move the user's policies to a group, add the user to it and detach the policies from "
                       "the user.",
                 "ja": "ユーザーのポリシーをグループに移し、ユーザーをそのグループに追加して、ユーザーからポリシーを"
                       "デタッチする。"},
)
def no_policies_attached_to_users(user: Resource) -> Result:
    attached, err = setting(user, "AttachedManagedPolicies")
    if err:
        return err
    inline, err = setting(user, "UserPolicyList")
    if err:
        return err
    names = [p.get("PolicyName", "?") for p in (attached or []) + (inline or [])]
    return Result.fail(f"policies attached to the user: {', '.join(names)}") if names else Result.ok()


def grants_full_admin(document: Any) -> bool:
    for s in statements(document):
        if s.get("Effect") != "Allow" or s.get("Condition"):
            continue
        if "*" in as_list(s.get("Action")) and "*" in as_list(s.get("Resource")):
            return True
    return False


@check(
    id="aws.iam.no_full_admin_policies", resource_types=("aws.iam.policy",), severity=Severity.HIGH,
    frameworks={"cis-aws-3.0": ["1.16"]},
    title={"en": "No attached customer policy allows \"*:*\"",
           "ja": "\"*:*\" を許可するカスタマー管理ポリシーがアタッチされていない"},
    description={"en": "A customer-managed policy whose default version allows Action \"*\" on Resource \"*\" "
                       "is not attached to any user, group or role.",
                 "ja": "デフォルトバージョンで Resource \"*\" に対する Action \"*\" を許可するカスタマー管理ポリシーが、"
                       "ユーザー・グループ・ロールのいずれにもアタッチされていない。"},
    remediation={"en": "Detach the policy and grant only the actions each principal needs.",
                 "ja": "ポリシーをデタッチし、各プリンシパルに必要なアクションだけを付与する。"},
)
def no_full_admin_policies(policy: Resource) -> Result:
    doc, err = setting(policy, "_default_document")
    if err:
        return err
    if not grants_full_admin(doc):
        return Result.ok("does not allow *:*")
    count = int(policy.data.get("AttachmentCount") or 0)
    if count:
        return Result.fail(f"allows *:* and is attached {count} time(s)")
    return Result.ok("allows *:* but is not attached")


def _policy_value(pp: Resource, key: str) -> tuple[Any, Result | None]:
    policy, err = setting(pp, "PasswordPolicy")
    if err:
        return None, err
    if not policy:
        return None, Result.fail("no account password policy is set")
    return policy.get(key), None


@check(
    id="aws.iam.password_policy_min_length_14", resource_types=PASSWORD_POLICY, severity=Severity.MEDIUM,
    frameworks={"cis-aws-3.0": ["1.8"]},
    title={"en": "Password policy requires at least 14 characters",
           "ja": "パスワードポリシーで 14 文字以上が必須になっている"},
    description={"en": "The account password policy requires IAM user passwords of 14 characters or more.",
                 "ja": "アカウントのパスワードポリシーで、IAM ユーザーのパスワードに 14 文字以上を要求している。"},
    remediation={"en": "aws iam update-account-password-policy --minimum-password-length 14 (keep the other "
                       "settings).",
                 "ja": "aws iam update-account-password-policy --minimum-password-length 14 を実行する"
                       "（他の設定は維持する）。"},
)
def password_policy_min_length_14(pp: Resource) -> Result:
    length, res = _policy_value(pp, "MinimumPasswordLength")
    if res:
        return res
    return Result.ok(f"minimum length {length}") if (length or 0) >= 14 else Result.fail(f"minimum length {length}")


@check(
    id="aws.iam.password_policy_reuse_24", resource_types=PASSWORD_POLICY, severity=Severity.MEDIUM,
    frameworks={"cis-aws-3.0": ["1.9"]},
    title={"en": "Password policy prevents reuse of the last 24 passwords",
           "ja": "パスワードポリシーで直近 24 個のパスワードの再利用が禁止されている"},
    description={"en": "The account password policy remembers 24 previous passwords and refuses them.",
                 "ja": "アカウントのパスワードポリシーが過去 24 個のパスワードを記憶し、その再利用を拒否する。"},
    remediation={"en": "aws iam update-account-password-policy --password-reuse-prevention 24 (keep the "
                       "other settings).",
                 "ja": "aws iam update-account-password-policy --password-reuse-prevention 24 を実行する"
                       "（他の設定は維持する）。"},
)
def password_policy_reuse_24(pp: Resource) -> Result:
    reuse, res = _policy_value(pp, "PasswordReusePrevention")
    if res:
        return res
    if (reuse or 0) >= 24:
        return Result.ok(f"remembers {reuse} passwords")
    return Result.fail(f"remembers {reuse or 0} passwords")
