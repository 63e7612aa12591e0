"""Secrets Manager checks: rotation, use and resource policies."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.aws.policies import public_policy_result
from checks.common import T

SECRET = ("aws.secretsmanager.secret",)

MSG = Messages("aws.secretsmanager", {
    "rotation_off": ("rotation is not enabled", "ローテーションが有効になっていません"),
    "never_rotated": ("never rotated", "一度もローテーションされていません"),
    "rotated_ago": ("last rotated {days} days ago", "最後のローテーションは {days} 日前です"),
    "rotated_days": ("{days} days", "{days} 日前にローテーションされました"),
    "created_recently": ("created recently", "最近作成されました"),
    "never_accessed": ("never accessed", "一度もアクセスされていません"),
    "accessed_ago": ("last accessed {days} days ago", "最後のアクセスは {days} 日前です"),
})


@check(id="aws.secretsmanager.rotation_enabled", resource_types=SECRET, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SecretsManager.1"]},
       title=T("Secrets Manager secret has automatic rotation", "Secrets Manager シークレットの自動ローテーションが有効"),
       description=T("Secrets that never rotate stay valid forever once leaked.", "ローテーションされないシークレットは、漏えいすると永久に有効なままです。"),
       remediation=T("Configure a rotation Lambda and schedule (aws secretsmanager rotate-secret).",
                     "ローテーション用 Lambda とスケジュールを設定してください (aws secretsmanager rotate-secret)。"))
def rotation_enabled(r: Resource) -> Result:
    return Result.ok() if r.data.get("RotationEnabled") else MSG.fail("rotation_off")


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
        return MSG.fail("never_rotated")
    return MSG.fail("rotated_ago", days=age) if age > 90 else MSG.ok("rotated_days", days=age)


@check(id="aws.secretsmanager.unused_secrets_removed", resource_types=SECRET, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["SecretsManager.3"]},
       title=T("Secrets Manager secret has been used in the last 90 days", "Secrets Manager シークレットが 90 日以内に使用されている"),
       description=T("Unused secrets are credentials nobody watches; remove "
           "them.", "使われていないシークレットは誰も監視していない認証情報です。削除してください。"),
       remediation=T("Confirm the secret is unused and delete it (with a recovery window).", "未使用であることを確認し、回復期間付きで削除してください。"))
def unused_secrets_removed(r: Resource) -> Result:
    age, created = r.data.get("_accessed_days_ago"), r.data.get("_created_days_ago")
    if age is None:
        if created is not None and created <= 90:
            return MSG.ok("created_recently")
        return MSG.fail("never_accessed")
    return MSG.fail("accessed_ago", days=age) if age > 90 else Result.ok()


@check(id="aws.secretsmanager.secret_not_public", resource_types=SECRET, severity=Severity.CRITICAL,
       title=T("Secrets Manager resource policy does not allow public access", "Secrets Manager のリソースポリシーがパブリックアクセスを許可していない"),
       description=T("A secret policy granting '*' without a restricting condition lets any AWS principal read the secret.",
                     "制限条件なしに '*' を許可するシークレットポリシーでは、任意の AWS プリンシパルがシークレットを読めます。"),
       remediation=T("Delete or restrict the resource policy (aws secretsmanager delete-resource-policy).",
                     "リソースポリシーを削除または制限してください (aws secretsmanager delete-resource-policy)。"))
def secret_not_public(r: Resource) -> Result:
    return public_policy_result(readable(r.data.get("ResourcePolicy"), "ResourcePolicy"))
