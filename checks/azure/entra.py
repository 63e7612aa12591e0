"""Microsoft Entra ID tenant checks (CIS Azure 2.1 section 1, v3.0 section 2), from Microsoft Graph.

Every check reads the ``azure.entra.tenant`` resource's Graph documents.  A document Graph refused
is unreadable (its reason names the missing application permission) and the check answers ERROR;
a document the tenant's licence does not offer is ``{"notLicensed": reason}``.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import NotCollected, Resource, Severity
from checks import Messages, Result, check, need
from checks.azure._common import cis, lower
from checks.common import T, as_list, iso_time

TENANT = ("azure.entra.tenant",)
GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"
# Built-in role template ids of the roles CIS and Microsoft call privileged.
PRIVILEGED_ROLES = {
    GLOBAL_ADMIN: "Global Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
    "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
    "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
    "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
    "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
    "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
    "c4e39bd9-1100-46d3-8c65-fb160da0071f": "Authentication Administrator",
    "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
    "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2": "Hybrid Identity Administrator",
    "b0f54661-2d74-4c50-afa3-1ec803f12efe": "Billing Administrator",
    "3a2c62db-5318-420d-8d74-23affee5d9d5": "Intune Administrator",
}
AZURE_MANAGEMENT_APP = "797f4846-ba00-4fd7-ba43-dac1f8f63013"  # Windows Azure Service Management API
LEGACY_CLIENTS = {"exchangeactivesync", "other"}

MSG = Messages("azure.entra", {
    "security_defaults": ("security defaults are enabled", "セキュリティの既定値群が有効です"),
    "ca_policies": ("{count} enabled Conditional Access policies", "有効な条件付きアクセスポリシーが {count} 件あります"),
    "no_baseline": ("security defaults are off and no Conditional Access policy is enabled",
                    "セキュリティの既定値群が無効で、有効な条件付きアクセスポリシーもありません"),
    "policy": ("enforced by Conditional Access policy {names}", "条件付きアクセスポリシー {names} で強制されています"),
    # one message per purpose: the purpose is text in each language, not an English parameter
    "no_policy_mfa_all": ("no enabled Conditional Access policy requiring MFA for all users and apps",
                          "すべてのユーザーとアプリに MFA を要求する有効な条件付きアクセスポリシーがありません"),
    "no_policy_mfa_admins": ("no enabled Conditional Access policy requiring MFA for administrators",
                             "管理者に MFA を要求する有効な条件付きアクセスポリシーがありません"),
    "no_policy_mfa_azure": ("no enabled Conditional Access policy requiring MFA for Azure management",
                            "Azure の管理操作に MFA を要求する有効な条件付きアクセスポリシーがありません"),
    "no_policy_legacy": ("no enabled Conditional Access policy blocking legacy authentication clients",
                         "レガシー認証クライアントをブロックする有効な条件付きアクセスポリシーがありません"),
    "no_policy_sign_in_risk": ("no enabled Conditional Access policy acting on sign-in risk",
                               "サインインのリスクに対処する有効な条件付きアクセスポリシーがありません"),
    "no_policy_user_risk": ("no enabled Conditional Access policy acting on user risk",
                            "ユーザーのリスクに対処する有効な条件付きアクセスポリシーがありません"),
    "no_policy_join_devices": ("no enabled Conditional Access policy requiring MFA to register devices",
                               "デバイスの登録に MFA を要求する有効な条件付きアクセスポリシーがありません"),
    "perm_allowedToCreateApps": ("'Users can register applications' is {value}", "「ユーザーはアプリケーションを登録できる」が {value} です"),
    "perm_allowedToCreateTenants": ("'Users can create tenants' is {value}", "「ユーザーはテナントを作成できる」が {value} です"),
    "perm_allowedToCreateSecurityGroups": ("'Users can create security groups' is {value}",
                                           "「ユーザーはセキュリティ グループを作成できる」が {value} です"),
    "global_admins": ("{count} Global Administrators", "全体管理者は {count} 人です"),
    "global_admins_out": ("{count} Global Administrators (keep 2 to 4)", "全体管理者が {count} 人です (2〜4 人にしてください)"),
    "no_guest_admins": ("no guest holds a privileged role", "特権ロールを持つゲストはいません"),
    "guest_admins": ("guests hold privileged roles: {names}", "ゲストが特権ロールを持っています: {names}"),
    "admins_mfa": ("{count} privileged users, all registered for MFA", "特権ユーザー {count} 人全員が MFA を登録済みです"),
    "admins_no_mfa": ("privileged users without MFA registered: {names}", "MFA 未登録の特権ユーザー: {names}"),
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
    "consent_none": ("users cannot consent to apps", "ユーザーはアプリに同意できません"),
    "consent_allowed": ("users can consent to apps: {policies}", "ユーザーがアプリに同意できます: {policies}"),
    "banned_list": ("custom banned password list enforced ({count} entries)",
                    "カスタム禁止パスワード一覧が強制されています ({count} 件)"),
    "no_banned_list": ("the custom banned password list is not enforced", "カスタム禁止パスワード一覧が強制されていません"),
    "lockout": ("lockout {setting} is {value}", "ロックアウトの {setting} は {value} です"),
    "lockout_bad": ("lockout {setting} is {value} (want {want})", "ロックアウトの {setting} が {value} です ({want} にしてください)"),
    "never_expire": ("passwords never expire on {domains}", "{domains} のパスワードは無期限です"),
    "expiring": ("passwords expire on {domains}", "{domains} のパスワードに有効期限があります"),
    "sms_off": ("SMS and voice sign-in are disabled", "SMS と音声通話によるサインインは無効です"),
    "admins_phone_only": ("privileged users whose only MFA methods are phone-based: {names}",
                          "電話ベースの MFA 方法しか持たない特権ユーザー: {names}"),
    "admins_strong": ("SMS or voice is enabled, but no privileged user relies on it only",
                      "SMS または音声通話は有効ですが、それだけに頼る特権ユーザーはいません"),
    "pim_used": ("{count} eligible privileged role assignments (PIM)", "PIM による特権ロールの資格のある割り当てが {count} 件あります"),
    "pim_unused": ("no privileged role is assigned through PIM eligibility", "PIM の資格のある割り当てで付与された特権ロールがありません"),
    "pim_not_licensed": ("PIM needs Microsoft Entra ID P2, which the tenant lacks", "PIM には Microsoft Entra ID P2 が必要ですが、テナントにありません"),
    "no_stale_users": ("no enabled user unused for {days} days", "{days} 日間使われていない有効なユーザーはいません"),
    "stale_users": ("enabled users without a sign-in for {days} days: {names}",
                    "{days} 日間サインインのない有効なユーザー: {names}"),
    "no_scan_time": ("the scan time is unknown", "スキャン時刻が不明です"),
})


def _verdict(good: bool, setting: str, value: Any) -> Result:
    return MSG.ok("setting", setting=setting, value=value) if good else MSG.fail("setting_bad", setting=setting, value=value)


def _doc(r: Resource, key: str) -> Any:
    """A Graph document of the tenant; unreadable or not licensed makes the check ERROR."""
    value = need(r, key)
    if isinstance(value, dict) and "notLicensed" in value:
        raise NotCollected(key, f"not available in this tenant's licence: {value['notLicensed']}")
    return value


def _enabled_policies(r: Resource) -> list[dict[str, Any]]:
    return [p for p in as_list(_doc(r, "conditionalAccessPolicies")) if p.get("state") == "enabled"]


def _security_defaults(r: Resource) -> bool:
    return bool((_doc(r, "securityDefaults") or {}).get("isEnabled"))


def _cond(p: dict[str, Any], part: str) -> dict[str, Any]:
    return ((p.get("conditions") or {}).get(part)) or {}


def _controls(p: dict[str, Any]) -> set[str]:
    return {lower(c) for c in as_list((p.get("grantControls") or {}).get("builtInControls"))}


def _requires_mfa(p: dict[str, Any]) -> bool:
    return "mfa" in _controls(p) or bool((p.get("grantControls") or {}).get("authenticationStrength"))


def _all_users(p: dict[str, Any]) -> bool:
    return "All" in as_list(_cond(p, "users").get("includeUsers"))


def _all_apps(p: dict[str, Any]) -> bool:
    return "All" in as_list(_cond(p, "applications").get("includeApplications"))


def _admins(p: dict[str, Any]) -> bool:
    return _all_users(p) or GLOBAL_ADMIN in as_list(_cond(p, "users").get("includeRoles"))


def _policy_result(r: Resource, matches: Any, what: str, defaults_cover: bool) -> Result:
    """``what``: the purpose, the suffix of its ``no_policy_*`` message."""
    if defaults_cover and _security_defaults(r):
        return MSG.ok("security_defaults")
    names = [str(p.get("displayName")) for p in _enabled_policies(r) if matches(p)]
    return MSG.ok("policy", names=names) if names else MSG.fail(f"no_policy_{what}")


def _check(check_id: str, severity: Severity, frameworks: dict[str, list[str]], title: dict[str, str],
           description: dict[str, str], remediation: dict[str, str]) -> Any:
    return check(id=check_id, resource_types=TENANT, severity=severity, frameworks=frameworks, title=title,
                 description=description, remediation=remediation)


@_check("azure.entra.security_defaults_or_conditional_access", Severity.HIGH, cis("1.1.1"),
        T("Security defaults or Conditional Access protect sign-ins", "セキュリティの既定値群または条件付きアクセスでサインインを保護している"),
        T("Without either, nothing requires MFA or blocks legacy authentication for the tenant.",
          "どちらもないと、テナントで MFA の要求もレガシー認証のブロックも行われません。"),
        T("Enable security defaults (Entra admin center > Properties > Manage security defaults), or Conditional Access "
          "policies where the tenant has Entra ID P1.",
          "セキュリティの既定値群を有効にするか (Entra 管理センター > プロパティ > セキュリティの既定値群の管理)、P1 があれば条件付きアクセスを構成します。"))
def security_baseline(r: Resource) -> Result:
    if _security_defaults(r):
        return MSG.ok("security_defaults")
    count = len(_enabled_policies(r))
    return MSG.ok("ca_policies", count=count) if count else MSG.fail("no_baseline")


@_check("azure.entra.mfa_required_for_all_users", Severity.HIGH, cis("1.1.3", "1.2.4"),
        T("MFA is required for all users", "すべてのユーザーに MFA が必須"),
        T("A stolen password alone must not be enough to sign in.", "盗まれたパスワードだけでサインインできてはなりません。"),
        T("Create a Conditional Access policy: all users, all cloud apps, grant 'Require multifactor authentication' (or enable "
          "security defaults).",
          "条件付きアクセスポリシー (全ユーザー、全クラウドアプリ、「多要素認証を要求する」) を作成するか、セキュリティの既定値群を有効にします。"))
def mfa_all_users(r: Resource) -> Result:
    return _policy_result(r, lambda p: _all_users(p) and _all_apps(p) and _requires_mfa(p),
                          "mfa_all", True)


@_check("azure.entra.mfa_required_for_admins", Severity.CRITICAL, cis("1.1.2", "1.2.3"),
        T("MFA is required for administrators", "管理者に MFA が必須"),
        T("Administrator accounts are the first target of password spray and phishing.",
          "管理者アカウントはパスワードスプレーやフィッシングの最初の標的です。"),
        T("Create a Conditional Access policy for the directory roles (at least Global Administrator) granting 'Require "
          "multifactor authentication'.", "ディレクトリロール (少なくとも全体管理者) を対象に「多要素認証を要求する」条件付きアクセスポリシーを作成します。"))
def mfa_admins(r: Resource) -> Result:
    return _policy_result(r, lambda p: _admins(p) and _all_apps(p) and _requires_mfa(p),
                          "mfa_admins", True)


@_check("azure.entra.mfa_required_for_azure_management", Severity.HIGH, cis("1.2.6"),
        T("MFA is required for Azure management", "Azure の管理操作に MFA が必須"),
        T("The portal, CLI and ARM API can change every subscription; they need MFA for every user.",
          "ポータル、CLI、ARM API はすべてのサブスクリプションを変更できるため、全ユーザーに MFA が必要です。"),
        T("Create a Conditional Access policy: all users, cloud app 'Windows Azure Service Management API', require MFA.",
          "全ユーザー、クラウドアプリ「Windows Azure Service Management API」で MFA を要求する条件付きアクセスポリシーを作成します。"))
def mfa_azure_management(r: Resource) -> Result:
    def matches(p: dict[str, Any]) -> bool:
        apps = as_list(_cond(p, "applications").get("includeApplications"))
        return _all_users(p) and (_all_apps(p) or AZURE_MANAGEMENT_APP in apps) and _requires_mfa(p)
    return _policy_result(r, matches, "mfa_azure", True)


@_check("azure.entra.legacy_authentication_blocked", Severity.HIGH, {},
        T("Legacy authentication is blocked", "レガシー認証がブロックされている"),
        T("Legacy protocols (IMAP, POP, SMTP AUTH, Exchange ActiveSync) cannot do MFA and carry most password-spray attacks.",
          "レガシープロトコル (IMAP、POP、SMTP AUTH、Exchange ActiveSync) は MFA に対応できず、パスワードスプレー攻撃の大半に使われます。"),
        T("Create a Conditional Access policy: all users, client apps 'Exchange ActiveSync' and 'Other clients', Block access.",
          "全ユーザー、クライアントアプリ「Exchange ActiveSync」「その他のクライアント」でアクセスをブロックする条件付きアクセスポリシーを作成します。"))
def legacy_auth_blocked(r: Resource) -> Result:
    def matches(p: dict[str, Any]) -> bool:
        clients = {lower(c) for c in as_list((p.get("conditions") or {}).get("clientAppTypes"))}
        return _all_users(p) and clients >= LEGACY_CLIENTS and "block" in _controls(p)
    return _policy_result(r, matches, "legacy", True)


def _risk_policy(r: Resource, key: str, answers: set[str], what: str) -> Result:
    def matches(p: dict[str, Any]) -> bool:
        levels = {lower(x) for x in as_list((p.get("conditions") or {}).get(key))}
        answered = bool(_controls(p) & answers) or ("mfa" in answers and _requires_mfa(p))
        return _all_users(p) and bool(levels & {"high", "medium"}) and answered
    return _policy_result(r, matches, what, False)


@_check("azure.entra.sign_in_risk_policy", Severity.MEDIUM, cis("1.2.5"),
        T("Risky sign-ins must pass MFA", "リスクのあるサインインに MFA を要求している"),
        T("Identity Protection flags sign-ins from anonymising networks, leaked credentials or impossible travel.",
          "Identity Protection は匿名ネットワーク、漏えいした資格情報、あり得ない移動からのサインインを検出します。"),
        T("Create a Conditional Access policy: all users, sign-in risk high and medium, require MFA (Entra ID P2).",
          "全ユーザー、サインインのリスク「高」「中」で MFA を要求する条件付きアクセスポリシーを作成します (Entra ID P2)。"))
def sign_in_risk(r: Resource) -> Result:
    return _risk_policy(r, "signInRiskLevels", {"mfa", "block"}, "sign_in_risk")


@_check("azure.entra.user_risk_policy", Severity.MEDIUM, {},
        T("Users at risk must change their password", "リスクのあるユーザーにパスワード変更を要求している"),
        T("A user Identity Protection believes compromised keeps access until the password is changed.",
          "侵害の疑いがあるユーザーは、パスワードを変更するまでアクセスを保持します。"),
        T("Create a Conditional Access policy: all users, user risk high, require password change and MFA (Entra ID P2).",
          "全ユーザー、ユーザーのリスク「高」でパスワード変更と MFA を要求する条件付きアクセスポリシーを作成します (Entra ID P2)。"))
def user_risk(r: Resource) -> Result:
    return _risk_policy(r, "userRiskLevels", {"passwordchange", "block"}, "user_risk")


@_check("azure.entra.mfa_required_to_join_devices", Severity.MEDIUM, cis("1.22"),
        T("MFA is required to register or join devices", "デバイスの登録・参加に MFA が必須"),
        T("A device joined with a stolen password becomes a trusted foothold.", "盗んだパスワードで参加させたデバイスは信頼された足掛かりになります。"),
        T("Create a Conditional Access policy: all users, user action 'Register or join devices', require MFA.",
          "全ユーザー、ユーザー操作「デバイスの登録または参加」で MFA を要求する条件付きアクセスポリシーを作成します。"))
def mfa_join_devices(r: Resource) -> Result:
    def matches(p: dict[str, Any]) -> bool:
        actions = as_list(_cond(p, "applications").get("includeUserActions"))
        return _all_users(p) and "urn:user:registerdevice" in actions and _requires_mfa(p)
    return _policy_result(r, matches, "join_devices", False)


def _users(r: Resource) -> dict[str, dict[str, Any]]:
    return {str(u.get("id")): u for u in as_list(_doc(r, "users"))}


def _privileged(r: Resource) -> dict[str, list[str]]:
    """principal id -> the privileged roles it holds (active assignments)."""
    out: dict[str, list[str]] = {}
    for a in as_list(_doc(r, "roleAssignments")):
        role = PRIVILEGED_ROLES.get(str(a.get("roleDefinitionId")))
        if role:
            out.setdefault(str(a.get("principalId")), []).append(role)
    return out


@_check("azure.entra.global_admins_2_to_4", Severity.MEDIUM, cis(only_v30=("2.26",)),
        T("Between two and four Global Administrators", "全体管理者が 2〜4 人"),
        T("One admin is a single point of failure; more than four widens the most powerful attack surface.",
          "1 人では単一障害点になり、5 人以上では最も強力な攻撃対象が広がります。"),
        T("Assign Global Administrator to 2-4 named (or break-glass) accounts; give others narrower roles.",
          "全体管理者は 2〜4 の名前付き (または緊急用) アカウントに限り、他の人には限定的なロールを割り当てます。"))
def global_admins(r: Resource) -> Result:
    count = sum(1 for a in as_list(_doc(r, "roleAssignments")) if a.get("roleDefinitionId") == GLOBAL_ADMIN)
    return MSG.ok("global_admins", count=count) if 2 <= count <= 4 else MSG.fail("global_admins_out", count=count)


@_check("azure.entra.no_guest_privileged_roles", Severity.HIGH, {},
        T("No guest holds a privileged directory role", "ゲストが特権ディレクトリロールを持っていない"),
        T("A guest's account is governed by another organisation: its password and MFA are outside your control.",
          "ゲストのアカウントは他組織の管理下にあり、そのパスワードや MFA を制御できません。"),
        T("Remove the role from the guest, or create a member account for the person.",
          "ゲストからロールを外すか、その人にメンバーアカウントを作成します。"))
def no_guest_admins(r: Resource) -> Result:
    users = _users(r)
    guests = sorted(str(users[p].get("userPrincipalName")) for p in _privileged(r)
                    if p in users and lower(users[p].get("userType")) == "guest")
    return MSG.fail("guest_admins", names=guests) if guests else MSG.ok("no_guest_admins")


@_check("azure.entra.privileged_users_mfa_registered", Severity.HIGH, cis("1.1.2"),
        T("Every privileged user has registered MFA", "すべての特権ユーザーが MFA を登録している"),
        T("A policy requiring MFA cannot protect an admin who never registered a method: the first sign-in registers one.",
          "方法を登録していない管理者は、MFA 必須のポリシーがあっても最初のサインインで攻撃者に登録されるおそれがあります。"),
        T("Have each listed user register a strong method (Authenticator, FIDO2) at https://aka.ms/mysecurityinfo.",
          "一覧のユーザーに https://aka.ms/mysecurityinfo で強力な方法 (Authenticator、FIDO2) を登録させます。"))
def admins_mfa_registered(r: Resource) -> Result:
    details = [d for d in as_list(_doc(r, "userRegistrationDetails")) if d.get("isAdmin")]
    missing = sorted(str(d.get("userPrincipalName")) for d in details if not d.get("isMfaRegistered"))
    return MSG.fail("admins_no_mfa", names=missing) if missing else MSG.ok("admins_mfa", count=len(details))


@_check("azure.entra.no_phone_only_mfa_for_admins", Severity.MEDIUM, {},
        T("Administrators do not rely on SMS or voice for MFA", "管理者が SMS や音声通話だけの MFA に頼っていない"),
        T("SMS and voice codes can be intercepted by SIM swap and phishing relays.",
          "SMS や音声のコードは SIM スワップやフィッシング中継で奪われます。"),
        T("Disable SMS and Voice in Authentication methods > Policies, or have the admins register Authenticator or FIDO2.",
          "認証方法 > ポリシーで SMS と音声通話を無効にするか、管理者に Authenticator または FIDO2 を登録させます。"))
def no_phone_only_admins(r: Resource) -> Result:
    methods = as_list((_doc(r, "authenticationMethodsPolicy") or {}).get("authenticationMethodConfigurations"))
    phone_on = [m for m in methods if lower(m.get("id")) in ("sms", "voice") and lower(m.get("state")) == "enabled"]
    if not phone_on:
        return MSG.ok("sms_off")
    phone = {"mobilephone", "alternatemobilephone", "officephone"}
    weak = sorted(str(d.get("userPrincipalName")) for d in as_list(_doc(r, "userRegistrationDetails"))
                  if d.get("isAdmin") and d.get("methodsRegistered")
                  and {lower(m) for m in d["methodsRegistered"]} <= phone | {"email"})
    return MSG.fail("admins_phone_only", names=weak) if weak else MSG.ok("admins_strong")


@_check("azure.entra.pim_used_for_privileged_roles", Severity.MEDIUM, {},
        T("Privileged roles are granted just in time (PIM)", "特権ロールを PIM で必要な時だけ付与している"),
        T("Standing admin rights are exposed all the time; PIM eligibility activates them only when needed, with approval and MFA.",
          "常時付与の管理者権限は常に狙われます。PIM の資格のある割り当てなら必要時のみ、承認と MFA 付きで有効化されます。"),
        T("In Privileged Identity Management, convert permanent privileged assignments to eligible ones (Entra ID P2).",
          "Privileged Identity Management で特権ロールの永続的な割り当てを資格のある割り当てに変更します (Entra ID P2)。"))
def pim_used(r: Resource) -> Result:
    schedules = need(r, "roleEligibilitySchedules")
    if isinstance(schedules, dict) and "notLicensed" in schedules:
        return MSG.ok("pim_not_licensed")
    eligible = [s for s in as_list(_doc(r, "roleEligibilitySchedules")) if str(s.get("roleDefinitionId")) in PRIVILEGED_ROLES]
    return MSG.ok("pim_used", count=len(eligible)) if eligible else MSG.fail("pim_unused")


def _authorization(r: Resource) -> dict[str, Any]:
    return _doc(r, "authorizationPolicy") or {}


def _default_permission(r: Resource, key: str) -> bool:
    # Omitted means the Entra default, which is "allowed" for each of these.
    value = (_authorization(r).get("defaultUserRolePermissions") or {}).get(key)
    return True if value is None else bool(value)


def _permission_check(check_id: str, key: str, setting: str, frameworks: dict[str, list[str]],
                      title: dict[str, str], description: dict[str, str], remediation: dict[str, str]) -> None:
    @_check(check_id, Severity.MEDIUM, frameworks, title, description, remediation)
    def evaluate(r: Resource) -> Result:
        allowed = _default_permission(r, key)
        if allowed:
            return MSG.fail(f"perm_{key}", setting=setting, value="Yes")
        return MSG.ok("setting", setting=setting, value="No")


_permission_check(
    "azure.entra.users_cannot_register_apps", "allowedToCreateApps", "Users can register applications", cis("1.14"),
    T("Users cannot register applications", "ユーザーがアプリケーションを登録できない"),
    T("Any user could otherwise create an app, ask colleagues to consent to it and read their mail or files.",
      "そうでないと、誰でもアプリを作って同僚に同意させ、メールやファイルを読めます。"),
    T("Entra admin center > Users > User settings: set 'Users can register applications' to No.",
      "Entra 管理センター > ユーザー > ユーザー設定で「ユーザーはアプリケーションを登録できる」を「いいえ」にします。"))
_permission_check(
    "azure.entra.users_cannot_create_tenants", "allowedToCreateTenants", "Users can create tenants", cis("1.3"),
    T("Users cannot create Entra ID tenants", "ユーザーが Entra ID テナントを作成できない"),
    T("A tenant a user creates is outside the organisation's governance, with that user as its Global Administrator.",
      "ユーザーが作成したテナントは組織の統制外で、そのユーザーが全体管理者になります。"),
    T("Entra admin center > Users > User settings: set 'Restrict non-admin users from creating tenants' to Yes.",
      "Entra 管理センター > ユーザー > ユーザー設定で「管理者以外のユーザーによるテナント作成を制限する」を「はい」にします。"))
_permission_check(
    "azure.entra.users_cannot_create_security_groups", "allowedToCreateSecurityGroups", "Users can create security groups",
    cis("1.19"),
    T("Users cannot create security groups", "ユーザーがセキュリティグループを作成できない"),
    T("Self-made security groups grow unreviewed and end up granting access.", "自作のセキュリティグループはレビューされずに増え、アクセス付与に使われます。"),
    T("Entra admin center > Groups > General: set 'Users can create security groups' to No.",
      "Entra 管理センター > グループ > 全般で「ユーザーはセキュリティ グループを作成できる」を「いいえ」にします。"))


@_check("azure.entra.user_consent_disabled", Severity.HIGH, cis("1.12", "1.13"),
        T("Users cannot consent to applications", "ユーザーがアプリケーションに同意できない"),
        T("Consent phishing tricks users into granting an attacker's app access to their data.",
          "同意フィッシングはユーザーをだまし、攻撃者のアプリにデータへのアクセスを許可させます。"),
        T("Enterprise applications > Consent and permissions: select 'Do not allow user consent' and use the admin consent workflow.",
          "エンタープライズ アプリケーション > 同意とアクセス許可で「ユーザーの同意を許可しない」を選び、管理者の同意ワークフローを使います。"))
def user_consent(r: Resource) -> Result:
    policies = [str(p) for p in as_list((_authorization(r).get("defaultUserRolePermissions") or {})
                                         .get("permissionGrantPoliciesAssigned"))
                if str(p).startswith("ManagePermissionGrantsForSelf.")]
    return MSG.fail("consent_allowed", policies=policies) if policies else MSG.ok("consent_none")


@_check("azure.entra.guest_invites_restricted", Severity.MEDIUM, cis("1.16"),
        T("Only admins and Guest Inviters can invite guests", "ゲストを招待できるのは管理者とゲスト招待元のみ"),
        T("When everyone can invite, outsiders get accounts without any review.", "誰でも招待できると、外部の人がレビューなしにアカウントを得ます。"),
        T("External Identities > External collaboration settings: 'Only users assigned to specific admin roles can invite'.",
          "外部 ID > 外部コラボレーションの設定で「特定の管理者ロールに割り当てられたユーザーのみ招待できる」を選びます。"))
def guest_invites(r: Resource) -> Result:
    value = str(_authorization(r).get("allowInvitesFrom") or "everyone")
    return _verdict(lower(value) in ("none", "adminsandguestinviters"), "allowInvitesFrom", value)


@_check("azure.entra.guest_access_restricted", Severity.MEDIUM, cis("1.15"),
        T("Guests can see only their own directory objects", "ゲストが自分のディレクトリオブジェクトのみ参照できる"),
        T("With member-like access a guest can enumerate every user, group and app of the tenant.",
          "メンバー同等のアクセスでは、ゲストがテナントの全ユーザー、グループ、アプリを列挙できます。"),
        T("External collaboration settings: 'Guest user access is restricted to properties and memberships of their own "
          "directory objects'.",
          "外部コラボレーションの設定で「ゲスト ユーザーのアクセスは、自分のディレクトリ オブジェクトの"
          "プロパティとメンバーシップに制限されます」を選びます。"))
def guest_access(r: Resource) -> Result:
    role = lower(_authorization(r).get("guestUserRoleId") or "10dae51f-b6af-4016-8d66-8c2a99b929b3")
    names = {"2af84b1e-32c8-42b7-82bc-daa82404023b": "restricted", "10dae51f-b6af-4016-8d66-8c2a99b929b3": "limited",
             "a0b1b346-4d3e-4e8b-98f8-753987be4970": "same as members"}
    return _verdict(role == "2af84b1e-32c8-42b7-82bc-daa82404023b", "guest user access", names.get(role, role))


def _flag_check(check_id: str, key: str, want: bool, default: bool, frameworks: dict[str, list[str]],
                title: dict[str, str], description: dict[str, str], remediation: dict[str, str]) -> None:
    @_check(check_id, Severity.LOW, frameworks, title, description, remediation)
    def evaluate(r: Resource) -> Result:
        raw = _authorization(r).get(key)
        value = default if raw is None else bool(raw)
        return _verdict(value is want, key, value)


_flag_check("azure.entra.email_verified_users_cannot_join", "allowEmailVerifiedUsersToJoinOrganization", False, True, {},
            T("Users cannot join the tenant by email verification alone", "メール確認だけでテナントに参加できない"),
            T("Self-service sign-up lets anyone with a mailbox on your domain create an unmanaged account.",
              "セルフサービスのサインアップでは、ドメインのメールボックスを持つ誰もが管理外のアカウントを作れます。"),
            T("Update-MgPolicyAuthorizationPolicy -AllowEmailVerifiedUsersToJoinOrganization:$false",
              "Update-MgPolicyAuthorizationPolicy -AllowEmailVerifiedUsersToJoinOrganization:$false を実行します。"))
_flag_check("azure.entra.msol_powershell_blocked", "blockMsolPowerShell", True, False, {},
            T("The legacy MSOnline PowerShell endpoint is blocked", "レガシーの MSOnline PowerShell エンドポイントがブロックされている"),
            T("MSOnline is retired and bypasses modern Graph permission scoping.",
              "MSOnline は廃止済みで、Graph の最新の権限範囲を迂回します。"),
            T("Update-MgPolicyAuthorizationPolicy -BlockMsolPowerShell:$true",
              "Update-MgPolicyAuthorizationPolicy -BlockMsolPowerShell:$true を実行します。"))


def _setting(r: Resource, template: str, name: str) -> str | None:
    """A directory setting value (``groupSettings``), None when the tenant keeps the template default."""
    for s in as_list(_doc(r, "groupSettings")):
        if lower(s.get("displayName")) == template.lower():
            for v in as_list(s.get("values")):
                if lower(v.get("name")) == name.lower():
                    return str(v.get("value"))
    return None


@_check("azure.entra.users_cannot_create_m365_groups", Severity.LOW, cis("1.21"),
        T("Users cannot create Microsoft 365 groups", "ユーザーが Microsoft 365 グループを作成できない"),
        T("Each self-made group brings a mailbox, a SharePoint site and a Team outside governance.",
          "自作のグループごとにメールボックス、SharePoint サイト、Team が統制外で作られます。"),
        T("Groups > General: set 'Users can create Microsoft 365 groups' to No (Group.Unified EnableGroupCreation=false).",
          "グループ > 全般で「ユーザーは Microsoft 365 グループを作成できる」を「いいえ」にします (Group.Unified の EnableGroupCreation=false)。"))
def m365_groups(r: Resource) -> Result:
    value = _setting(r, "Group.Unified", "EnableGroupCreation") or "true"  # the template default
    return _verdict(lower(value) == "false", "EnableGroupCreation", value)


@_check("azure.entra.custom_banned_passwords_enforced", Severity.MEDIUM, cis("1.8"),
        T("A custom banned password list is enforced", "カスタム禁止パスワード一覧が強制されている"),
        T("Company names, products and places are the first guesses of a password spray.",
          "社名、製品名、地名はパスワードスプレーで最初に試される語です。"),
        T("Authentication methods > Password protection: Enforce custom list = Yes, and add your organisation's terms.",
          "認証方法 > パスワード保護で「カスタム リストの適用」を「はい」にし、組織固有の語を登録します。"))
def banned_passwords(r: Resource) -> Result:
    enforced = lower(_setting(r, "Password Rule Settings", "EnableBannedPasswordCheck") or "false") == "true"
    words = [w for w in (_setting(r, "Password Rule Settings", "BannedPasswordList") or "").split("\t") if w.strip()]
    return MSG.ok("banned_list", count=len(words)) if enforced and words else MSG.fail("no_banned_list")


@_check("azure.entra.lockout_threshold_at_most_10", Severity.LOW, cis("1.6"),
        T("Smart lockout threshold is 10 or fewer", "スマートロックアウトのしきい値が 10 回以下"),
        T("A high threshold gives password guessing more attempts per account.", "しきい値が高いと、アカウントごとの推測回数が増えます。"),
        T("Authentication methods > Password protection: Lockout threshold = 10 or fewer.",
          "認証方法 > パスワード保護で「ロックアウトのしきい値」を 10 以下にします。"))
def lockout_threshold(r: Resource) -> Result:
    value = int(_setting(r, "Password Rule Settings", "LockoutThreshold") or 10)
    if value <= 10:
        return MSG.ok("lockout", setting="threshold", value=value)
    return MSG.fail("lockout_bad", setting="threshold", value=value, want="10 or fewer")


@_check("azure.entra.lockout_duration_at_least_60", Severity.LOW, cis("1.7"),
        T("Smart lockout lasts at least 60 seconds", "スマートロックアウトの期間が 60 秒以上"),
        T("A short lockout lets guessing resume almost at once.", "ロックアウトが短いと、推測がすぐに再開されます。"),
        T("Authentication methods > Password protection: Lockout duration in seconds = 60 or more.",
          "認証方法 > パスワード保護で「ロックアウト期間 (秒)」を 60 以上にします。"))
def lockout_duration(r: Resource) -> Result:
    value = int(_setting(r, "Password Rule Settings", "LockoutDurationInSeconds") or 60)
    if value >= 60:
        return MSG.ok("lockout", setting="duration", value=value)
    return MSG.fail("lockout_bad", setting="duration", value=value, want="60 or more")


NEVER = 2147483647  # passwordValidityPeriodInDays of a domain whose passwords never expire


@_check("azure.entra.passwords_do_not_expire", Severity.LOW, {},
        T("Passwords are not forced to expire", "パスワードの有効期限を強制していない"),
        T("Forced periodic changes lead to predictable passwords (NIST SP 800-63B, Microsoft guidance); MFA and banned lists "
          "protect better.", "定期変更の強制は推測しやすいパスワードを招きます (NIST SP 800-63B、Microsoft の推奨)。MFA と禁止一覧の方が有効です。"),
        T("Microsoft 365 admin center > Settings > Org settings > Password expiration policy: never expire.",
          "Microsoft 365 管理センター > 設定 > 組織設定 > パスワードの有効期限ポリシーで無期限にします。"))
def passwords_never_expire(r: Resource) -> Result:
    domains = [d for d in as_list(_doc(r, "domains")) if d.get("isVerified")]
    expiring = sorted(str(d.get("id")) for d in domains
                      if d.get("passwordValidityPeriodInDays") not in (None, NEVER) and lower(d.get("authenticationType")) != "federated")
    return MSG.fail("expiring", domains=expiring) if expiring else MSG.ok("never_expire", domains=[str(d.get("id")) for d in domains])


STALE_DAYS = 90


@check(id="azure.entra.no_stale_users", resource_types=TENANT, severity=Severity.MEDIUM, needs_inventory=True,
       title=T("No enabled user is unused for 90 days", "90 日間使われていない有効なユーザーがいない"),
       description=T("Dormant accounts keep their access and nobody notices when they are taken over.",
                     "休眠アカウントはアクセス権を保ったままで、乗っ取られても誰も気付きません。"),
       remediation=T("Disable or delete the listed accounts (or review them with an access review).",
                     "一覧のアカウントを無効化または削除します (アクセス レビューで確認します)。"))
def no_stale_users(r: Resource, inventory: Any = None) -> Result:
    from datetime import timedelta

    now = getattr(inventory, "now", None)
    if now is None:
        return MSG.error("no_scan_time")
    if "signInActivity" in r.data:  # users were read without sign-in activity: ERROR naming AuditLog.Read.All
        need(r, "signInActivity")
    cutoff = now - timedelta(days=STALE_DAYS)

    stale = []
    for u in _users(r).values():
        if not u.get("accountEnabled", True):
            continue
        activity = u.get("signInActivity") or {}
        last = max((t for t in (iso_time(activity.get("lastSignInDateTime")),
                                iso_time(activity.get("lastNonInteractiveSignInDateTime"))) if t), default=None)
        created = iso_time(u.get("createdDateTime"))
        if (last or created) and (last or created) < cutoff:  # type: ignore[operator]
            stale.append(str(u.get("userPrincipalName")))
    return MSG.fail("stale_users", days=STALE_DAYS, names=sorted(stale)) if stale else MSG.ok("no_stale_users", days=STALE_DAYS)
