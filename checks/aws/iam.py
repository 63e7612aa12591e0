"""IAM checks: MFA, access keys, unused credentials, password policy, root user, admin policies.

Ages (``age_days``, ``*_last_used_days``, ``_password_*_days``) are computed by the collector at
collection time from the credential report; checks compare them and never read the clock.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, NotCollected, check, need
from checks.common import as_list, statements

USER = ("aws.iam.user",)
ROOT = ("aws.iam.root_user",)
PASSWORD_POLICY = ("aws.iam.password_policy",)
ROTATION_DAYS = 90
UNUSED_DAYS = 45

MSG = Messages("aws.iam", {
    "no_password": ("no console password", "コンソールパスワードがありません"),
    "mfa_active": ("MFA active", "MFA が有効です"),
    "password_without_mfa": ("console password without MFA", "MFA のないコンソールパスワードがあります"),
    "root_mfa_active": ("root MFA active", "ルートユーザーの MFA が有効です"),
    "root_no_mfa": ("the root user has no MFA", "ルートユーザーに MFA がありません"),
    "root_active_keys": ("root has {count} active access key(s)",
                         "ルートユーザーに有効なアクセスキーが {count} 個あります"),
    "root_has_keys": ("root has access keys", "ルートユーザーにアクセスキーがあります"),
    "not_rotated": ("not rotated: access key(s) in slot {slots}, {ages} days old",
                    "ローテーションされていないアクセスキー: スロット {slots}（作成から {ages} 日）"),
    "active_keys": ("{count} active key(s)", "有効なキーが {count} 個あります"),
    "unused_password": ("console password unused for over {days} days",
                        "コンソールパスワードが {days} 日を超えて使われていません"),
    "unused_keys": ("access key(s) in slot {slots} unused for over {days} days",
                    "スロット {slots} のアクセスキーが {days} 日を超えて使われていません"),
    "unused_both": ("console password and access key(s) in slot {slots} unused for over {days} days",
                    "コンソールパスワードとスロット {slots} のアクセスキーが {days} 日を超えて使われていません"),
    "several_keys": ("{count} active access keys", "有効なアクセスキーが {count} 個あります"),
    "user_policies": ("policies attached to the user: {policies}", "ユーザーに直接アタッチされたポリシー: {policies}"),
    "not_admin": ("does not allow *:*", "*:* を許可していません"),
    "admin_attached": ("allows *:* and is attached {count} time(s)", "*:* を許可し、{count} 回アタッチされています"),
    "admin_unattached": ("allows *:* but is not attached", "*:* を許可していますが、アタッチされていません"),
    "no_password_policy": ("no account password policy is set", "アカウントのパスワードポリシーが設定されていません"),
    "min_length": ("minimum length {length}", "最小文字数 {length}"),
    "remembers": ("remembers {count} passwords", "過去 {count} 個のパスワードを記憶しています"),
})


@check(
    id="aws.iam.user_mfa_enabled", resource_types=USER, severity=Severity.HIGH,
    frameworks={"aws-fsbp": ["IAM.5"], "cis-aws-3.0": ["1.10"]},
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
    if not need(user, "_password_enabled"):
        return MSG.ok("no_password")
    return MSG.ok("mfa_active") if need(user, "_mfa_active") else MSG.fail("password_without_mfa")


def _root_fact(root: Resource, report_key: str, summary_key: str) -> Any:
    """A root fact from the credential report's root row, else from GetAccountSummary."""
    if need(root, "_credential_report"):
        return need(root, report_key)
    summary = need(root, "AccountSummary") or {}
    if summary_key not in summary:
        raise NotCollected(summary_key)  # in neither the credential report nor the account summary
    return summary[summary_key]


