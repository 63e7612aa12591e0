"""CloudFormation stack checks: secrets in outputs, termination protection, drift, notifications and
the service role."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.secrets_common import secrets_result, secrets_texts
from checks.common import T


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


STACK = ("aws.cloudformation.stack",)
MSG = Messages("aws.cloudformation", {
    "nested": ("nested stack: protected through its root stack", "ネストされたスタック: ルートスタックで保護されます"),
    "unprotected": ("termination protection is off", "終了保護が無効です"),
    "drifted": ("the stack has drifted from its template", "スタックがテンプレートからドリフトしています"),
    "drift_status": ("drift status {status}", "ドリフト状態 {status}"),
    "no_topics": ("no SNS topic receives the stack's events", "スタックのイベントを受け取る SNS トピックがありません"),
    "no_role": ("no service role: operations run with the caller's permissions",
                "サービスロールがなく、操作は呼び出し元の権限で実行されます"),
})


def _nested(r: Resource) -> bool:
    return bool(r.data.get("ParentId") or (r.data.get("RootId") and r.data.get("RootId") != r.id))


@check(id="aws.cloudformation.stack_termination_protection_enabled", resource_types=STACK, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["CloudFormation.3"]},
       title=T("CloudFormation stack has termination protection", "CloudFormation スタックの終了保護が有効"),
       description=T("Deleting a stack deletes every resource it created (databases, buckets, networks) unless their "
                     "own retention settings keep them.",
                     "スタックを削除すると、それが作成したすべてのリソース (データベース・バケット・ネットワーク) が、個別の保持設定が"
                     "ない限り削除されます。"),
       remediation=T("Enable termination protection (update-termination-protection --enable-termination-protection).",
                     "終了保護を有効にしてください (update-termination-protection --enable-termination-protection)。"))
def stack_termination_protection_enabled(r: Resource) -> Result:
    if _nested(r):
        return MSG.ok("nested")
    return Result.ok() if need(r, "EnableTerminationProtection") is True else MSG.fail("unprotected")


@check(id="aws.cloudformation.stack_not_drifted", resource_types=STACK, severity=Severity.LOW,
       title=T("CloudFormation stack has not drifted from its template",
               "CloudFormation スタックがテンプレートからドリフトしていない"),
       description=T("Drift means resources were changed outside the template, so reviewed infrastructure code no longer "
                     "describes what runs (and the next update may revert or break it).",
                     "ドリフトはテンプレート外でリソースが変更されたことを意味し、レビュー済みのコードが実際の構成を表さなくなります "
                     "(次の更新で元に戻ったり壊れたりします)。"),
       remediation=T("Review the drift (describe-stack-resource-drifts) and bring the change into the template or revert "
                     "it.",
                     "ドリフトを確認し (describe-stack-resource-drifts)、変更をテンプレートに取り込むか元に戻してください。"))
def stack_not_drifted(r: Resource) -> Result:
    status = (need(r, "DriftInformation") or {}).get("StackDriftStatus") or "NOT_CHECKED"
    return MSG.fail("drifted") if status == "DRIFTED" else MSG.ok("drift_status", status=status)


@check(id="aws.cloudformation.stack_notifications_configured", resource_types=STACK, severity=Severity.LOW,
       title=T("CloudFormation stack publishes its events to SNS", "CloudFormation スタックがイベントを SNS に通知している"),
       description=T("Stack notifications tell the owners when the stack is created, updated, rolled back or deleted, "
                     "including changes nobody announced.",
                     "スタック通知は、作成・更新・ロールバック・削除 (誰も告知していない変更も含む) を所有者に知らせます。"),
       remediation=T("Update the stack with --notification-arns naming an SNS topic its owners read.",
                     "所有者が確認する SNS トピックを --notification-arns に指定してスタックを更新してください。"))
def stack_notifications_configured(r: Resource) -> Result:
    return Result.ok() if need(r, "NotificationARNs") else MSG.fail("no_topics")


@check(id="aws.cloudformation.stack_has_service_role", resource_types=STACK, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["CloudFormation.4"]},
       title=T("CloudFormation stack uses a service role", "CloudFormation スタックがサービスロールを使用している"),
       description=T("Without a service role every stack operation runs with the caller's own credentials, so deployers "
                     "need broad rights and the stack's permissions are not scoped or auditable.",
                     "サービスロールがないと、スタック操作はすべて呼び出し元の認証情報で実行されるため、デプロイ担当者に広い権限が"
                     "必要になり、スタックの権限を限定・監査できません。"),
       remediation=T("Update the stack with --role-arn naming a role scoped to the resources it manages.",
                     "管理するリソースに限定したロールを --role-arn に指定してスタックを更新してください。"))
def stack_has_service_role(r: Resource) -> Result:
    return Result.ok() if need(r, "RoleARN") else MSG.fail("no_role")
