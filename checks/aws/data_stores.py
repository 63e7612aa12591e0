"""Secrets Manager, DynamoDB and EFS checks."""

from __future__ import annotations

from agent.policy import aws_iam as iam_policy
from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T, unreadable_result

SECRET = ("aws.secretsmanager.secret",)
TABLE = ("aws.dynamodb.table",)
EFS = ("aws.efs.file_system",)


@check(id="aws.secretsmanager.rotation_enabled", resource_types=SECRET, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SecretsManager.1"]},
       title=T("Secrets Manager secret has automatic rotation", "Secrets Manager シークレットの自動ローテーションが有効"),
       description=T("Secrets that never rotate stay valid forever once leaked.", "ローテーションされないシークレットは、漏えいすると永久に有効なままです。"),
       remediation=T("Configure a rotation Lambda and schedule (aws secretsmanager rotate-secret).",
                     "ローテーション用 Lambda とスケジュールを設定してください (aws secretsmanager rotate-secret)。"))
def rotation_enabled(r: Resource) -> Result:
    return Result.ok() if r.data.get("RotationEnabled") else Result.fail("rotation is not enabled")


@check(id="aws.secretsmanager.rotated_within_90_days", resource_types=SECRET, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SecretsManager.4"]},
       title=T("Secrets Manager secret was rotated in the last 90 days", "Secrets Manager シークレットが 90 日以内にローテーションされている"),
       description=T("Rotation that is configured but failing, or never ran, leaves an old secret in use.",
                     "設定されていても失敗している、または一度も実行されていないローテーションでは古いシークレットが使われ続けます。"),
       remediation=T("Check the rotation function's logs and rotate the secret now.", "ローテーション関数のログを確認し、今すぐローテーションしてください。"))
def rotated_within_90_days(r: Resource) -> Result:
    age = r.data.get("_rotated_days_ago")
    if age is None:
        age = r.data.get("_created_days_ago")
    if age is None:
        return Result.fail("never rotated")
    return Result.fail(f"last rotated {age} days ago", days=age) if age > 90 else Result.ok(f"{age} days")


@check(id="aws.secretsmanager.unused_secrets_removed", resource_types=SECRET, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["SecretsManager.3"]},
       title=T("Secrets Manager secret has been used in the last 90 days", "Secrets Manager シークレットが 90 日以内に使用されている"),
       description=T("Unused secrets are credentials nobody watches; remove them.", "使われていないシークレットは誰も監視していない認証情報です。削除してください。"),
       remediation=T("Confirm the secret is unused and delete it (with a recovery window).", "未使用であることを確認し、回復期間付きで削除してください。"))
def unused_secrets_removed(r: Resource) -> Result:
    age, created = r.data.get("_accessed_days_ago"), r.data.get("_created_days_ago")
    if age is None:
        if created is not None and created <= 90:
            return Result.ok("created recently")
        return Result.fail("never accessed")
    return Result.fail(f"last accessed {age} days ago", days=age) if age > 90 else Result.ok()


@check(id="aws.secretsmanager.secret_not_public", resource_types=SECRET, severity=Severity.CRITICAL,
       title=T("Secrets Manager resource policy does not allow public access", "Secrets Manager のリソースポリシーがパブリックアクセスを許可していない"),
       description=T("A secret policy granting '*' without a restricting condition lets any AWS principal read the secret.",
                     "制限条件なしに '*' を許可するシークレットポリシーでは、任意の AWS プリンシパルがシークレットを読めます。"),
       remediation=T("Delete or restrict the resource policy (aws secretsmanager delete-resource-policy).",
                     "リソースポリシーを削除または制限してください (aws secretsmanager delete-resource-policy)。"))
def secret_not_public(r: Resource) -> Result:
    policy = r.data.get("ResourcePolicy")
    if (err := unreadable_result(policy)):
        return err
    acts = iam_policy.public_actions(policy) if policy else []
    return Result.fail(f"policy allows anyone: {', '.join(acts)}", actions=acts) if acts else Result.ok()