@check(
    id="aws.iam.root_mfa_enabled", resource_types=ROOT, severity=Severity.CRITICAL,
    frameworks={"aws-fsbp": ["IAM.9"], "cis-aws-3.0": ["1.5"]},
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
    if _root_fact(root, "_mfa_active", "AccountMFAEnabled"):
        return MSG.ok("root_mfa_active")
    return MSG.fail("root_no_mfa")


@check(
    id="aws.iam.root_no_access_keys", resource_types=ROOT, severity=Severity.CRITICAL,
    frameworks={"aws-fsbp": ["IAM.4"], "cis-aws-3.0": ["1.4"]},
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
    if need(root, "_credential_report"):
        active = [k["slot"] for k in need(root, "_access_keys") or [] if k.get("active")]
        return MSG.fail("root_active_keys", count=len(active), slots=active) if active else Result.ok()
    present = _root_fact(root, "_access_keys", "AccountAccessKeysPresent")
    return MSG.fail("root_has_keys") if present else Result.ok()


def _keys(user: Resource) -> list[dict[str, Any]]:
    return [k for k in need(user, "_access_keys") or [] if k.get("active")]


@check(
    id="aws.iam.access_key_rotated_90_days", resource_types=USER, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["IAM.3"], "cis-aws-3.0": ["1.14"]},
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
    keys = _keys(user)
    old = [k for k in keys if (k.get("age_days") or 0) > ROTATION_DAYS]
    if not old:
        return MSG.ok("active_keys", count=len(keys))
    # numbers as parameters, words in the template: the detail reads in every language
    return MSG.fail("not_rotated", slots=[k["slot"] for k in old], ages=[k["age_days"] for k in old])


def _stale(used_days: int | None, age_days: int | None) -> bool:
    """Unused for more than 45 days: last use too old, or never used and older than 45 days."""
    if used_days is not None:
        return used_days > UNUSED_DAYS
    return (age_days or 0) > UNUSED_DAYS


@check(
    id="aws.iam.unused_credentials_45_days", resource_types=USER, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["IAM.8", "IAM.22"], "cis-aws-3.0": ["1.12"]},
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
    has_password = need(user, "_password_enabled")
    keys = _keys(user)
    password = has_password and _stale(user.data.get("_password_last_used_days"), user.data.get("_password_age_days"))
    slots = [k["slot"] for k in keys if _stale(k.get("last_used_days"), k.get("age_days"))]
    if password and slots:
        return MSG.fail("unused_both", days=UNUSED_DAYS, slots=slots)
    if password:
        return MSG.fail("unused_password", days=UNUSED_DAYS)
    return MSG.fail("unused_keys", days=UNUSED_DAYS, slots=slots) if slots else Result.ok()


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
    keys = _keys(user)
    return MSG.fail("several_keys", count=len(keys)) if len(keys) > 1 else Result.ok()


@check(
    id="aws.iam.no_policies_attached_to_users", resource_types=USER, severity=Severity.LOW,
    frameworks={"aws-fsbp": ["IAM.2"], "cis-aws-3.0": ["1.15"]},
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
    attached = need(user, "AttachedManagedPolicies")
    inline = need(user, "UserPolicyList")
    names = [p.get("PolicyName", "?") for p in (attached or []) + (inline or [])]
    return MSG.fail("user_policies", policies=names) if names else Result.ok()


def grants_full_admin(document: Any) -> bool:
    for s in statements(document):
        if s.get("Effect") != "Allow" or s.get("Condition"):
            continue
        if "*" in as_list(s.get("Action")) and "*" in as_list(s.get("Resource")):
            return True
    return False


@check(
    id="aws.iam.no_full_admin_policies", resource_types=("aws.iam.policy",), severity=Severity.HIGH,
    frameworks={"aws-fsbp": ["IAM.1"], "cis-aws-3.0": ["1.16"]},
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
    if not grants_full_admin(need(policy, "_default_document")):
        return MSG.ok("not_admin")
    count = int(policy.data.get("AttachmentCount") or 0)
    if count:
        return MSG.fail("admin_attached", count=count)
    return MSG.ok("admin_unattached")


@check(
    id="aws.iam.password_policy_min_length_14", resource_types=PASSWORD_POLICY, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["IAM.15"], "cis-aws-3.0": ["1.8"]},
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
    policy = need(pp, "PasswordPolicy")
    if not policy:
        return MSG.fail("no_password_policy")
    length = policy.get("MinimumPasswordLength")
    return MSG.ok("min_length", length=length) if (length or 0) >= 14 else MSG.fail("min_length", length=length)


@check(
    id="aws.iam.password_policy_reuse_24", resource_types=PASSWORD_POLICY, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["IAM.16"], "cis-aws-3.0": ["1.9"]},
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
    policy = need(pp, "PasswordPolicy")
    if not policy:
        return MSG.fail("no_password_policy")
    reuse = policy.get("PasswordReusePrevention")
    if (reuse or 0) >= 24:
        return MSG.ok("remembers", count=reuse)
    return MSG.fail("remembers", count=reuse or 0)
