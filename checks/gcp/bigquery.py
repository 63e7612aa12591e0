"""BigQuery checks: datasets not readable by the public."""

from __future__ import annotations

from checks import check
from checks.gcp.common import PUBLIC_MEMBERS, cis, policy_or_error, public_grants
from agent.core.model import Resource, Result, Severity


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
    policy = policy_or_error(r)
    if isinstance(policy, Result):
        return policy
    grants = public_grants(policy)
    for entry in r.data.get("access") or []:
        who = entry.get("specialGroup") or entry.get("iamMember")
        if who in PUBLIC_MEMBERS:
            grants.append(f"{entry.get('role', '?')} -> {who}")
    return Result.fail(f"public access: {', '.join(grants)}", grants=grants) if grants else Result.ok()
