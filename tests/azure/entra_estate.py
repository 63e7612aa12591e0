"""Microsoft Graph v1.0 documents of four Entra ID tenants, as Graph answers them.

Shapes follow the v1.0 reference (identitySecurityDefaultsEnforcementPolicy, conditionalAccessPolicy,
authorizationPolicy, authenticationMethodsPolicy with its configurations, unifiedRoleAssignment,
unifiedRoleEligibilitySchedule, userRegistrationDetails, directorySetting, domain, user with
signInActivity, application / servicePrincipal with password and key credentials): properties a
tenant never set are omitted, ``secretText`` and ``key`` come back null.

``good``    every control in place (CA policies, restricted guests, no user consent, PIM, ...)
``bad``     the defaults and worse: no CA, security defaults off, SMS for everyone, 6 Global
            Administrators incl. a guest, a stale user, a two-year app secret, a disabled SP with keys
``denied``  the app registration has no Graph permission: every read answers 403
``free``    no Entra ID P1/P2: the reports and PIM answer "non-premium tenant"; sign-in activity
            cannot be selected on users, so users are read without it
"""

from __future__ import annotations

import uuid
from typing import Any

GOOD, BAD, DENIED, FREE = ("aaaaaaaa-0000-0000-0000-00000000000a", "bbbbbbbb-0000-0000-0000-00000000000b",
                           "dddddddd-0000-0000-0000-00000000000d", "ffffffff-0000-0000-0000-00000000000f")
GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"
SECURITY_ADMIN = "194ae4cb-b126-40b2-bd5b-6091b380977d"
USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1"
AZURE_MANAGEMENT = "797f4846-ba00-4fd7-ba43-dac1f8f63013"
RESTRICTED_GUEST = "2af84b1e-32c8-42b7-82bc-daa82404023b"
MEMBER_LIKE_GUEST = "a0b1b346-4d3e-4e8b-98f8-753987be4970"
PATHS = ("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy", "/v1.0/identity/conditionalAccess/policies",
         "/v1.0/policies/authorizationPolicy", "/v1.0/policies/authenticationMethodsPolicy",
         "/v1.0/roleManagement/directory/roleAssignments", "/v1.0/roleManagement/directory/roleEligibilitySchedules",
         "/v1.0/reports/authenticationMethods/userRegistrationDetails", "/v1.0/groupSettings", "/v1.0/domains",
         "/v1.0/users", "/v1.0/applications", "/v1.0/servicePrincipals")


def _uid(tenant: str, n: int) -> str:
    return f"{tenant[:8]}-1111-4000-8000-{n:012d}"


def _user(tenant: str, n: int, name: str, *, guest: bool = False, last: str | None = "2026-11-25T08:00:00Z",
          created: str = "2024-04-01T00:00:00Z", enabled: bool = True) -> dict[str, Any]:
    domain = "good.example" if tenant == GOOD else "bad.example"
    upn = f"{name}_partner.example#EXT#@{domain}" if guest else f"{name}@{domain}"
    doc: dict[str, Any] = {"id": _uid(tenant, n), "displayName": name, "userPrincipalName": upn,
                           "userType": "Guest" if guest else "Member", "accountEnabled": enabled,
                           "createdDateTime": created}
    if last:
        doc["signInActivity"] = {"lastSignInDateTime": last, "lastSignInRequestId": f"req-{n}",
                                 "lastNonInteractiveSignInDateTime": last, "lastNonInteractiveSignInRequestId": f"req-{n}"}
    return doc


def _ca(name: str, state: str = "enabled", users: dict[str, Any] | None = None, apps: list[str] | None = None,
        controls: list[str] | None = None, client_apps: list[str] | None = None, sign_in_risk: list[str] | None = None,
        user_risk: list[str] | None = None, user_actions: list[str] | None = None, operator: str = "OR") -> dict[str, Any]:
    return {
        "id": f"ca-{name.lower().replace(' ', '-')}", "displayName": name, "state": state,
        "createdDateTime": "2025-02-01T00:00:00Z", "templateId": None,
        "conditions": {
            "userRiskLevels": user_risk or [], "signInRiskLevels": sign_in_risk or [],
            "clientAppTypes": client_apps or ["all"], "platforms": None, "locations": None, "devices": None,
            "applications": {"includeApplications": [] if user_actions else (apps or ["All"]), "excludeApplications": [],
                             "includeUserActions": user_actions or [], "includeAuthenticationContextClassReferences": []},
            "users": {"includeUsers": [], "excludeUsers": [], "includeGroups": [], "excludeGroups": ["breakglass-group"],
                      "includeRoles": [], "excludeRoles": [], **(users or {"includeUsers": ["All"]})},
        },
        "grantControls": {"operator": operator, "builtInControls": controls or ["mfa"], "customAuthenticationFactors": [],
                          "termsOfUse": []},
        "sessionControls": None,
    }


