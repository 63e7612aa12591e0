"""DynamoDB table checks on capacity and keys: auto scaling (or on-demand) and a customer managed key."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.cmk_common import KMS_KEY, cmk_result
from checks.common import T

TABLE = ("aws.dynamodb.table",)
DIMENSIONS = ("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits")

MSG = Messages("aws.dynamodb_capacity", {
    "on_demand": ("on-demand capacity", "オンデマンドキャパシティです"),
    "not_scaled": ("provisioned capacity without auto scaling for {dimensions}",
                   "{dimensions} が自動スケーリングなしのプロビジョンドキャパシティです"),
    "not_kms": ("encrypted with the AWS owned key, not a KMS key", "KMS キーではなく AWS 所有キーで暗号化されています"),
})


@check(id="aws.dynamodb.table_capacity_scales", resource_types=TABLE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["DynamoDB.1"]},
       title=T("DynamoDB table scales its capacity with demand", "DynamoDB テーブルが需要に応じてキャパシティをスケールする"),
       description=T("A provisioned table without auto scaling throttles requests once traffic exceeds its fixed "
                     "capacity, which an attacker or a burst can use to deny service.",
                     "自動スケーリングのないプロビジョンドテーブルは、固定キャパシティを超えるとリクエストをスロットリングし、"
                     "攻撃やバーストによるサービス拒否につながります。"),
       remediation=T("Switch to on-demand (PAY_PER_REQUEST) or register read and write capacity with Application Auto "
                     "Scaling (register-scalable-target, put-scaling-policy).",
                     "オンデマンド (PAY_PER_REQUEST) に切り替えるか、読み込み・書き込みキャパシティを Application Auto Scaling "
                     "に登録してください (register-scalable-target、put-scaling-policy)。"))
def table_capacity_scales(r: Resource) -> Result:
    readable(r.data.get("Table"), "Table")  # DescribeTable failed: the collector kept its marker here
    mode = (r.data.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    if mode == "PAY_PER_REQUEST":
        return MSG.ok("on_demand")
    missing = [d.rsplit(":", 1)[-1] for d in DIMENSIONS if d not in (need(r, "_autoscaled") or [])]
    return MSG.fail("not_scaled", dimensions=missing) if missing else Result.ok()


@check(id="aws.dynamodb.table_encrypted_with_cmk", resource_types=TABLE, severity=Severity.LOW, needs_inventory=True,
       inputs=(KMS_KEY,),
       title=T("DynamoDB table is encrypted with a customer managed KMS key", "DynamoDB テーブルが顧客管理 KMS キーで暗号化されている"),
       description=T("With the AWS owned or the AWS managed key (aws/dynamodb) no key policy limits, audits or revokes "
                     "who can decrypt the table.",
                     "AWS 所有キーや AWS 管理キー (aws/dynamodb) では、テーブルを復号できる者をキーポリシーで制限・監査・"
                     "取り消しできません。"),
       remediation=T("Update the table's SSE to KMS with a customer managed key (update-table --sse-specification "
                     "Enabled=true,SSEType=KMS,KMSMasterKeyId=...).",
                     "テーブルの SSE を顧客管理キーの KMS に変更してください (update-table --sse-specification "
                     "Enabled=true,SSEType=KMS,KMSMasterKeyId=...)。"))
def table_encrypted_with_cmk(r: Resource, inventory: Inventory | None = None) -> Result:
    readable(r.data.get("Table"), "Table")
    sse = r.data.get("SSEDescription") or {}
    if sse.get("SSEType") != "KMS":
        return MSG.fail("not_kms")
    return cmk_result(sse.get("KMSMasterKeyArn"), r, inventory)