@check(id="aws.dynamodb.pitr_enabled", resource_types=TABLE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["DynamoDB.2"]},
       title=T("DynamoDB point-in-time recovery is enabled", "DynamoDB のポイントインタイムリカバリが有効"),
       description=T("Without PITR, accidental or malicious writes cannot be rolled back.", "PITR がないと、誤った書き込みや悪意ある書き込みを巻き戻せません。"),
       remediation=T("Enable continuous backups (update-continuous-backups PointInTimeRecoveryEnabled=true).",
                     "継続的バックアップを有効にしてください (update-continuous-backups PointInTimeRecoveryEnabled=true)。"))
def pitr_enabled(r: Resource) -> Result:
    cb = r.data.get("ContinuousBackups")
    if (err := unreadable_result(cb)):
        return err
    status = ((cb or {}).get("PointInTimeRecoveryDescription") or {}).get("PointInTimeRecoveryStatus")
    return Result.ok() if status == "ENABLED" else Result.fail(f"point-in-time recovery is {status or 'DISABLED'}")


@check(id="aws.dynamodb.encrypted_with_kms", resource_types=TABLE, severity=Severity.LOW,
       title=T("DynamoDB table is encrypted with a KMS key", "DynamoDB テーブルが KMS キーで暗号化されている"),
       description=T("AWS-owned keys give no control or audit trail over who decrypts table data.",
                     "AWS 所有キーでは、誰がテーブルデータを復号するかを制御・監査できません。"),
       remediation=T("Switch the table's SSE to KMS (AWS managed or customer managed key).",
                     "テーブルの SSE を KMS (AWS 管理キーまたは顧客管理キー) に切り替えてください。"))
def encrypted_with_kms(r: Resource) -> Result:
    sse = r.data.get("SSEDescription") or {}
    ok = sse.get("Status") in ("ENABLED", "UPDATING") and sse.get("SSEType") == "KMS"
    return Result.ok() if ok else Result.fail("encrypted with an AWS owned key")


@check(id="aws.dynamodb.deletion_protection_enabled", resource_types=TABLE, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["DynamoDB.6"]},
       title=T("DynamoDB table deletion protection is enabled", "DynamoDB テーブルの削除保護が有効"),
       description=T("Deletion protection prevents a table from being dropped by mistake.", "削除保護によりテーブルの誤削除を防ぎます。"),
       remediation=T("Set DeletionProtectionEnabled=true on the table.", "テーブルで DeletionProtectionEnabled=true を設定してください。"))
def deletion_protection_enabled(r: Resource) -> Result:
    return Result.ok() if r.data.get("DeletionProtectionEnabled") else Result.fail("deletion protection is off")


@check(id="aws.efs.encrypted", resource_types=EFS, severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["2.4.1"], "aws-fsbp": ["EFS.1"]},
       title=T("EFS file system is encrypted at rest", "EFS ファイルシステムが保存時に暗号化されている"),
       description=T("Unencrypted file systems store data in plaintext; encryption can only be set at creation.",
                     "暗号化されていないファイルシステムはデータを平文で保存します。暗号化は作成時にのみ設定できます。"),
       remediation=T("Create an encrypted file system and migrate the data (e.g. with AWS DataSync).",
                     "暗号化されたファイルシステムを作成し、データを移行してください (AWS DataSync など)。"))
def efs_encrypted(r: Resource) -> Result:
    return Result.ok() if r.data.get("Encrypted") else Result.fail("file system is not encrypted")


@check(id="aws.efs.policy_not_public", resource_types=EFS, severity=Severity.HIGH,
       title=T("EFS file system policy does not allow public access", "EFS ファイルシステムポリシーがパブリックアクセスを許可していない"),
       description=T("A file system policy granting '*' lets any principal with network reach mount and write it.",
                     "'*' を許可するファイルシステムポリシーでは、ネットワーク到達性のある任意のプリンシパルがマウント・書き込みできます。"),
       remediation=T("Restrict the policy principals or add aws:PrincipalOrgID / aws:SourceVpce conditions.",
                     "ポリシーのプリンシパルを制限するか、aws:PrincipalOrgID / aws:SourceVpce 条件を追加してください。"))
def efs_policy_not_public(r: Resource) -> Result:
    policy = r.data.get("Policy")
    if (err := unreadable_result(policy)):
        return err
    acts = iam_policy.public_actions(policy) if policy else []
    return Result.fail(f"policy allows anyone: {', '.join(acts)}", actions=acts) if acts else Result.ok()
