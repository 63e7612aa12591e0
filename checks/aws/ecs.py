"""ECS task definition checks."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check, need
from checks.aws.secrets_common import secrets_result, secrets_texts


@check(id="aws.ecs.no_secrets_in_task_definition_environment", resource_types=("aws.ecs.task_definition",),
       severity=Severity.HIGH, frameworks={"aws-fsbp": ["ECS.8"]},
       **secrets_texts("the ECS task definition's container environment", "ECS タスク定義のコンテナ環境変数",
                       "Pass secrets through the container definition's 'secrets' (Secrets Manager or SSM) instead of "
                       "'environment'.",
                       "シークレットは 'environment' ではなくコンテナ定義の 'secrets'（Secrets Manager または SSM）で渡してください。"))
def no_secrets_in_task_definition_environment(r: Resource) -> Result:
    return secrets_result(need(r, "_secrets_found"))