def _method(kind: str, mid: str, state: str, **extra: Any) -> dict[str, Any]:
    return {"@odata.type": f"#microsoft.graph.{kind}AuthenticationMethodConfiguration", "id": mid, "state": state,
            "excludeTargets": [], **extra,
            "includeTargets": [{"targetType": "group", "id": "all_users", "isRegistrationRequired": False}]}


def _registration(user: dict[str, Any], admin: bool, mfa: bool, methods: list[str]) -> dict[str, Any]:
    return {"id": user["id"], "userPrincipalName": user["userPrincipalName"], "userDisplayName": user["displayName"],
            "userType": user["userType"].lower(), "isAdmin": admin, "isMfaRegistered": mfa, "isMfaCapable": mfa,
            "isSsprRegistered": mfa, "isSsprEnabled": True, "isSsprCapable": mfa, "isPasswordlessCapable": False,
            "isSystemPreferredAuthenticationMethodEnabled": True, "methodsRegistered": methods,
            "defaultMfaMethod": "microsoftAuthenticatorPush" if "microsoftAuthenticatorPush" in methods else "none",
            "lastUpdatedDateTime": "2026-11-30T02:00:00Z"}


def _assignment(tenant: str, n: int, principal: str, role: str) -> dict[str, Any]:
    return {"id": f"ra-{tenant[:4]}-{n}", "principalId": principal, "roleDefinitionId": role, "directoryScopeId": "/"}


def _key_id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _secret(name: str, start: str, end: str) -> dict[str, Any]:
    return {"customKeyIdentifier": None, "displayName": name, "endDateTime": end, "hint": "Q~x",
            "keyId": _key_id(f"secret-{name}"), "secretText": None, "startDateTime": start}


def _cert(name: str, start: str, end: str) -> dict[str, Any]:
    return {"customKeyIdentifier": "QTFCMkMzRDQ=", "displayName": f"CN={name}", "endDateTime": end, "key": None,
            "keyId": _key_id(f"cert-{name}"), "startDateTime": start, "type": "AsymmetricX509Cert", "usage": "Verify"}


def _app(tenant: str, n: int, name: str, secrets: list[dict[str, Any]], certs: list[dict[str, Any]] | None = None,
         **extra: Any) -> dict[str, Any]:
    return {"id": f"{tenant[:8]}-2222-4000-8000-{n:012d}", "appId": f"{tenant[:8]}-3333-4000-8000-{n:012d}",
            "displayName": name, "createdDateTime": "2025-01-10T00:00:00Z", "passwordCredentials": secrets,
            "keyCredentials": certs or [], **extra}


