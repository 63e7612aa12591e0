"""BigQuery checks: datasets not readable by the public, datasets and tables encrypted with customer-managed keys."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list
from checks.gcp.common import PUBLIC_MEMBERS, cis, iam_policy, public_grants

MSG = Messages("gcp.bigquery", {
    "public_access": ("public access: {grants}", "公開アクセス: {grants}"),
    "google_managed": ("encrypted with a Google-managed key", "Google 管理の鍵で暗号化されています"),
    "view": ("a view (stores no data)", "ビューです (データを保持しません)"),
})


@check(id="gcp.bigquery.dataset_not_public", resource_types=("gcp.bigquery.dataset",), severity=Severity.CRITICAL,
       frameworks=cis("7.1"),
       title={"en": "BigQuery dataset is not publicly accessible", "ja": "BigQuery データセットが公開されていない"},
       description={"en": "A dataset shared with allUsers or allAuthenticatedUsers (through its access list or IAM) "
                          "can be queried by anyone.",
                    "ja": "アクセスリストや IAM で allUsers / allAuthenticatedUsers と共有されたデータセットは、"
                          "誰でもクエリできます。"},
       remediation={"en": "Remove the allUsers / allAuthenticatedUsers entries from the dataset's sharing settings "
                          "(bq show --format=prettyjson, edit access, bq update --source).",
                    "ja": "データセットの共有設定から allUsers / allAuthenticatedUsers を削除してください"
                          "（bq show --format=prettyjson で取得し access を編集して bq update --source）。"})
def dataset_not_public(r: Resource) -> Result:
    grants = public_grants(iam_policy(r))
    for entry in as_list(r.data.get("access")):
        who = entry.get("specialGroup") or entry.get("iamMember")
        if who in PUBLIC_MEMBERS:
            grants.append(f"{entry.get('role', '?')} -> {who}")
    return MSG.fail("public_access", grants=grants) if grants else Result.ok()


@check(id="gcp.bigquery.dataset_cmek", resource_types=("gcp.bigquery.dataset",), severity=Severity.LOW,
       frameworks=cis("7.3"),
       title=T("BigQuery dataset has a default customer-managed encryption key",
               "BigQuery データセットに既定の顧客管理暗号鍵が設定されている"),
       description=T("A default Cloud KMS key makes every new table in the dataset encrypted with a key you control.",
                     "既定の Cloud KMS 鍵により、データセットに作られる新しいテーブルはすべて自身が管理する鍵で暗号化されます。"),
       remediation=T("bq update --default_kms_key=projects/…/cryptoKeys/KEY PROJECT:DATASET",
                     "bq update --default_kms_key=projects/…/cryptoKeys/KEY PROJECT:DATASET を実行してください。"))
def dataset_cmek(r: Resource) -> Result:
    key = (r.data.get("defaultEncryptionConfiguration") or {}).get("kmsKeyName")
    return Result.ok() if key else MSG.fail("google_managed")


@check(id="gcp.bigquery.table_cmek", resource_types=("gcp.bigquery.table",), severity=Severity.LOW,
       frameworks=cis("7.2"),
       title=T("BigQuery table is encrypted with a customer-managed key", "BigQuery テーブルが顧客管理の鍵で暗号化されている"),
       description=T("With a Cloud KMS key you control, disabling the key makes the table unreadable and key use is "
                     "audited.",
                     "自身が管理する Cloud KMS 鍵を使うと、鍵を無効化してテーブルを読めなくでき、鍵の利用も監査されます。"),
       remediation=T("bq cp -f --destination_kms_key=projects/…/cryptoKeys/KEY DATASET.TABLE DATASET.TABLE",
                     "bq cp -f --destination_kms_key=projects/…/cryptoKeys/KEY DATASET.TABLE DATASET.TABLE を"
                     "実行してください。"))
def table_cmek(r: Resource) -> Result:
    if r.data.get("type") == "VIEW":  # a view stores no data of its own
        return MSG.ok("view")
    key = (r.data.get("encryptionConfiguration") or {}).get("kmsKeyName")
    return Result.ok() if key else MSG.fail("google_managed")
