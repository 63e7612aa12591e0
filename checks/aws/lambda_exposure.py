"""Lambda toxic combination: a publicly invokable function with a privileged role."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.aws.exposure import exposure, known_false, privileges
from checks.common import T

MSG = Messages("aws.lambda_exposure", {
    "public_privileged": ("public ({path}) with privileged role",
                          "公開 ({path}) されており、特権ロールで動作しています"),
})


@check(id="aws.lambda.public_function_not_privileged", resource_types=("aws.lambda.function",), severity=Severity.CRITICAL,
       inputs=("aws.iam.role",),  # the execution role's privileges are derived from the collected roles
       title=T("Publicly invokable Lambda function does not run with a privileged role",
               "パブリックに呼び出せる Lambda 関数が特権ロールで動作していない"),
       description=T("Anyone can trigger a function with an open URL or public policy; with an admin or escalation-capable role, a code flaw becomes an "
           "account takeover.",
                     "URL が公開されているかポリシーが公開されている関数は誰でも実行できます。管理者または権限昇格可能なロールでは、"
                         "コードの欠陥がアカウント乗っ取りにつながります。"),
       remediation=T("Require authentication for the function or reduce its execution role to what it needs.",
                     "関数に認証を要求するか、実行ロールを必要な権限に絞ってください。"))
def public_function_not_privileged(r: Resource) -> Result:
    if known_false(r, "_exposure", "internet_reachable") or known_false(r, "_privileged", "privileged"):
        return Result.ok()
    exp, priv = exposure(r), privileges(r)
    if exp.get("internet_reachable") and priv.get("privileged"):
        return MSG.fail("public_privileged", path=exp.get("path", []), roles=priv.get("roles", []))
    return Result.ok()
