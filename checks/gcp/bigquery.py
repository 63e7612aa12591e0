"""BigQuery checks: datasets not readable by the public."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import as_list
from checks.gcp.common import PUBLIC_MEMBERS, cis, iam_policy, public_grants

MSG = Messages("gcp.bigquery", {
    "public_access": ("public access: {grants}", "公開アクセス: {grants}"),
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
