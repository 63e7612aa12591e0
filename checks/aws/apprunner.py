"""App Runner service checks: customer-managed encryption key, observability (X-Ray tracing),
secrets in runtime environment variables."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.secrets_common import secrets_result, secrets_texts
from checks.common import T

SV = ("aws.apprunner.service",)
MSG = Messages("aws.apprunner", {
    "aws_key": ("source and logs are encrypted with an AWS-owned key", "ソースとログが AWS 所有のキーで暗号化されています"),
    "no_observability": ("observability (tracing) is off", "オブザーバビリティ（トレース）が無効です"),
})


@check(id="aws.apprunner.service_encrypted_with_cmk", resource_types=SV, severity=Severity.LOW,
       title=T("App Runner service is encrypted with a customer-managed KMS key", "App Runner サービスがカスタマー管理の KMS キーで暗号化されている"),
       description=T("A customer-managed key puts access to the service's stored source and images under your key policy and audit.",
                     "カスタマー管理のキーにより、サービスが保存するソースとイメージへのアクセスをキーポリシーと監査の管理下に置けます。"),
       remediation=T("Recreate the service with EncryptionConfiguration.KmsKey set to a customer-managed key.",
                     "EncryptionConfiguration.KmsKey にカスタマー管理のキーを指定してサービスを作り直してください。"))
def service_encrypted_with_cmk(r: Resource) -> Result:
    return Result.ok() if (need(r, "EncryptionConfiguration") or {}).get("KmsKey") else MSG.fail("aws_key")


@check(id="aws.apprunner.service_observability_enabled", resource_types=SV, severity=Severity.LOW,
       title=T("App Runner service has observability enabled", "App Runner サービスのオブザーバビリティが有効"),
       description=T("Tracing records the requests the service handles and the calls it makes, for troubleshooting and investigation.",
                     "トレースはサービスが処理したリクエストと呼び出し先を記録し、障害対応や調査に役立ちます。"),
       remediation=T("Update the service with an observability configuration that has X-Ray tracing (ObservabilityEnabled true).",
                     "X-Ray トレースを含むオブザーバビリティ設定（ObservabilityEnabled true）でサービスを更新してください。"))
def service_observability_enabled(r: Resource) -> Result:
    on = (need(r, "ObservabilityConfiguration") or {}).get("ObservabilityEnabled")
    return Result.ok() if on else MSG.fail("no_observability")


@check(id="aws.apprunner.no_secrets_in_service_environment", resource_types=SV, severity=Severity.HIGH,
       **secrets_texts("the App Runner service's runtime environment variables and start command",
                       "App Runner サービスのランタイム環境変数と起動コマンド",
                       "Move the value to Secrets Manager or SSM and reference it through RuntimeEnvironmentSecrets.",
                       "値を Secrets Manager または SSM に移し、RuntimeEnvironmentSecrets で参照してください。"))
def no_secrets_in_service_environment(r: Resource) -> Result:
    return secrets_result(need(r, "_secrets_found"))
