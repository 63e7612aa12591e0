"""CloudFormation stack checks."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check, need
from checks.aws.secrets_common import secrets_result, secrets_texts


@check(id="aws.cloudformation.no_secrets_in_stack_outputs", resource_types=("aws.cloudformation.stack",),
       severity=Severity.HIGH,
       **secrets_texts("the CloudFormation stack's outputs and parameters not declared NoEcho",
                       "CloudFormation スタックの出力と NoEcho でないパラメータ",
                       "Declare secret parameters NoEcho (or use dynamic references to Secrets Manager) and do not "
                       "output secrets.",
                       "シークレットのパラメータは NoEcho にする（または Secrets Manager の動的参照を使う）こと、"
                       "シークレットを出力しないことを徹底してください。"))
def no_secrets_in_stack_outputs(r: Resource) -> Result:
    return secrets_result(need(r, "_secrets_found"))
