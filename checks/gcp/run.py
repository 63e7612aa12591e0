"""Cloud Run service checks: public invokers, ingress, egress, identity, image policy and secrets in env.

Cloud Asset serves ``run.googleapis.com/Service`` as the Cloud Run Admin API v2 resource (``ingress``,
``template.containers``); older documents in the Knative serving v1 shape (``metadata.annotations``,
``spec.template.spec``) are read too, so both give the same answer.
"""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T
from checks.gcp.common import broad_roles_result, env_secrets_result, iam_policy, is_default_sa, public_grants

SERVICE = ("gcp.run.service",)
# Knative annotation values -> v2 enum names
INGRESS_V1 = {"all": "INGRESS_TRAFFIC_ALL", "internal": "INGRESS_TRAFFIC_INTERNAL_ONLY",
              "internal-and-cloud-load-balancing": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"}
EGRESS_V1 = {"all-traffic": "ALL_TRAFFIC", "private-ranges-only": "PRIVATE_RANGES_ONLY"}

MSG = Messages("gcp.run", {
    "public_invoker": ("invocable by the public: {grants}", "誰でも呼び出せます: {grants}"),
    "invoker_iam_disabled": ("invoker IAM check is disabled", "呼び出し元の IAM チェックが無効です"),
    "ingress_all": ("ingress {ingress}: reachable from the Internet", "ingress {ingress}: インターネットから到達できます"),
    "default_sa": ("runs as {email}", "{email} として動作しています"),
    "default_sa_implicit": ("runs as the Compute Engine default service account",
                            "Compute Engine のデフォルトサービスアカウントとして動作しています"),
    "egress_not_vpc": ("outbound traffic does not all go through the VPC (egress={egress})",
                       "送信トラフィックがすべて VPC を通るわけではありません (egress={egress})"),
    "no_binary_authorization": ("no Binary Authorization policy", "Binary Authorization ポリシーがありません"),
})


def _v1_annotations(r: Resource, revision: bool = False) -> dict[str, Any]:
    meta = ((r.data.get("spec") or {}).get("template") or {}).get("metadata") if revision else r.data.get("metadata")
    return (meta or {}).get("annotations") or {}


def _is_v1(r: Resource) -> bool:
    return "spec" in r.data or str(r.data.get("apiVersion", "")).startswith("serving.knative.dev")


def ingress(r: Resource) -> str:
    if _is_v1(r):
        return INGRESS_V1.get(str(_v1_annotations(r).get("run.googleapis.com/ingress", "all")), "INGRESS_TRAFFIC_ALL")
    return str(r.data.get("ingress") or "INGRESS_TRAFFIC_ALL")  # omitted = the default, ALL


def service_account(r: Resource) -> str:
    if _is_v1(r):
        return str((((r.data.get("spec") or {}).get("template") or {}).get("spec") or {}).get("serviceAccountName") or "")
    return str((r.data.get("template") or {}).get("serviceAccount") or "")


@check(id="gcp.run.service_not_public", resource_types=SERVICE, severity=Severity.HIGH,
       title=T("Cloud Run service cannot be invoked by allUsers or allAuthenticatedUsers",
               "Cloud Run サービスを allUsers / allAuthenticatedUsers が呼び出せない"),
       description=T("roles/run.invoker for allUsers (or a disabled invoker IAM check) lets anyone on the Internet "
                     "call the service without credentials.",
                     "allUsers への roles/run.invoker（または呼び出し元 IAM チェックの無効化）により、インターネット上の誰もが"
                     "認証なしでサービスを呼び出せます。"),
       remediation=T("gcloud run services remove-iam-policy-binding SERVICE --member=allUsers --role=roles/run.invoker "
                     "(and --no-invoker-iam-check off); put public front ends behind a load balancer with IAP or "
                     "Cloud Armor.",
                     "gcloud run services remove-iam-policy-binding SERVICE --member=allUsers --role=roles/run.invoker "
                     "を実行し、呼び出し元 IAM チェックを有効にしてください。公開が必要な場合は IAP や Cloud Armor 付きの"
                     "ロードバランサの背後に置いてください。"))
def service_not_public(r: Resource) -> Result:
    grants = public_grants(iam_policy(r))
    if grants:
        return MSG.fail("public_invoker", grants=grants)
    return MSG.fail("invoker_iam_disabled") if r.data.get("invokerIamDisabled") else Result.ok()


@check(id="gcp.run.service_ingress_restricted", resource_types=SERVICE, severity=Severity.MEDIUM,
       title=T("Cloud Run service accepts only internal or load-balancer traffic",
               "Cloud Run サービスが内部またはロードバランサ経由のトラフィックのみを受け付ける"),
       description=T("Ingress 'all' exposes the run.app URL to the Internet, bypassing a load balancer's Cloud Armor "
                     "and IAP.",
                     "ingress 'all' では run.app の URL がインターネットに公開され、ロードバランサの Cloud Armor や IAP を"
                     "迂回されます。"),
       remediation=T("gcloud run services update SERVICE --ingress=internal-and-cloud-load-balancing",
                     "gcloud run services update SERVICE --ingress=internal-and-cloud-load-balancing を実行してください。"))
def service_ingress_restricted(r: Resource) -> Result:
    value = ingress(r)
    return MSG.fail("ingress_all", ingress=value) if value == "INGRESS_TRAFFIC_ALL" else Result.ok()


@check(id="gcp.run.service_no_secrets_in_env", resource_types=SERVICE, severity=Severity.HIGH,
       title=T("Cloud Run service keeps no secrets in plain environment variables",
               "Cloud Run サービスの平文の環境変数にシークレットがない"),
       description=T("Plain environment values are readable by anyone with run.services.get and are copied into "
                     "every revision; keys and passwords belong in Secret Manager.",
                     "平文の環境変数は run.services.get 権限を持つ誰もが読め、全リビジョンに複製されます。鍵やパスワードは"
                     "Secret Manager に置いてください。"),
       remediation=T("Move the value to Secret Manager and reference it (gcloud run services update SERVICE "
                     "--update-secrets=VAR=SECRET:latest), then rotate the exposed credential.",
                     "値を Secret Manager に移して参照し（gcloud run services update SERVICE "
                     "--update-secrets=VAR=SECRET:latest）、漏洩した認証情報をローテーションしてください。"))
def service_no_secrets_in_env(r: Resource) -> Result:
    return env_secrets_result(r)


@check(id="gcp.run.service_not_default_service_account", resource_types=SERVICE, severity=Severity.MEDIUM,
       title=T("Cloud Run service does not run as the Compute Engine default service account",
               "Cloud Run サービスが Compute Engine のデフォルトサービスアカウントで動作していない"),
       description=T("Without a service account of its own a service runs as the default account, which holds "
                     "Editor on the project.",
                     "専用のサービスアカウントがないと、サービスはプロジェクトの編集者ロールを持つデフォルトアカウントで"
                     "動作します。"),
       remediation=T("gcloud run services update SERVICE --service-account=a least-privilege account",
                     "gcloud run services update SERVICE --service-account に最小権限のアカウントを指定してください。"))
def service_not_default_service_account(r: Resource) -> Result:
    email = service_account(r)
    if not email:
        return MSG.fail("default_sa_implicit")
    return MSG.fail("default_sa", email=email) if is_default_sa(email) else Result.ok()


@check(id="gcp.run.service_account_not_privileged", resource_types=SERVICE, severity=Severity.HIGH,
       needs_inventory=True,
       title=T("Cloud Run service's identity holds no Owner, Editor or admin role on the project",
               "Cloud Run サービスの ID がプロジェクトでオーナー・編集者・管理者ロールを持たない"),
       description=T("Code running in the service (or an attacker exploiting it) gets every permission of its "
                     "service account through the metadata server.",
                     "サービス内で動くコード（またはそれを悪用した攻撃者）は、メタデータサーバー経由でサービスアカウントの"
                     "全権限を得ます。"),
       remediation=T("Remove the broad project roles from the service account and grant only the roles the service "
                     "needs.",
                     "サービスアカウントから広範なプロジェクトロールを外し、サービスに必要なロールだけを付与してください。"))
def service_account_not_privileged(r: Resource, inventory: Inventory) -> Result:
    return broad_roles_result(r, inventory, service_account(r))


@check(id="gcp.run.service_egress_through_vpc", resource_types=SERVICE, severity=Severity.LOW,
       title=T("Cloud Run service sends all outbound traffic through the VPC",
               "Cloud Run サービスがすべての送信トラフィックを VPC 経由で送る"),
       description=T("With egress ALL_TRAFFIC the service's outbound calls pass the VPC's firewall rules, Cloud NAT "
                     "and flow logs instead of leaving directly to the Internet.",
                     "egress ALL_TRAFFIC にすると送信は直接インターネットに出ず、VPC のファイアウォールルール・Cloud NAT・"
                     "フローログを通ります。"),
       remediation=T("gcloud run services update SERVICE --network=NET --subnet=SUBNET --vpc-egress=all-traffic",
                     "gcloud run services update SERVICE --network=NET --subnet=SUBNET --vpc-egress=all-traffic を"
                     "実行してください。"))
def service_egress_through_vpc(r: Resource) -> Result:
    if _is_v1(r):
        egress = EGRESS_V1.get(str(_v1_annotations(r, revision=True).get("run.googleapis.com/vpc-access-egress", "")),
                               "none")
    else:
        vpc = (r.data.get("template") or {}).get("vpcAccess") or {}
        egress = str(vpc.get("egress") or ("PRIVATE_RANGES_ONLY" if vpc else "none"))
    return Result.ok() if egress == "ALL_TRAFFIC" else MSG.fail("egress_not_vpc", egress=egress)


@check(id="gcp.run.service_binary_authorization", resource_types=SERVICE, severity=Severity.LOW,
       title=T("Cloud Run service enforces a Binary Authorization policy",
               "Cloud Run サービスで Binary Authorization ポリシーが適用されている"),
       description=T("Binary Authorization lets only images that satisfy the policy (signed, from your registry) "
                     "be deployed.",
                     "Binary Authorization により、ポリシーを満たす（署名済み・自組織のレジストリの）イメージだけがデプロイ"
                     "されます。"),
       remediation=T("gcloud run services update SERVICE --binary-authorization=default",
                     "gcloud run services update SERVICE --binary-authorization=default を実行してください。"))
def service_binary_authorization(r: Resource) -> Result:
    if _is_v1(r):
        on = bool(_v1_annotations(r).get("run.googleapis.com/binary-authorization"))
    else:
        cfg = r.data.get("binaryAuthorization") or {}
        on = bool(cfg.get("useDefault") or cfg.get("policy"))
    return Result.ok() if on else MSG.fail("no_binary_authorization")
