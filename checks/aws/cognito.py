"""Amazon Cognito checks: user pool MFA, threat protection, password policy and deletion
protection; identity pools' unauthenticated access and classic flow."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

POOL, IDENTITY = ("aws.cognito.user_pool",), ("aws.cognito.identity_pool",)
MIN_LENGTH, MAX_TEMPORARY_DAYS = 8, 7
CHARACTER_CLASSES = ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols")

MSG = Messages("aws.cognito", {
    "mfa_off": ("MFA is {mode}", "MFA が {mode} です"),
    "mfa_sms_only": ("MFA is optional and no authenticator-app (TOTP) factor is enabled",
                     "MFA が任意で、認証アプリ (TOTP) の要素が有効になっていません"),
    "mfa_mode": ("MFA is {mode}", "MFA は {mode} です"),
    "threat_mode": ("threat protection mode is {mode}", "脅威保護モードが {mode} です"),
    "weak_password": ("password policy is weak: {weaknesses}", "パスワードポリシーが弱いです: {weaknesses}"),
})


@check(id="aws.cognito.user_pool_mfa_enabled", resource_types=POOL, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Cognito.5"]},
       title=T("Cognito user pool requires MFA, or offers an authenticator app",
               "Cognito ユーザープールが MFA を必須にしている (または認証アプリを提供している)"),
       description=T("Without a second factor, one leaked or guessed password takes over a user's account.",
                     "第 2 要素がないと、漏えいまたは推測されたパスワード 1 つでユーザーのアカウントが乗っ取られます。"),
       remediation=T("Set MFA to ON (or OPTIONAL with software-token MFA enabled) with set-user-pool-mfa-config.",
                     "set-user-pool-mfa-config で MFA を ON (またはソフトウェアトークン MFA を有効にした OPTIONAL) にしてください。"))
def user_pool_mfa_enabled(r: Resource) -> Result:
    mode = need(r, "MfaConfiguration") or "OFF"
    if mode == "ON":
        return MSG.ok("mfa_mode", mode=mode)
    if mode != "OPTIONAL":
        return MSG.fail("mfa_off", mode=mode)
    factors = readable(need(r, "MfaFactors"), "MfaFactors") or {}
    return MSG.ok("mfa_mode", mode=mode) if factors.get("SoftwareTokenMfa") else MSG.fail("mfa_sms_only")


@check(id="aws.cognito.user_pool_threat_protection_enforced", resource_types=POOL, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Cognito.1"]},
       title=T("Cognito user pool enforces threat protection", "Cognito ユーザープールで脅威保護が強制されている"),
       description=T("Threat protection (advanced security) in full-function mode blocks sign-ins with compromised "
                     "credentials and challenges risky ones; audit mode only reports them.",
                     "フル機能モードの脅威保護 (高度なセキュリティ) は漏えいした認証情報でのサインインをブロックし、リスクのある"
                     "サインインに追加認証を求めます。監査モードは報告するだけです。"),
       remediation=T("Set UserPoolAddOns AdvancedSecurityMode to ENFORCED (Plus feature plan) and configure the risk "
                     "actions.",
                     "UserPoolAddOns の AdvancedSecurityMode を ENFORCED (Plus 機能プラン) にし、リスクへのアクションを設定して"
                     "ください。"))
def user_pool_threat_protection_enforced(r: Resource) -> Result:
    addons = readable(need(r, "UserPoolAddOns"), "UserPoolAddOns") or {}
    mode = addons.get("AdvancedSecurityMode") or "OFF"
    return Result.ok() if mode == "ENFORCED" else MSG.fail("threat_mode", mode=mode)


def _password_weaknesses(policy: dict[str, Any]) -> list[str]:
    weak = []
    if int(policy.get("MinimumLength") or 0) < MIN_LENGTH:
        weak.append(f"MinimumLength {policy.get('MinimumLength')}")
    weak += [f"{k} false" for k in CHARACTER_CLASSES if not policy.get(k)]
    days = policy.get("TemporaryPasswordValidityDays")
    if days is not None and int(days) > MAX_TEMPORARY_DAYS:
        weak.append(f"TemporaryPasswordValidityDays {days}")
    return weak


@check(id="aws.cognito.user_pool_password_policy_strong", resource_types=POOL, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Cognito.3"]},
       title=T("Cognito user pool has a strong password policy", "Cognito ユーザープールのパスワードポリシーが強固"),
       description=T("Short passwords, or passwords without upper case, lower case, digits and symbols, fall to guessing "
                     "and credential stuffing; long-lived temporary passwords stay usable when an invitation leaks.",
                     "短いパスワードや、大文字・小文字・数字・記号を含まないパスワードは推測やリスト型攻撃に弱く、有効期間の長い"
                     "一時パスワードは招待が漏れたときに悪用され続けます。"),
       remediation=T("Require at least 8 characters with upper case, lower case, numbers and symbols, and temporary "
                     "passwords valid for at most 7 days.",
                     "8 文字以上で大文字・小文字・数字・記号を必須とし、一時パスワードの有効期間を 7 日以内にしてください。"))
def user_pool_password_policy_strong(r: Resource) -> Result:
    policies = readable(need(r, "Policies"), "Policies") or {}
    weak = _password_weaknesses(policies.get("PasswordPolicy") or {})
    return MSG.fail("weak_password", weaknesses=weak) if weak else Result.ok()


setting_check(Setting(
    "aws.cognito.user_pool_deletion_protection", POOL, "DeletionProtection", lambda v, r: v == "ACTIVE",
    ("Cognito user pool has deletion protection", "Cognito ユーザープールに削除保護が設定されている"),
    ("A user pool deleted by mistake takes every user, password hash and MFA enrolment with it; it cannot be restored.",
     "誤って削除されたユーザープールは、すべてのユーザー・パスワードハッシュ・MFA 登録とともに失われ、復元できません。"),
    ("Set DeletionProtection to ACTIVE (update-user-pool --deletion-protection ACTIVE).",
     "DeletionProtection を ACTIVE にしてください (update-user-pool --deletion-protection ACTIVE)。"),
    Severity.MEDIUM, ("Cognito.6",)), __name__)

setting_check(Setting(
    "aws.cognito.identity_pool_no_unauthenticated_identities", IDENTITY, "AllowUnauthenticatedIdentities",
    lambda v, r: v is False,
    ("Cognito identity pool does not allow unauthenticated identities",
     "Cognito ID プールが認証されていない ID を許可していない"),
    ("Unauthenticated (guest) identities get AWS credentials for the pool's unauthenticated role without signing in.",
     "認証されていない (ゲスト) ID は、サインインせずに ID プールの未認証ロールの AWS 認証情報を得られます。"),
    ("Set AllowUnauthenticatedIdentities to false, or scope the unauthenticated role to the minimum it needs.",
     "AllowUnauthenticatedIdentities を false にするか、未認証ロールの権限を必要最小限にしてください。"),
    Severity.MEDIUM, ("Cognito.2",)), __name__)

setting_check(Setting(
    "aws.cognito.identity_pool_classic_flow_disabled", IDENTITY, "AllowClassicFlow", lambda v, r: not v,
    ("Cognito identity pool has the basic (classic) flow turned off", "Cognito ID プールの基本 (クラシック) フローが無効"),
    ("The basic flow lets clients pick any role the pool's trust policies allow, bypassing the enhanced flow's "
     "scoped-down session policy.",
     "基本フローではクライアントが信頼ポリシーの許す任意のロールを選べ、拡張フローのセッションポリシーによる権限の絞り込みを"
     "回避できます。"),
    ("Set AllowClassicFlow to false (update-identity-pool --no-allow-classic-flow).",
     "AllowClassicFlow を false にしてください (update-identity-pool --no-allow-classic-flow)。"),
    Severity.LOW), __name__)
