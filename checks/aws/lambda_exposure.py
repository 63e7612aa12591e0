"""Lambda toxic combination: a publicly invokable function with a privileged role."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T


def _exp(r: Resource) -> dict[str, Any]:
    return r.data.get("_exposure") or {}


@check(id="aws.lambda.public_function_not_privileged", resource_types=("aws.lambda.function",), severity=Severity.CRITICAL,
       title=T("Publicly invokable Lambda function does not run with a privileged role",
               "パブリックに呼び出せる Lambda 関数が特権ロールで動作していない"),
       description=T("Anyone can trigger a function with an open URL or public policy; with an admin or escalation-capable role, a code flaw becomes an account takeover.",
                     "URL が公開されているかポリシーが公開されている関数は誰でも実行できます。管理者または権限昇格可能なロールでは、コードの欠陥がアカウント乗っ取りにつながります。"),
       remediation=T("Require authentication for the function or reduce its execution role to what it needs.",
                     "関数に認証を要求するか、実行ロールを必要な権限に絞ってください。"))
def public_function_not_privileged(r: Resource) -> Result:
    exp, priv = _exp(r), r.data.get("_privileged") or {}
    if exp.get("internet_reachable") and priv.get("privileged"):
        return Result.fail(f"public ({', '.join(exp.get('path', []))}) with privileged role", roles=priv.get("roles", []))
    return Result.ok()