def good() -> dict[str, Any]:
    t = GOOD
    users = [_user(t, 1, "admin1"), _user(t, 2, "admin2"), _user(t, 3, "admin3"), _user(t, 4, "dev"),
             _user(t, 5, "vendor", guest=True), _user(t, 6, "new-hire", last=None, created="2026-11-20T00:00:00Z")]
    return {
        "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy": {
            "id": "00000000-0000-0000-0000-000000000005", "displayName": "Security Defaults",
            "description": "Security defaults is a set of basic identity security mechanisms recommended by Microsoft.",
            "isEnabled": False},
        "/v1.0/identity/conditionalAccess/policies": [
            _ca("Require MFA for all users"), _ca("Block legacy authentication", client_apps=["exchangeActiveSync", "other"],
                                                  controls=["block"]),
            _ca("Risky sign-ins need MFA", sign_in_risk=["high", "medium"]),
            _ca("Risky users change password", user_risk=["high"], controls=["mfa", "passwordChange"], operator="AND"),
            _ca("MFA to register devices", user_actions=["urn:user:registerdevice"])],
        "/v1.0/policies/authorizationPolicy": {
            "id": "authorizationPolicy", "displayName": "Authorization Policy",
            "description": "Used to manage authorization related settings across the company.",
            "allowInvitesFrom": "adminsAndGuestInviters", "allowedToSignUpEmailBasedSubscriptions": False,
            "allowedToUseSSPR": True, "allowEmailVerifiedUsersToJoinOrganization": False, "blockMsolPowerShell": True,
            "guestUserRoleId": RESTRICTED_GUEST,
            "defaultUserRolePermissions": {"allowedToCreateApps": False, "allowedToCreateSecurityGroups": False,
                                           "allowedToCreateTenants": False, "allowedToReadBitlockerKeysForOwnedDevice": True,
                                           "allowedToReadOtherUsers": True, "permissionGrantPoliciesAssigned": []}},
        "/v1.0/policies/authenticationMethodsPolicy": {
            "id": "authenticationMethodsPolicy", "displayName": "Authentication Methods Policy",
            "description": "The tenant-wide policy that controls which authentication methods are allowed in the tenant.",
            "lastModifiedDateTime": "2026-06-01T00:00:00Z", "policyVersion": "1.5",
            "registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
                "snoozeDurationInDays": 1, "state": "enabled", "excludeTargets": [], "includeTargets": []}},
            "authenticationMethodConfigurations": [
                _method("sms", "Sms", "disabled"), _method("voice", "Voice", "disabled", isOfficePhoneAllowed=False),
                _method("microsoftAuthenticator", "MicrosoftAuthenticator", "enabled", isSoftwareOathEnabled=False)]},
        "/v1.0/roleManagement/directory/roleAssignments": [
            _assignment(t, 1, users[0]["id"], GLOBAL_ADMIN), _assignment(t, 2, users[1]["id"], GLOBAL_ADMIN),
            _assignment(t, 3, users[2]["id"], SECURITY_ADMIN)],
        "/v1.0/roleManagement/directory/roleEligibilitySchedules": [{
            "id": "res-good-1", "principalId": users[2]["id"], "roleDefinitionId": GLOBAL_ADMIN, "directoryScopeId": "/",
            "memberType": "Direct", "status": "Provisioned", "createdUsing": "res-good-1",
            "createdDateTime": "2025-03-01T00:00:00Z",
            "scheduleInfo": {"startDateTime": "2025-03-01T00:00:00Z", "recurrence": None,
                             "expiration": {"type": "noExpiration", "endDateTime": None, "duration": None}}}],
        "/v1.0/reports/authenticationMethods/userRegistrationDetails": [
            _registration(users[0], True, True, ["microsoftAuthenticatorPush", "fido2"]),
            _registration(users[1], True, True, ["microsoftAuthenticatorPush"]),
            _registration(users[2], True, True, ["fido2"]), _registration(users[3], False, True, ["mobilePhone"])],
        "/v1.0/groupSettings": [
            {"id": "gs-password", "displayName": "Password Rule Settings", "templateId": "5cf42378-d67d-4f36-ba46-e8b86229381d",
             "values": [{"name": "BannedPasswordCheckOnPremisesMode", "value": "Enforce"},
                        {"name": "EnableBannedPasswordCheckOnPremises", "value": "True"},
                        {"name": "EnableBannedPasswordCheck", "value": "True"},
                        {"name": "LockoutDurationInSeconds", "value": "60"}, {"name": "LockoutThreshold", "value": "10"},
                        {"name": "BannedPasswordList", "value": "goodcorp\tgood2026"}]},
            {"id": "gs-unified", "displayName": "Group.Unified", "templateId": "62375ab9-6b52-47ed-826b-58e47e0e304b",
             "values": [{"name": "EnableGroupCreation", "value": "false"}, {"name": "GroupCreationAllowedGroupId", "value": ""},
                        {"name": "AllowGuestsToAccessGroups", "value": "true"}]}],
        "/v1.0/domains": [{"id": "good.example", "authenticationType": "Managed", "isAdminManaged": True, "isDefault": True,
                           "isInitial": False, "isRoot": True, "isVerified": True, "passwordNotificationWindowInDays": 14,
                           "passwordValidityPeriodInDays": 2147483647, "supportedServices": ["Email", "OfficeCommunicationsOnline"]}],
        "/v1.0/users": users,
        "/v1.0/applications": [_app(t, 1, "good-app", [_secret("ci", "2026-06-01T00:00:00Z", "2027-05-31T00:00:00Z")]),
                               _app(t, 2, "good-cert-app", [], [_cert("good-cert-app", "2026-01-01T00:00:00Z",
                                                                      "2027-01-01T00:00:00Z")])],
        "/v1.0/servicePrincipals": [
            _app(t, 1, "good-app", [], accountEnabled=True, servicePrincipalType="Application", appOwnerOrganizationId=t),
            _app(t, 3, "good-automation", [], [_cert("good-automation", "2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z")],
                 accountEnabled=True, servicePrincipalType="Application", appOwnerOrganizationId=t)],
    }


