"""CIS section 1 checks on the root user and IAM users that complete the core IAM checks:
hardware MFA for root (1.6), root not used for daily tasks (1.7), no access keys created at
user setup (1.11).  The root/user resources come from the core IAM collector (credential report
fields ``_password_last_used_days``, ``_access_keys``, ``_password_enabled``)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.common import T

ROOT_RECENT_DAYS = 30

MSG = Messages("aws.iam_root_and_users", {
    "root_no_mfa": ("root has no MFA", "ルートユーザーに MFA がありません"),
    "root_virtual_mfa": ("root MFA is a virtual device", "ルートユーザーの MFA が仮想デバイスです"),
    "root_used_password": ("root used: password {password_days} day(s) ago",
                           "ルートユーザーが使用されています: {password_days} 日前にパスワードを使用"),
    "root_used_keys": ("root used: access key(s) in slot {slots}, {key_days} day(s) ago",
                       "ルートユーザーが使用されています: スロット {slots} のアクセスキーを {key_days} 日前に使用"),
    "root_used_both": ("root used: password {password_days} day(s) ago; access key(s) in slot {slots}, "
                       "{key_days} day(s) ago",
                       "ルートユーザーが使用されています: {password_days} 日前にパスワード、スロット {slots} の"
                       "アクセスキーを {key_days} 日前に使用"),
    "no_password": ("no console password", "コンソールパスワードがありません"),
    "never_used_keys": ("never-used access key(s) in slot {slots}",
                        "一度も使われていないアクセスキー (スロット {slots}) があります"),
})


@check(id="aws.iam.root_hardware_mfa_enabled", resource_types=("aws.iam.root_mfa",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["IAM.6"], "cis-aws-3.0": ["1.6"]},
       title=T("The root user uses a hardware MFA device", "ルートユーザーがハードウェア MFA デバイスを使用している"),
       description=T("A virtual MFA on a phone shares the phone's risks; CIS asks for a hardware (or FIDO) device for root.",
                     "スマートフォン上の仮想 MFA はその端末のリスクを共有します。CIS はルートにハードウェア (または FIDO) デバイスを求めています。"),
       remediation=T("Deactivate the virtual MFA of root and register a hardware TOTP token or FIDO security key.",
                     "ルートの仮想 MFA を無効化し、ハードウェア TOTP トークンまたは FIDO セキュリティキーを登録してください。"))
def root_hardware_mfa_enabled(r: Resource) -> Result:
    enabled = readable(r.data.get("AccountMFAEnabled"), "AccountMFAEnabled")
    virtual = readable(r.data.get("RootVirtualMFADevices"), "RootVirtualMFADevices")
    if not enabled:
        return MSG.fail("root_no_mfa")
    return MSG.fail("root_virtual_mfa", devices=virtual) if virtual else Result.ok()


@check(id="aws.iam.root_not_used_recently", resource_types=("aws.iam.root_user",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["1.7"]},
       title=T("The root user was not used in the last 30 days", "ルートユーザーが過去 30 日間使用されていない"),
       description=T("Root should be kept for the few tasks that need it; recent password or key use suggests daily use.",
                     "ルートは必要な少数の作業のためだけに使うべきです。最近のパスワードやキーの使用は日常利用を示唆します。"),
       remediation=T("Use IAM Identity Center or IAM roles for administration and lock the root credentials away.",
                     "管理には IAM Identity Center または IAM ロールを使い、ルートの認証情報は保管してください。"))
def root_not_used_recently(r: Resource) -> Result:
    pw = readable(r.data.get("_password_last_used_days"), "_password_last_used_days")
    keys = readable(r.data.get("_access_keys"), "_access_keys")
    password = int(pw) if pw is not None and pw <= ROOT_RECENT_DAYS else None
    recent = [k for k in keys or [] if k.get("last_used_days") is not None and k["last_used_days"] <= ROOT_RECENT_DAYS]
    slots, key_days = [k.get("slot") for k in recent], [int(k["last_used_days"]) for k in recent]
    if password is not None and recent:
        return MSG.fail("root_used_both", password_days=password, slots=slots, key_days=key_days)
    if password is not None:
        return MSG.fail("root_used_password", password_days=password)
    return MSG.fail("root_used_keys", slots=slots, key_days=key_days) if recent else Result.ok()


@check(id="aws.iam.no_access_keys_at_user_setup", resource_types=("aws.iam.user",), severity=Severity.LOW,
       frameworks={"cis-aws-3.0": ["1.11"]},
       title=T("Console users have no never-used access keys", "コンソールユーザーに一度も使われていないアクセスキーがない"),
       description=T("Keys created together with a console user and never used are standing credentials nobody needs.",
                     "コンソールユーザーと同時に作成され一度も使われていないキーは、誰も必要としない常設の認証情報です。"),
       remediation=T("Delete the unused access keys; let users create keys themselves when they need them.",
                     "未使用のアクセスキーを削除し、必要になった時点でユーザー自身に作成させてください。"))
def no_access_keys_at_user_setup(r: Resource) -> Result:
    pw = readable(r.data.get("_password_enabled"), "_password_enabled")
    keys = readable(r.data.get("_access_keys"), "_access_keys")
    if not pw:
        return MSG.ok("no_password")
    unused = [k.get("slot") for k in keys or [] if k.get("active") and k.get("last_used") in (None, "", "N/A")]
    return MSG.fail("never_used_keys", slots=unused) if unused else Result.ok()

