"""SSM Parameter Store checks."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check, need
from checks.aws.secrets_common import secrets_result, secrets_texts


@check(id="aws.ssm.no_secrets_in_string_parameters", resource_types=("aws.ssm.parameter",), severity=Severity.HIGH,
       **secrets_texts("SSM parameters stored as plain String", "String 型で保存された SSM パラメータ",
                       "Store the value as a SecureString parameter (or in Secrets Manager) and delete the String one.",
                       "値を SecureString パラメータ（または Secrets Manager）に保存し、String 型のパラメータを削除してください。"))
def no_secrets_in_string_parameters(r: Resource) -> Result:
    return secrets_result(need(r, "_secrets_found"))
