"""Cloud Functions checks (``cloudfunctions.googleapis.com/Function``, the v2 API resource that covers both
generations): public invokers, ingress, egress, identity and secrets in environment variables."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T
from checks.gcp.common import (
    END_OF_LIFE_RUNTIMES,
    broad_roles_result,
    cis,
    env_secrets_result,
    is_default_sa,
    policy_result,
    public_grants,
)

FUNCTION = ("gcp.cloudfunctions.function",)

MSG = Messages("gcp.cloudfunctions", {
    "ingress_all": ("ingressSettings {ingress}: reachable from the Internet",
                    "ingressSettings {ingress}: インターネットから到達できます"),
    "default_sa": ("runs as {email}", "{email} として動作しています"),
    "default_sa_implicit": ("runs as the default service account", "デフォルトサービスアカウントとして動作しています"),
    "eol_runtime": ("runtime {runtime} has reached end of life", "ランタイム {runtime} はサポートが終了しています"),
    "egress_not_vpc": ("outbound traffic does not all go through the VPC (connector {connector}, egress {egress})",
                       "送信トラフィックがすべて VPC を通るわけではありません (コネクタ {connector}, egress {egress})"),
})


def _service(r: Resource) -> dict[str, Any]:
    return r.data.get("serviceConfig") or {}


@check(id="gcp.cloudfunctions.function_not_public", resource_types=FUNCTION, severity=Severity.HIGH,
       title=T("Cloud Function cannot be invoked by allUsers or allAuthenticatedUsers",
               "Cloud Functions の関数を allUsers / allAuthenticatedUsers が呼び出せない"),
       description=T("roles/cloudfunctions.invoker for allUsers lets anyone on the Internet call the function "
                     "without credentials.",
                     "allUsers への roles/cloudfunctions.invoker により、インターネット上の誰もが認証なしで関数を"
                     "呼び出せます。"),
       remediation=T("gcloud functions remove-iam-policy-binding FUNCTION --member=allUsers "
                     "--role=roles/cloudfunctions.invoker (and allAuthenticatedUsers).",
                     "gcloud functions remove-iam-policy-binding FUNCTION --member=allUsers "
                     "--role=roles/cloudfunctions.invoker を実行してください（allAuthenticatedUsers も同様）。"))
def function_not_public(r: Resource) -> Result:
    return policy_result(r, public_grants, "public_grants")


@check(id="gcp.cloudfunctions.function_ingress_restricted", resource_types=FUNCTION, severity=Severity.MEDIUM,
       title=T("Cloud Function accepts only internal or load-balancer traffic",
               "Cloud Functions の関数が内部またはロードバランサ経由のトラフィックのみを受け付ける"),
       description=T("ALLOW_ALL (the default) exposes the function's URL to the whole Internet.",
                     "ALLOW_ALL（既定値）では関数の URL がインターネット全体に公開されます。"),
       remediation=T("gcloud functions deploy FUNCTION --ingress-settings=internal-and-gclb (or internal-only)",
                     "gcloud functions deploy FUNCTION --ingress-settings=internal-and-gclb（または internal-only）を"
                     "実行してください。"))
def function_ingress_restricted(r: Resource) -> Result:
    value = str(_service(r).get("ingressSettings") or "ALLOW_ALL")
    return MSG.fail("ingress_all", ingress=value) if value == "ALLOW_ALL" else Result.ok()


@check(id="gcp.cloudfunctions.function_no_secrets_in_env", resource_types=FUNCTION, severity=Severity.HIGH,
       frameworks=cis("1.18"),
       title=T("Cloud Function keeps no secrets in plain environment variables",
               "Cloud Functions の関数の平文の環境変数にシークレットがない"),
       description=T("Runtime and build environment values are readable by anyone who can view the function; keys "
                     "and passwords belong in Secret Manager.",
                     "実行時・ビルド時の環境変数は関数を閲覧できる誰もが読めます。鍵やパスワードは Secret Manager に"
                     "置いてください。"),
       remediation=T("Move the value to Secret Manager (gcloud functions deploy FUNCTION "
                     "--set-secrets=VAR=SECRET:latest) and rotate the exposed credential.",
                     "値を Secret Manager に移し（gcloud functions deploy FUNCTION --set-secrets=VAR=SECRET:latest）、"
                     "漏洩した認証情報をローテーションしてください。"))
def function_no_secrets_in_env(r: Resource) -> Result:
    return env_secrets_result(r)


@check(id="gcp.cloudfunctions.function_not_default_service_account", resource_types=FUNCTION,
       severity=Severity.MEDIUM,
       title=T("Cloud Function does not run as a default service account",
               "Cloud Functions の関数がデフォルトサービスアカウントで動作していない"),
       description=T("Without an account of its own a function runs as the Compute Engine (2nd gen) or App Engine "
                     "(1st gen) default account, which holds Editor on the project.",
                     "専用のアカウントがないと、関数はプロジェクトの編集者ロールを持つ Compute Engine（第 2 世代）または "
                     "App Engine（第 1 世代）のデフォルトアカウントで動作します。"),
       remediation=T("gcloud functions deploy FUNCTION --service-account=a least-privilege account",
                     "gcloud functions deploy FUNCTION --service-account に最小権限のアカウントを指定してください。"))
def function_not_default_service_account(r: Resource) -> Result:
    email = str(_service(r).get("serviceAccountEmail") or "")
    if not email:
        return MSG.fail("default_sa_implicit")
    return MSG.fail("default_sa", email=email) if is_default_sa(email) else Result.ok()


@check(id="gcp.cloudfunctions.function_account_not_privileged", resource_types=FUNCTION, severity=Severity.HIGH,
       needs_inventory=True,
       title=T("Cloud Function's identity holds no Owner, Editor or admin role on the project",
               "Cloud Functions の関数の ID がプロジェクトでオーナー・編集者・管理者ロールを持たない"),
       description=T("Code in the function (or an attacker exploiting it) gets every permission of its service "
                     "account.",
                     "関数内のコード（またはそれを悪用した攻撃者）は、サービスアカウントの全権限を得ます。"),
       remediation=T("Remove the broad project roles from the service account and grant only what the function "
                     "needs.",
                     "サービスアカウントから広範なプロジェクトロールを外し、関数に必要な権限だけを付与してください。"))
def function_account_not_privileged(r: Resource, inventory: Inventory) -> Result:
    return broad_roles_result(r, inventory, str(_service(r).get("serviceAccountEmail") or ""))


@check(id="gcp.cloudfunctions.function_egress_through_vpc", resource_types=FUNCTION, severity=Severity.LOW,
       title=T("Cloud Function sends all outbound traffic through a VPC connector",
               "Cloud Functions の関数がすべての送信トラフィックを VPC コネクタ経由で送る"),
       description=T("With a connector and egress ALL_TRAFFIC, the function's outbound calls pass the VPC's firewall "
                     "rules, Cloud NAT and flow logs.",
                     "コネクタと egress ALL_TRAFFIC により、関数の送信は VPC のファイアウォールルール・Cloud NAT・"
                     "フローログを通ります。"),
       remediation=T("gcloud functions deploy FUNCTION --vpc-connector=CONNECTOR --egress-settings=all",
                     "gcloud functions deploy FUNCTION --vpc-connector=CONNECTOR --egress-settings=all を"
                     "実行してください。"))
def function_egress_through_vpc(r: Resource) -> Result:
    svc = _service(r)
    connector = svc.get("vpcConnector") or "none"
    egress = str(svc.get("vpcConnectorEgressSettings") or "PRIVATE_RANGES_ONLY")
    if connector != "none" and egress == "ALL_TRAFFIC":
        return Result.ok()
    return MSG.fail("egress_not_vpc", connector=connector, egress=egress)


@check(id="gcp.cloudfunctions.function_runtime_supported", resource_types=FUNCTION, severity=Severity.MEDIUM,
       title=T("Cloud Function runs on a maintained language runtime", "Cloud Functions の関数がサポート中の言語ランタイムで動作している"),
       description=T("A runtime whose language version reached end of life gets no more security fixes, and Google "
                     "blocks deploying fixes to it after decommissioning.",
                     "言語バージョンのサポートが終了したランタイムにはセキュリティ修正が提供されず、廃止後は修正のデプロイも"
                     "できなくなります。"),
       remediation=T("gcloud functions deploy FUNCTION --runtime=a current runtime (python312, nodejs22, go123, …)",
                     "gcloud functions deploy FUNCTION --runtime に現行のランタイム（python312・nodejs22・go123 など）を"
                     "指定してください。"))
def function_runtime_supported(r: Resource) -> Result:
    runtime = str((r.data.get("buildConfig") or {}).get("runtime") or "")
    return MSG.fail("eol_runtime", runtime=runtime) if runtime in END_OF_LIFE_RUNTIMES else Result.ok()
