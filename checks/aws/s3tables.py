"""Amazon S3 Tables table bucket checks: KMS encryption, a resource policy open to nobody outside
the tenant, and removal of unreferenced (deleted) table data."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts, public_policy_result, public_texts
from checks.common import T

BUCKET = ("aws.s3tables.table_bucket",)

MSG = Messages("aws.s3tables", {
    "not_kms": ("tables are encrypted with {algorithm}, not a KMS key", "テーブルは KMS キーではなく {algorithm} で暗号化されています"),
    "removal_off": ("unreferenced file removal is {status}", "参照されないファイルの削除が {status} です"),
})


def _policy(r: Resource) -> Any:
    return readable(need(r, "resourcePolicy"), "resourcePolicy")


@check(id="aws.s3tables.table_bucket_encrypted_with_kms", resource_types=BUCKET, severity=Severity.LOW,
       title=T("S3 table bucket encrypts its tables with a KMS key", "S3 テーブルバケットが KMS キーでテーブルを暗号化している"),
       description=T("With SSE-S3 (AES256), anyone allowed to read the table files reads them decrypted; a KMS key adds "
                     "a key policy and a CloudTrail record of every decryption.",
                     "SSE-S3 (AES256) では、テーブルファイルを読めるすべての者が復号済みで読めます。KMS キーならキーポリシーと"
                     "すべての復号の CloudTrail 記録が加わります。"),
       remediation=T("Set the bucket's default encryption to aws:kms with a KMS key (put-table-bucket-encryption).",
                     "バケットの既定の暗号化を KMS キー付きの aws:kms にしてください (put-table-bucket-encryption)。"))
def table_bucket_encrypted_with_kms(r: Resource) -> Result:
    algorithm = (need(r, "encryptionConfiguration") or {}).get("sseAlgorithm") or "AES256"
    return Result.ok() if algorithm == "aws:kms" else MSG.fail("not_kms", algorithm=algorithm)


@check(id="aws.s3tables.table_bucket_policy_not_public", resource_types=BUCKET, severity=Severity.HIGH,
       **public_texts("S3 table bucket", "S3 テーブルバケット"))
def table_bucket_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_policy(r))


@check(id="aws.s3tables.table_bucket_not_shared_cross_account", resource_types=BUCKET, severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("S3 table bucket", "S3 テーブルバケット"))
def table_bucket_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_policy(r), r, inventory)


@check(id="aws.s3tables.table_bucket_unreferenced_file_removal", resource_types=BUCKET, severity=Severity.LOW,
       title=T("S3 table bucket removes unreferenced table files", "S3 テーブルバケットが参照されないテーブルファイルを削除している"),
       description=T("Rows deleted from an Iceberg table stay in files no snapshot references; without unreferenced "
                     "file removal that deleted data is kept (and readable from the bucket) indefinitely.",
                     "Iceberg テーブルから削除した行は、どのスナップショットも参照しないファイルに残ります。参照されないファイルの"
                     "削除がないと、その削除済みデータが (バケットから読める状態で) 無期限に残ります。"),
       remediation=T("Enable icebergUnreferencedFileRemoval (put-table-bucket-maintenance-configuration).",
                     "icebergUnreferencedFileRemoval を有効にしてください (put-table-bucket-maintenance-configuration)。"))
def table_bucket_unreferenced_file_removal(r: Resource) -> Result:
    cfg = (need(r, "maintenanceConfiguration") or {}).get("icebergUnreferencedFileRemoval") or {}
    status = cfg.get("status", "enabled")  # the service's default for a bucket that never set it
    return Result.ok() if status == "enabled" else MSG.fail("removal_off", status=status)