def bad() -> dict[str, Any]:
    t = BAD
    users = [_user(t, n, f"admin{n}") for n in range(1, 6)] + [
        _user(t, 6, "contractor", guest=True), _user(t, 7, "left-company", last="2026-01-15T00:00:00Z"),
        _user(t, 8, "never-used", last=None, created="2025-02-01T00:00:00Z")]
    return {
        "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy": {
            "id": "00000000-0000-0000-0000-000000000005", "displayName": "Security Defaults",
            "description": "Security defaults is a set of basic identity security mechanisms recommended by Microsoft.",
            "isEnabled": False},
        "/v1.0/identity/conditionalAccess/policies": [
            _ca("MFA pilot", state="enabledForReportingButNotEnforced"),
            _ca("Admins MFA (off)", state="disabled", users={"includeRoles": [GLOBAL_ADMIN]})],
        "/v1.0/policies/authorizationPolicy": {
            "id": "authorizationPolicy", "displayName": "Authorization Policy",
            "description": "Used to manage authorization related settings across the company.",
            "allowInvitesFrom": "everyone", "allowedToSignUpEmailBasedSubscriptions": True, "allowedToUseSSPR": True,
            "allowEmailVerifiedUsersToJoinOrganization": True, "blockMsolPowerShell": False,
            "guestUserRoleId": MEMBER_LIKE_GUEST,
            "defaultUserRolePermissions": {"allowedToCreateApps": True, "allowedToCreateSecurityGroups": True,
                                           "allowedToReadBitlockerKeysForOwnedDevice": True, "allowedToReadOtherUsers": True,
                                           "permissionGrantPoliciesAssigned": [
                                               "ManagePermissionGrantsForSelf.microsoft-user-default-legacy",
                                               "ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team"]}},
        "/v1.0/policies/authenticationMethodsPolicy": {
            "id": "authenticationMethodsPolicy", "displayName": "Authentication Methods Policy",
            "description": "The tenant-wide policy that controls which authentication methods are allowed in the tenant.",
            "lastModifiedDateTime": "2024-01-01T00:00:00Z", "policyVersion": "1.5",
            "authenticationMethodConfigurations": [
                _method("sms", "Sms", "enabled"), _method("voice", "Voice", "enabled", isOfficePhoneAllowed=True)]},
        "/v1.0/roleManagement/directory/roleAssignments": [
            *(_assignment(t, n, users[n - 1]["id"], GLOBAL_ADMIN) for n in range(1, 6)),
            _assignment(t, 6, users[5]["id"], GLOBAL_ADMIN), _assignment(t, 7, users[6]["id"], USER_ADMIN)],
        "/v1.0/roleManagement/directory/roleEligibilitySchedules": [],
        "/v1.0/reports/authenticationMethods/userRegistrationDetails": [
            _registration(users[0], True, True, ["microsoftAuthenticatorPush"]),
            _registration(users[1], True, False, []), _registration(users[2], True, True, ["mobilePhone"]),
            _registration(users[3], True, True, ["mobilePhone", "officePhone"]),
            _registration(users[4], True, True, ["microsoftAuthenticatorPush"]),
            _registration(users[5], True, False, []), _registration(users[6], True, True, ["email", "mobilePhone"])],
        "/v1.0/groupSettings": [
            {"id": "gs-password", "displayName": "Password Rule Settings", "templateId": "5cf42378-d67d-4f36-ba46-e8b86229381d",
             "values": [{"name": "BannedPasswordCheckOnPremisesMode", "value": "Audit"},
                        {"name": "EnableBannedPasswordCheckOnPremises", "value": "False"},
                        {"name": "EnableBannedPasswordCheck", "value": "False"},
                        {"name": "LockoutDurationInSeconds", "value": "30"}, {"name": "LockoutThreshold", "value": "50"},
                        {"name": "BannedPasswordList", "value": ""}]}],
        "/v1.0/domains": [{"id": "bad.example", "authenticationType": "Managed", "isAdminManaged": True, "isDefault": True,
                           "isInitial": False, "isRoot": True, "isVerified": True, "passwordNotificationWindowInDays": 14,
                           "passwordValidityPeriodInDays": 90, "supportedServices": ["Email"]}],
        "/v1.0/users": users,
        "/v1.0/applications": [_app(t, 1, "bad-app", [_secret("forever", "2025-01-10T00:00:00Z", "2027-01-10T00:00:00Z"),
                                                      _secret("old", "2024-01-10T00:00:00Z", "2025-01-09T00:00:00Z")])],
        "/v1.0/servicePrincipals": [
            _app(t, 1, "bad-app", [], accountEnabled=True, servicePrincipalType="Application", appOwnerOrganizationId=t),
            _app(t, 2, "bad-retired-sp", [_secret("left", "2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z")],
                 accountEnabled=False, servicePrincipalType="Application", appOwnerOrganizationId=t),
            _app(t, 3, "bad-expired-sp", [], [_cert("bad-expired-sp", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")],
                 accountEnabled=True, servicePrincipalType="Application", appOwnerOrganizationId=t)],
    }


def free() -> dict[str, Any]:
    """A tenant on Entra ID Free: security defaults on, no CA, no reports, no PIM, a 3-admin directory."""
    t = FREE
    docs = good()
    users = [{k: v for k, v in u.items() if k != "signInActivity"} for u in docs["/v1.0/users"]]
    docs.update({
        "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy": {**docs["/v1.0/policies/identitySecurityDefaultsEnforcementPolicy"],
                                                                    "isEnabled": True},
        "/v1.0/identity/conditionalAccess/policies": [],
        "/v1.0/users": [{**u, "id": u["id"].replace(GOOD[:8], t[:8])} for u in users],
        "/v1.0/applications": [], "/v1.0/servicePrincipals": []})
    docs["/v1.0/roleManagement/directory/roleAssignments"] = [
        {**a, "principalId": a["principalId"].replace(GOOD[:8], t[:8])} for a in docs["/v1.0/roleManagement/directory/roleAssignments"]]
    return docs


ROOT_ASSIGNMENTS = "/providers/Microsoft.Authorization/roleAssignments"


def root_assignments(tenant: str) -> list[dict[str, Any]]:
    """Azure role assignments at the root scope ``/`` (ARM, not Graph): bad's admin elevated and never cleaned up."""
    if tenant != BAD:
        return []
    gid = "00000000-aaaa-4000-8000-000000000001"
    return [{"id": f"{ROOT_ASSIGNMENTS}/{gid}", "name": gid, "type": "Microsoft.Authorization/roleAssignments",
             "properties": {"roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
                            "principalId": _uid(BAD, 1), "principalType": "User", "scope": "/", "condition": None,
                            "createdOn": "2025-05-01T00:00:00.0000000Z", "updatedOn": "2025-05-01T00:00:00.0000000Z"}}]


def subscription_assignments(tenant: str, subscription: str) -> list[dict[str, Any]]:
    """Azure role assignments on the subscription scanned with the tenant: bad's guest contractor is a Contributor."""
    if tenant != BAD:
        return []
    gid = "cccccccc-aaaa-4000-8000-000000000001"
    return [{"id": f"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleAssignments/{gid}", "name": gid,
             "type": "Microsoft.Authorization/roleAssignments",
             "properties": {"roleDefinitionId": f"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/"
                                                "b24988ac-6180-42a0-ab88-20f7382dd24c",
                            "principalId": _uid(BAD, 6), "principalType": "User", "scope": f"/subscriptions/{subscription}",
                            "condition": None, "createdOn": "2025-06-01T00:00:00.0000000Z"}}]


def estate(tenant: str) -> dict[str, Any]:
    """The stand-in estate keys that make it answer as ``tenant``'s Graph."""
    if tenant == DENIED:
        return {"graph": {p: [] for p in PATHS}, "graph_denied": list(PATHS), "graph_page": 100}
    if tenant == FREE:
        return {"graph": free(), "graph_unlicensed": ["/v1.0/reports/authenticationMethods/userRegistrationDetails",
                                                      "/v1.0/roleManagement/directory/roleEligibilitySchedules"],
                "graph_denied_select": {"/v1.0/users": "signInActivity"}, "graph_page": 100}
    # bad's collections are served two items a page (nextLink paging); the others in one page.
    return {"graph": good() if tenant == GOOD else bad(), "graph_page": 2 if tenant == BAD else 100}


TENANTS = (GOOD, BAD, DENIED, FREE)

LABELS = {GOOD: "good", BAD: "bad", DENIED: "denied", FREE: "free"}
NOW = "2026-12-01T00:00:00+00:00"  # the scan time the Entra fixtures are judged at


def key(r: Any) -> str:
    """Tenants by label, apps and service principals by display name."""
    return LABELS[r.account] if r.type == "azure.entra.tenant" else str(r.name)


TENANT_OK = {"pass": ["good"], "fail": ["bad"], "error": ["denied"]}


def _tenant(free: str) -> dict[str, list[str]]:
    """good passes, bad fails, denied errors; ``free`` says where the Entra ID Free tenant lands."""
    out = {k: list(v) for k, v in TENANT_OK.items()}
    out[free].append("free")
    return out


ENTRA_EXPECT: dict[str, dict[str, list[str]]] = {
    "azure.entra.security_defaults_or_conditional_access": _tenant("pass"),
    "azure.entra.mfa_required_for_all_users": _tenant("pass"),
    "azure.entra.mfa_required_for_admins": _tenant("pass"),
    "azure.entra.mfa_required_for_azure_management": _tenant("pass"),
    "azure.entra.legacy_authentication_blocked": _tenant("pass"),
    "azure.entra.sign_in_risk_policy": _tenant("fail"),
    "azure.entra.user_risk_policy": _tenant("fail"),
    "azure.entra.mfa_required_to_join_devices": _tenant("fail"),
    "azure.entra.global_admins_2_to_4": _tenant("pass"),
    "azure.entra.no_guest_privileged_roles": _tenant("pass"),
    "azure.entra.privileged_users_mfa_registered": _tenant("error"),
    "azure.entra.no_phone_only_mfa_for_admins": _tenant("pass"),
    "azure.entra.pim_used_for_privileged_roles": _tenant("pass"),
    "azure.entra.users_cannot_register_apps": _tenant("pass"),
    "azure.entra.users_cannot_create_tenants": _tenant("pass"),
    "azure.entra.users_cannot_create_security_groups": _tenant("pass"),
    "azure.entra.user_consent_disabled": _tenant("pass"),
    "azure.entra.guest_invites_restricted": _tenant("pass"),
    "azure.entra.guest_access_restricted": _tenant("pass"),
    "azure.entra.email_verified_users_cannot_join": _tenant("pass"),
    "azure.entra.msol_powershell_blocked": _tenant("pass"),
    "azure.entra.users_cannot_create_m365_groups": _tenant("pass"),
    "azure.entra.custom_banned_passwords_enforced": _tenant("pass"),
    "azure.entra.lockout_threshold_at_most_10": _tenant("pass"),
    "azure.entra.lockout_duration_at_least_60": _tenant("pass"),
    "azure.entra.passwords_do_not_expire": _tenant("pass"),
    "azure.entra.no_stale_users": _tenant("error"),
    "azure.entra.app_secrets_expire_within_a_year": {"pass": ["good-app", "good-cert-app"], "fail": ["bad-app"]},
    "azure.rbac.no_user_access_admin_at_root": _tenant("pass"),
    "azure.rbac.no_guest_role_assignments": _tenant("pass"),
    "azure.entra.service_principal_no_stale_credentials": {"pass": ["good-app", "good-automation", "bad-app"],
                                                          "fail": ["bad-retired-sp", "bad-expired-sp"]},
}
