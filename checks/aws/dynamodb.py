"""DynamoDB table checks: point-in-time recovery, KMS encryption, deletion protection."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.common import T

TABLE = ("aws.dynamodb.table",)

MSG = Messages("aws.dynamodb", {
    "pitr_status": ("point-in-time recovery is {status}", "ポイントインタイムリカバリが {status} です"),
    "aws_owned_key": ("encrypted with an AWS owned key", "AWS 所有キーで暗号化されています"),
    "deletion_off": ("deletion protection is off", "削除保護が無効です"),
})


@check(id="aws.dynamodb.pitr_enabled", resource_types=TABLE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["DynamoDB.2"]},
       title=T("DynamoDB point-in-time recovery is enabled", "DynamoDB のポイントインタイムリカバリが有効"),
       description=T("Without PITR, accidental or malicious writes cannot be rolled "
           "back.", "PITR がないと、誤った書き込みや悪意ある書き込みを巻き戻せません。"),
       remediation=T("Enable continuous backups (update-continuous-backups PointInTimeRecoveryEnabled=true).",
                     "継続的バックアップを有効にしてください (update-continuous-backups PointInTimeRecoveryEnabled=true)。"))
def pitr_enabled(r: Resource) -> Result:
    cb = readable(r.data.get("ContinuousBackups"), "ContinuousBackups")
    status = ((cb or {}).get("PointInTimeRecoveryDescription") or {}).get("PointInTimeRecoveryStatus")
    return Result.ok() if status == "ENABLED" else MSG.fail("pitr_status", status=status or "DISABLED")


@check(id="aws.dynamodb.encrypted_with_kms", resource_types=TABLE, severity=Severity.LOW,
       title=T("DynamoDB table is encrypted with a KMS key", "DynamoDB テーブルが KMS キーで暗号化されている"),
       description=T("AWS-owned keys give no control or audit trail over who decrypts table data.",
                     "AWS 所有キーでは、誰がテーブルデータを復号するかを制御・監査できません。"),
       remediation=T("Switch the table's SSE to KMS (AWS managed or customer managed key).",
                     "テーブルの SSE を KMS (AWS 管理キーまたは顧客管理キー) に切り替えてください。"))
def encrypted_with_kms(r: Resource) -> Result:
    sse = r.data.get("SSEDescription") or {}
    ok = sse.get("Status") in ("ENABLED", "UPDATING") and sse.get("SSEType") == "KMS"
    return Result.ok() if ok else MSG.fail("aws_owned_key")


@check(id="aws.dynamodb.deletion_protection_enabled", resource_types=TABLE, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["DynamoDB.6"]},
       title=T("DynamoDB table deletion protection is enabled", "DynamoDB テーブルの削除保護が有効"),
       description=T("Deletion protection prevents a table from being dropped by mistake.", "削除保護によりテーブルの誤削除を防ぎます。"),
       remediation=T("Set DeletionProtectionEnabled=true on the table.", "テーブルで DeletionProtectionEnabled=true を設定してください。"))
def deletion_protection_enabled(r: Resource) -> Result:
    return Result.ok() if r.data.get("DeletionProtectionEnabled") else MSG.fail("deletion_off")
