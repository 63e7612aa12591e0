"""IAM checks: who holds which roles on projects, folders, the organisation and service accounts."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, NotCollected, Result, check, need, readable
from checks.common import T
from checks.gcp.common import (
    POLICY_TYPES,
    PRIMITIVE_ROLES,
    ancestor_resources,
    bindings,
    cis,
    iam_policy,
    is_admin_role,
    is_human,
    policy_result,
    public_grants,
    roles_by_member,
)
from checks.gcp.org_policy import PROJECT, effective, enforced, guardrail_remediation

PERSONAL_DOMAINS = ("@gmail.com", "@googlemail.com")
SA_IMPERSONATION_ROLES = frozenset({"roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"})
KMS_CRYPTO_ROLES = frozenset({"roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.cryptoKeyEncrypter",
                              "roles/cloudkms.cryptoKeyDecrypter"})
SA_ADMIN_AND_USER = frozenset({"roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountUser"})
KEY_MAX_AGE_DAYS = 90

MSG = Messages("gcp.iam", {
    "admin_roles": ("admin roles: {roles}", "管理者ロール: {roles}"),
    "user_managed_key": ("user-managed key", "ユーザー管理の鍵です"),
    "managed_key": ("{kind} key", "{kind} の鍵です"),
    "google_rotates": ("Google rotates system-managed keys", "システム管理の鍵は Google がローテーションします"),
    "key_disabled": ("key is disabled", "鍵は無効化されています"),
    "key_too_old": ("key is {age_days} days old (limit {limit})", "鍵の作成から {age_days} 日経過しています (上限 {limit} 日)"),
    "key_age": ("key is {age_days} days old", "鍵の作成から {age_days} 日です"),
    "any_domain": ("any domain may be granted roles", "任意のドメインにロールを付与できます"),
    "allowed_domains": ("allowed: {allowed}", "許可されているドメイン: {allowed}"),
    "provider_disabled": ("provider is disabled", "プロバイダは無効です"),
    "no_attribute_condition": ("no attribute condition: every token of the issuer is accepted",
                               "属性条件がありません: 発行者のすべてのトークンが受け入れられます"),
})


@check(id="gcp.iam.no_public_bindings", resource_types=(*POLICY_TYPES, "gcp.iam.service_account"),
       severity=Severity.CRITICAL,
       title={"en": "No IAM role is granted to allUsers or allAuthenticatedUsers",
              "ja": "allUsers / allAuthenticatedUsers に IAM ロールが付与されていない"},
       description={"en": "A binding to allUsers or allAuthenticatedUsers on a project, folder or organisation "
                          "gives anyone on the Internet (or any Google account) that role on everything below it; "
                          "on a service account it lets anyone act as that account.",
                    "ja": "プロジェクト・フォルダ・組織で allUsers または allAuthenticatedUsers にロールを付与すると、"
                          "インターネット上の誰もが（または任意の Google アカウントが）配下の全リソースにそのロールを持ちます。"
                          "サービスアカウントに付与すると、誰でもそのアカウントとして操作できます。"},
       remediation={"en": "Remove the allUsers / allAuthenticatedUsers members from the IAM policy "
                          "(gcloud projects remove-iam-policy-binding PROJECT --member=allUsers --role=ROLE).",
                    "ja": "IAM ポリシーから allUsers / allAuthenticatedUsers のメンバーを削除してください"
                          "（gcloud projects remove-iam-policy-binding PROJECT --member=allUsers --role=ROLE）。"})
def no_public_bindings(r: Resource) -> Result:
    return policy_result(r, public_grants, "public_grants")


@check(id="gcp.iam.no_primitive_roles_for_users", resource_types=POLICY_TYPES, severity=Severity.MEDIUM,
       title={"en": "Users and groups do not hold the primitive Owner or Editor role",
              "ja": "ユーザーやグループに基本ロール（オーナー・編集者）が付与されていない"},
       description={"en": "roles/owner and roles/editor grant thousands of permissions across every service; "
                          "people should get predefined or custom roles scoped to their job.",
                    "ja": "roles/owner と roles/editor は全サービスにわたる数千の権限を与えます。"
                          "人には職務に合わせた事前定義ロールまたはカスタムロールを付与してください。"},
       remediation={"en": "Replace roles/owner and roles/editor bindings of users and groups with least-privilege "
                          "predefined roles; keep Owner for a break-glass account only.",
                    "ja": "ユーザーとグループへの roles/owner・roles/editor を最小権限の事前定義ロールに置き換え、"
                          "オーナーは緊急用アカウントだけに残してください。"})
def no_primitive_roles_for_users(r: Resource) -> Result:
    return policy_result(r, lambda policy: sorted(f"{role} -> {m}" for role, m in bindings(policy)
                                                  if role in PRIMITIVE_ROLES and is_human(m)),
                         "primitive_roles")


@check(id="gcp.iam.corporate_credentials_only", resource_types=POLICY_TYPES, severity=Severity.MEDIUM,
       frameworks=cis("1.1"),
       title={"en": "Only corporate accounts are granted access (no personal Gmail accounts)",
              "ja": "企業アカウントのみにアクセスが付与されている（個人の Gmail アカウントがない）"},
       description={"en": "Personal Google accounts are outside the organisation's control: no MFA policy, "
                          "no offboarding, no audit.",
                    "ja": "個人の Google アカウントは組織の管理外です（MFA ポリシー・退職時の無効化・監査が効きません）。"},
       remediation={"en": "Remove personal accounts from IAM policies and enforce the 'Domain restricted sharing' "
                          "organisation policy (constraints/iam.allowedPolicyMemberDomains).",
                    "ja": "IAM ポリシーから個人アカウントを削除し、組織ポリシー「ドメインで制限された共有」"
                          "（constraints/iam.allowedPolicyMemberDomains）を適用してください。"})
def corporate_credentials_only(r: Resource) -> Result:
    return policy_result(r, lambda policy: sorted({m for _, m in bindings(policy)
                                                   if m.lower().endswith(PERSONAL_DOMAINS)}),
                         "personal_accounts", "members")


@check(id="gcp.iam.no_project_level_service_account_user", resource_types=("gcp.resourcemanager.project",),
       severity=Severity.MEDIUM, frameworks=cis("1.6"),
       title={"en": "Users are not granted Service Account User or Token Creator at project level",
              "ja": "プロジェクトレベルでユーザーにサービスアカウントユーザー／トークン作成者ロールが付与されていない"},
       description={"en": "At project level these roles let a person act as every service account of the project, "
                          "including the most privileged ones.",
                    "ja": "プロジェクトレベルで付与すると、そのプロジェクトの全サービスアカウント（最も強い権限を持つものを含む）"
                          "として操作できてしまいます。"},
       remediation={"en": "Remove the project-level bindings and grant roles/iam.serviceAccountUser on the specific "
                          "service accounts instead.",
                    "ja": "プロジェクトレベルのバインディングを削除し、必要なサービスアカウント単位で "
                          "roles/iam.serviceAccountUser を付与してください。"})
def no_project_level_service_account_user(r: Resource) -> Result:
    return policy_result(r, lambda policy: sorted(f"{role} -> {m}" for role, m in bindings(policy)
                                                  if role in SA_IMPERSONATION_ROLES and is_human(m)),
                         "project_impersonation")


@check(id="gcp.iam.service_account_duties_separated", resource_types=("gcp.resourcemanager.project",),
       severity=Severity.MEDIUM, frameworks=cis("1.8"),
       title={"en": "No user is both Service Account Admin and Service Account User",
              "ja": "同一ユーザーにサービスアカウント管理者とサービスアカウントユーザーの両方が付与されていない"},
       description={"en": "Holding both roles lets one person create a service account, grant it anything and use "
                          "it: separation of duties is lost.",
                    "ja": "両方のロールを持つと、一人でサービスアカウントを作成・権限付与・利用でき、職務分掌が失われます。"},
       remediation={"en": "Remove either roles/iam.serviceAccountAdmin or roles/iam.serviceAccountUser from each "
                          "member that holds both.",
                    "ja": "両方を持つメンバーから roles/iam.serviceAccountAdmin か roles/iam.serviceAccountUser の"
                          "どちらかを外してください。"})
def service_account_duties_separated(r: Resource) -> Result:
    return policy_result(r, lambda policy: sorted(m for m, roles in roles_by_member(policy).items()
                                                  if is_human(m) and roles >= SA_ADMIN_AND_USER),
                         "sa_admin_and_user", "members")


@check(id="gcp.iam.kms_duties_separated", resource_types=("gcp.resourcemanager.project",),
       severity=Severity.MEDIUM, frameworks=cis("1.11"),
       title={"en": "No user is both Cloud KMS Admin and a key user (encrypter/decrypter)",
              "ja": "同一ユーザーに Cloud KMS 管理者と鍵の利用者（暗号化・復号）ロールの両方が付与されていない"},
       description={"en": "Whoever administers keys should not also be able to use them to decrypt data.",
                    "ja": "鍵を管理する人が、その鍵でデータを復号できてはいけません。"},
       remediation={"en": "Remove roles/cloudkms.admin or the cryptoKey encrypter/decrypter roles from members "
                          "that hold both.",
                    "ja": "両方を持つメンバーから roles/cloudkms.admin か cryptoKey の暗号化・復号ロールを外してください。"})
def kms_duties_separated(r: Resource) -> Result:
    return policy_result(r, lambda policy: sorted(m for m, roles in roles_by_member(policy).items()
                                                  if is_human(m) and "roles/cloudkms.admin" in roles
                                                  and roles & KMS_CRYPTO_ROLES),
                         "kms_admin_and_use", "members")


@check(id="gcp.iam.service_account_no_admin_roles", resource_types=("gcp.iam.service_account",),
       severity=Severity.HIGH, frameworks=cis("1.5"), needs_inventory=True,
       title={"en": "Service accounts hold no Owner, Editor or *Admin role on their project",
              "ja": "サービスアカウントにプロジェクトのオーナー・編集者・管理者ロールが付与されていない"},
       description={"en": "A leaked key or a compromised workload running as an admin service account controls "
                          "the whole project.",
                    "ja": "管理者権限を持つサービスアカウントの鍵が漏洩したりワークロードが侵害されたりすると、"
                          "プロジェクト全体が掌握されます。"},
       remediation={"en": "Replace the admin bindings of the service account with the narrow roles its workload "
                          "needs.",
                    "ja": "サービスアカウントの管理者ロールを、ワークロードに必要な限定的なロールに置き換えてください。"})
def service_account_no_admin_roles(r: Resource, inventory: Inventory) -> Result:
    email = r.data.get("email") or r.name
    projects = inventory.in_account("gcp", r.account, "gcp.resourcemanager.project") if inventory else []
    if not projects:
        raise NotCollected(f"the IAM policy of project {r.account}")
    admin: list[str] = []
    for holder in [*projects, *ancestor_resources(r, inventory)]:  # grants on folders / the org count too
        admin += [role for role, m in bindings(iam_policy(holder))
                  if m == f"serviceAccount:{email}" and is_admin_role(role)]
    return MSG.fail("admin_roles", roles=sorted(admin)) if admin else Result.ok()


@check(id="gcp.iam.service_account_key_gcp_managed", resource_types=("gcp.iam.service_account_key",),
       severity=Severity.MEDIUM, frameworks=cis("1.4"),
       title={"en": "Service accounts use only Google-managed keys",
              "ja": "サービスアカウントは Google 管理の鍵のみを使用している"},
       description={"en": "User-managed keys are long-lived secrets that leave Google's control and leak through "
                          "laptops, repositories and CI logs.",
                    "ja": "ユーザー管理の鍵は Google の管理外にある長期の秘密情報で、PC・リポジトリ・CI ログから漏洩します。"},
       remediation={"en": "Delete user-managed keys and use workload identity federation, attached service "
                          "accounts or short-lived tokens instead.",
                    "ja": "ユーザー管理の鍵を削除し、Workload Identity 連携・サービスアカウントのアタッチ・短期トークンを"
                          "使用してください。"})
def service_account_key_gcp_managed(r: Resource) -> Result:
    key_type = need(r, "keyType")
    if not key_type:
        raise NotCollected("keyType")
    if key_type == "USER_MANAGED":
        return MSG.fail("user_managed_key", keyType=key_type)
    return MSG.ok("managed_key", kind=str(key_type).lower())


@check(id="gcp.iam.service_account_key_rotated", resource_types=("gcp.iam.service_account_key",),
       severity=Severity.MEDIUM, frameworks=cis("1.7"),
       title={"en": "User-managed service account keys are rotated within 90 days",
              "ja": "ユーザー管理のサービスアカウント鍵が 90 日以内にローテーションされている"},
       description={"en": "The older a key, the more places it has been copied to; keys older than 90 days "
                          "should be replaced.",
                    "ja": "鍵は古いほど多くの場所にコピーされています。90 日を超えた鍵は交換してください。"},
       remediation={"en": "Create a new key, move the workloads to it and delete the old key "
                          "(gcloud iam service-accounts keys create / delete).",
                    "ja": "新しい鍵を作成してワークロードを移行し、古い鍵を削除してください"
                          "（gcloud iam service-accounts keys create / delete）。"})
def service_account_key_rotated(r: Resource) -> Result:
    if r.data.get("keyType") != "USER_MANAGED":
        return MSG.ok("google_rotates")
    if r.data.get("disabled"):
        return MSG.ok("key_disabled")
    what = "key creation time (validAfterTime)"
    age = readable(r.data.get("keyAgeDays"), what)
    if age is None:  # the collector found no timestamp, or one it could not parse
        raise NotCollected(what, "missing or malformed")
    if int(age) > KEY_MAX_AGE_DAYS:
        return MSG.fail("key_too_old", age_days=int(age), limit=KEY_MAX_AGE_DAYS)
    return MSG.ok("key_age", age_days=int(age))


@check(id="gcp.iam.service_account_key_creation_disabled", resource_types=PROJECT, severity=Severity.MEDIUM,
       frameworks=cis("1.4"), needs_inventory=True,
       title={"en": "Service-account key creation is blocked by organisation policy",
              "ja": "組織ポリシーでサービスアカウント鍵の作成が禁止されている"},
       description={"en": "Without this guardrail anyone with iam.serviceAccountKeys.create can mint long-lived keys "
                          "that leave Google's control.",
                    "ja": "このガードレールがないと、iam.serviceAccountKeys.create を持つ誰もが Google の管理外に出る"
                          "長期の鍵を作成できます。"},
       remediation=guardrail_remediation("constraints/iam.disableServiceAccountKeyCreation"))
def service_account_key_creation_disabled(r: Resource, inventory: Inventory) -> Result:
    return enforced(r, inventory, "constraints/iam.disableServiceAccountKeyCreation")


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
    lp = (policy or {}).get("listPolicy") or {}
    if lp.get("allValues") == "ALLOW" or not lp.get("allowedValues"):
        return MSG.fail("any_domain")
    return MSG.ok("allowed_domains", allowed=lp["allowedValues"])


@check(id="gcp.iam.workload_identity_provider_has_condition",
       resource_types=("gcp.iam.workload_identity_pool_provider",), severity=Severity.HIGH,
       title=T("Workload identity pool provider accepts only identities matching an attribute condition",
               "Workload Identity プールのプロバイダが属性条件に合う ID のみを受け入れる"),
       description=T("Without an attribute condition a provider accepts every token its issuer signs: for a shared "
                     "issuer such as GitHub Actions, any repository of any owner can impersonate your service "
                     "accounts.",
                     "属性条件がないと、プロバイダは発行者が署名したすべてのトークンを受け入れます。GitHub Actions のような"
                     "共有の発行者では、任意の所有者の任意のリポジトリがサービスアカウントになりすませます。"),
       remediation=T("gcloud iam workload-identity-pools providers update-oidc PROVIDER --location=global "
                     "--workload-identity-pool=POOL --attribute-condition=\"assertion.repository_owner=='ORG'\"",
                     "gcloud iam workload-identity-pools providers update-oidc PROVIDER --location=global "
                     "--workload-identity-pool=POOL --attribute-condition=\"assertion.repository_owner=='ORG'\" を"
                     "実行してください。"))
def workload_identity_provider_has_condition(r: Resource) -> Result:
    if r.data.get("disabled") or r.data.get("state") == "DELETED":
        return MSG.ok("provider_disabled")
    return Result.ok() if str(r.data.get("attributeCondition") or "").strip() else MSG.fail("no_attribute_condition")


# Roles that let a member act as (or mint tokens of) every service account they are granted over.
IMPERSONATION_ROLES = SA_IMPERSONATION_ROLES | {"roles/iam.workloadIdentityUser",
                                                "roles/iam.serviceAccountOpenIdTokenCreator"}


@check(id="gcp.iam.no_project_level_impersonation_by_service_accounts", resource_types=("gcp.resourcemanager.project",),
       severity=Severity.HIGH,
       title=T("No service account may impersonate every service account of the project",
               "どのサービスアカウントもプロジェクトの全サービスアカウントになりすませない"),
       description=T("A service account holding Token Creator, Service Account User or Workload Identity User at "
                     "project level can become any service account there: one compromised workload escalates to "
                     "the most privileged identity of the project.",
                     "プロジェクトレベルでトークン作成者・サービスアカウントユーザー・Workload Identity ユーザーを持つ"
                     "サービスアカウントは、そこの任意のサービスアカウントになれます。1 つのワークロードの侵害がプロジェクト"
                     "で最も強い ID への昇格につながります。"),
       remediation=T("Remove the project-level binding and grant the role on the one service account the workload "
                     "needs (gcloud iam service-accounts add-iam-policy-binding TARGET_SA --member=… --role=…).",
                     "プロジェクトレベルのバインディングを削除し、ワークロードに必要なサービスアカウント単位でロールを付与して"
                     "ください（gcloud iam service-accounts add-iam-policy-binding TARGET_SA --member=… --role=…）。"))
def no_project_level_impersonation_by_service_accounts(r: Resource) -> Result:
    return policy_result(r, lambda policy: sorted(f"{role} -> {m}" for role, m in bindings(policy)
                                                  if role in IMPERSONATION_ROLES and m.startswith("serviceAccount:")),
                         "project_impersonation")
