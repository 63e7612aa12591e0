"""Artifact Registry repository checks: not public, encrypted with a customer-managed key, scanned."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, NotCollected, Result, check
from checks.common import T
from checks.gcp.common import policy_result, public_grants

REPOSITORY = ("gcp.artifactregistry.repository",)

MSG = Messages("gcp.artifactregistry", {
    "google_managed": ("encrypted with a Google-managed key", "Google 管理の鍵で暗号化されています"),
    "scanning_disabled": ("vulnerability scanning is {state}", "脆弱性スキャンが {state} です"),
    "scanning_unsupported": ("{format} repositories are not scanned", "{format} リポジトリはスキャン対象外です"),
})


@check(id="gcp.artifactregistry.repository_not_public", resource_types=REPOSITORY, severity=Severity.HIGH,
       title=T("Artifact Registry repository is not publicly accessible",
               "Artifact Registry リポジトリが公開されていない"),
       description=T("allUsers or allAuthenticatedUsers on a repository lets anyone pull its images and packages, "
                     "with whatever secrets and internal code they contain.",
                     "リポジトリに allUsers / allAuthenticatedUsers があると、誰でもイメージやパッケージを取得でき、含まれる"
                     "シークレットや内部コードも読まれます。"),
       remediation=T("gcloud artifacts repositories remove-iam-policy-binding REPO --location=LOC --member=allUsers "
                     "--role=ROLE (and allAuthenticatedUsers).",
                     "gcloud artifacts repositories remove-iam-policy-binding REPO --location=LOC --member=allUsers "
                     "--role=ROLE を実行してください（allAuthenticatedUsers も同様）。"))
def repository_not_public(r: Resource) -> Result:
    return policy_result(r, public_grants, "public_grants")


@check(id="gcp.artifactregistry.repository_cmek", resource_types=REPOSITORY, severity=Severity.LOW,
       title=T("Artifact Registry repository is encrypted with a customer-managed key",
               "Artifact Registry リポジトリが顧客管理の鍵で暗号化されている"),
       description=T("A Cloud KMS key you control lets you cut off access to the artifacts by disabling the key, "
                     "and audits its use separately.",
                     "自身が管理する Cloud KMS 鍵を使うと、鍵を無効化して成果物へのアクセスを遮断でき、鍵の利用も別に"
                     "監査されます。"),
       remediation=T("Create the repository with --kms-key=projects/…/cryptoKeys/KEY (the key cannot be added "
                     "later) and move the artifacts.",
                     "--kms-key=projects/…/cryptoKeys/KEY を指定してリポジトリを作成し（後から追加できません）、成果物を"
                     "移行してください。"))
def repository_cmek(r: Resource) -> Result:
    return Result.ok() if r.data.get("kmsKeyName") else MSG.fail("google_managed")


@check(id="gcp.artifactregistry.repository_vulnerability_scanning", resource_types=REPOSITORY,
       severity=Severity.MEDIUM, frameworks={"cis-gke-1.6": ["5.1.1"]},
       title=T("Artifact Registry repository scans its images for vulnerabilities",
               "Artifact Registry リポジトリがイメージの脆弱性をスキャンしている"),
       description=T("Automatic scanning reports known vulnerabilities in every pushed image, before and after it "
                     "is deployed.",
                     "自動スキャンにより、プッシュされた全イメージの既知の脆弱性がデプロイ前後に報告されます。"),
       remediation=T("Enable the Container Scanning API and gcloud artifacts repositories update REPO "
                     "--location=LOC --allow-vulnerability-scanning",
                     "Container Scanning API を有効にし、gcloud artifacts repositories update REPO --location=LOC "
                     "--allow-vulnerability-scanning を実行してください。"))
def repository_vulnerability_scanning(r: Resource) -> Result:
    cfg = r.data.get("vulnerabilityScanningConfig") or {}
    state = cfg.get("enablementState")
    if state == "SCANNING_ACTIVE":
        return Result.ok()
    if state == "SCANNING_UNSUPPORTED":
        return MSG.ok("scanning_unsupported", format=r.data.get("format") or "?")
    if state == "SCANNING_DISABLED" or cfg.get("enablementConfig") == "DISABLED":
        return MSG.fail("scanning_disabled", state=state or "DISABLED")
    # enablementState is output only and reflects the API's enablement: without it we cannot tell.
    raise NotCollected("vulnerabilityScanningConfig.enablementState")
