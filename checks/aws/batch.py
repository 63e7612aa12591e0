"""AWS Batch checks: job definitions (privileged containers, read-only root filesystems, users,
secrets in the environment) and compute environments (managed by Batch)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.containers_common import containers_result, has_writable_root, is_privileged, runs_as_root
from checks.aws.secrets_common import secrets_result, secrets_texts
from checks.common import T

JD, CE = ("aws.batch.job_definition",), ("aws.batch.compute_environment",)
MSG = Messages("aws.batch", {
    "unmanaged": ("compute environment type is {type}", "コンピューティング環境のタイプは {type} です"),
})


def _containers(r: Resource) -> list[dict[str, Any]]:
    return list(need(r, "_containers") or [])


@check(id="aws.batch.job_definition_not_privileged", resource_types=JD, severity=Severity.HIGH,
       title=T("Batch job definition runs no privileged container", "Batch ジョブ定義に特権コンテナがない"),
       description=T("A privileged job container has root access to the compute environment's host.",
                     "特権モードのジョブコンテナは、コンピューティング環境のホストへの root 権限を持ちます。"),
       remediation=T("Register a new revision with privileged false in the container properties.",
                     "コンテナプロパティの privileged を false にした新しいリビジョンを登録してください。"))
def job_definition_not_privileged(r: Resource) -> Result:
    return containers_result(_containers(r), is_privileged, "privileged")


@check(id="aws.batch.job_definition_read_only_root_filesystem", resource_types=JD, severity=Severity.MEDIUM,
       title=T("Batch job containers have read-only root filesystems", "Batch ジョブのコンテナのルートファイルシステムが読み取り専用"),
       description=T("A writable root filesystem lets a compromised job alter the container's binaries.",
                     "書き込み可能なルートファイルシステムでは、侵害されたジョブがコンテナのバイナリを改ざんできます。"),
       remediation=T("Register a new revision with readonlyRootFilesystem true; mount volumes for scratch space.",
                     "readonlyRootFilesystem を true にした新しいリビジョンを登録し、作業領域にはボリュームをマウントしてください。"))
def job_definition_read_only_root_filesystem(r: Resource) -> Result:
    return containers_result(_containers(r), has_writable_root, "writable_root")


@check(id="aws.batch.job_definition_non_root_user", resource_types=JD, severity=Severity.MEDIUM,
       title=T("Batch job containers run as a non-root user", "Batch ジョブのコンテナが root 以外のユーザーで動作する"),
       description=T("A job without a user runs as the image's user, usually root.",
                     "ユーザー未指定のジョブはイメージのユーザー（多くは root）で動作します。"),
       remediation=T("Set user to a non-root uid in the job definition's container properties.",
                     "ジョブ定義のコンテナプロパティの user に root 以外の uid を設定してください。"))
def job_definition_non_root_user(r: Resource) -> Result:
    return containers_result(_containers(r), runs_as_root, "root_user")


@check(id="aws.batch.no_secrets_in_job_definition", resource_types=JD, severity=Severity.HIGH,
       **secrets_texts("the Batch job definition's environment, commands and parameters",
                       "Batch ジョブ定義の環境変数・コマンド・パラメータ",
                       "Pass secrets through the container properties' 'secrets' (Secrets Manager or SSM) instead.",
                       "シークレットはコンテナプロパティの 'secrets'（Secrets Manager または SSM）で渡してください。"))
def no_secrets_in_job_definition(r: Resource) -> Result:
    return secrets_result(need(r, "_secrets_found"))


@check(id="aws.batch.compute_environment_managed", resource_types=CE, severity=Severity.LOW,
       title=T("Batch compute environment is managed by AWS Batch", "Batch コンピューティング環境が AWS Batch のマネージド型"),
       description=T("In an unmanaged environment you launch, patch and harden the instances yourself; Batch does none of it.",
                     "アンマネージド環境ではインスタンスの起動・パッチ適用・堅牢化をすべて自分で行い、Batch は何もしません。"),
       remediation=T("Create a MANAGED compute environment (EC2, Spot or Fargate) and move the job queues to it.",
                     "MANAGED のコンピューティング環境（EC2・スポット・Fargate）を作成し、ジョブキューを移してください。"))
def compute_environment_managed(r: Resource) -> Result:
    kind = need(r, "type")
    return Result.ok() if kind == "MANAGED" else MSG.fail("unmanaged", type=kind)
