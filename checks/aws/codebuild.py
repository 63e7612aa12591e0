"""CodeBuild project checks."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check, need
from checks.aws.secrets_common import secrets_result, secrets_texts


@check(id="aws.codebuild.no_secrets_in_project_environment", resource_types=("aws.codebuild.project",),
       severity=Severity.HIGH, frameworks={"aws-fsbp": ["CodeBuild.2"]},
       **secrets_texts("the CodeBuild project's plaintext environment variables",
                       "CodeBuild プロジェクトの平文の環境変数",
                       "Use environment variables of type SECRETS_MANAGER or PARAMETER_STORE for secrets.",
                       "シークレットには SECRETS_MANAGER または PARAMETER_STORE タイプの環境変数を使ってください。"))
def no_secrets_in_project_environment(r: Resource) -> Result:
    return secrets_result(need(r, "_secrets_found"))
