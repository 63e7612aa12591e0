"""CIS section 1 checks on the root user and IAM users that complete the core IAM checks:
hardware MFA for root (1.6), root not used for daily tasks (1.7), no access keys created at
user setup (1.11).  The root/user resources come from the core IAM collector (credential report
fields ``_password_last_used_days``, ``_access_keys``, ``_password_enabled``)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T, unreadable_result

ROOT_RECENT_DAYS = 30


@check(id="aws.iam.root_hardware_mfa_enabled", resource_types=("aws.iam.root_mfa",), severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["1.6"]},
       title=T("The root user uses a hardware MFA device", "ルートユーザーがハードウェア MFA デバイスを使用している"),
       description=T("A virtual MFA on a phone shares the phone's risks; CIS asks for a hardware (or FIDO) device for root.",
                     "スマートフォン上の仮想 MFA はその端末のリスクを共有します。CIS はルートにハードウェア (または FIDO) デバイスを求めています。"),
       remediation=T("Deactivate the virtual MFA of root and register a hardware TOTP token or FIDO security key.",
                     "ルートの仮想 MFA を無効化し、ハードウェア TOTP トークンまたは FIDO セキュリティキーを登録してください。"))
def root_hardware_mfa_enabled(r: Resource) -> Result:
    enabled, virtual = r.data.get("AccountMFAEnabled"), r.data.get("RootVirtualMFADevices")
    if (err := unreadable_result(enabled, virtual)):
        return err
    if not enabled:
        return Result.fail("root has no MFA")
    return Result.fail("root MFA is a virtual device", devices=virtual) if virtual else Result.ok()


@check(id="aws.iam.root_not_used_recently", resource_types=("aws.iam.root_user",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["1.7"]},
       title=T("The root user was not used in the last 30 days", "ルートユーザーが過去 30 日間使用されていない"),
       description=T("Root should be kept for the few tasks that need it; recent password or key use suggests daily use.",
                     "ルートは必要な少数の作業のためだけに使うべきです。最近のパスワードやキーの使用は日常利用を示唆します。"),
       remediation=T("Use IAM Identity Center or IAM roles for administration and lock the root credentials away.",
                     "管理には IAM Identity Center または IAM ロールを使い、ルートの認証情報は保管してください。"))
def root_not_used_recently(r: Resource) -> Result:
    pw, keys = r.data.get("_password_last_used_days"), r.data.get("_access_keys")
    if (err := unreadable_result(pw, keys)):
        return err
    uses = []
    if pw is not None and pw <= ROOT_RECENT_DAYS:
        uses.append(f"password {int(pw)} days ago")
    for k in keys or []:
        d = k.get("last_used_days")
        if d is not None and d <= ROOT_RECENT_DAYS:
            uses.append(f"access key {k.get('slot')} {int(d)} days ago")
    return Result.fail(f"root used: {', '.join(uses)}", uses=uses) if uses else Result.ok()


@check(id="aws.iam.no_access_keys_at_user_setup", resource_types=("aws.iam.user",), severity=Severity.LOW,
       frameworks={"cis-aws-3.0": ["1.11"]},
       title=T("Console users have no never-used access keys", "コンソールユーザーに一度も使われていないアクセスキーがない"),
       description=T("Keys created together with a console user and never used are standing credentials nobody needs.",
                     "コンソールユーザーと同時に作成され一度も使われていないキーは、誰も必要としない常設の認証情報です。"),
       remediation=T("Delete the unused access keys; let users create keys themselves when they need them.",
                     "未使用のアクセスキーを削除し、必要になった時点でユーザー自身に作成させてください。"))
def no_access_keys_at_user_setup(r: Resource) -> Result:
    pw, keys = r.data.get("_password_enabled"), r.data.get("_access_keys")
    if (err := unreadable_result(pw, keys)):
        return err
    if not pw:
        return Result.ok("no console password")
    unused = [k.get("slot") for k in keys or [] if k.get("active") and k.get("last_used") in (None, "", "N/A")]
    return Result.fail(f"never-used access key(s) in slot {', '.join(map(str, unused))}", slots=unused) if unused else Result.ok()

