"""ECS task definition checks on the latest active revision of each family: privileged
containers, host namespaces, read-only root filesystems, users, logging."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.containers_common import (
    containers_result,
    has_writable_root,
    is_privileged,
    lacks_logging,
    runs_as_root,
)
from checks.common import T

TD = ("aws.ecs.task_definition",)
MSG = Messages("aws.ecs_task_definitions", {
    "host_pid": ("the task shares the host's process namespace (pidMode host)",
                 "タスクがホストのプロセス名前空間を共有しています (pidMode host)"),
    "host_ipc": ("the task shares the host's IPC namespace (ipcMode host)",
                 "タスクがホストの IPC 名前空間を共有しています (ipcMode host)"),
    "windows": ("Windows task definition: the container user is not a Linux uid",
                "Windows のタスク定義です（コンテナユーザーは Linux の uid ではありません）"),
})


def _containers(r: Resource) -> list[dict[str, Any]]:
    return list(need(r, "containerDefinitions") or [])


def _windows(r: Resource) -> bool:
    return str((r.data.get("runtimePlatform") or {}).get("operatingSystemFamily", "")).startswith("WINDOWS")


@check(id="aws.ecs.task_definition_not_privileged", resource_types=TD, severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["ECS.4"]},
       title=T("ECS task definition runs no privileged container", "ECS タスク定義に特権コンテナがない"),
       description=T("A privileged container has root access to the host: escaping the container takes nothing more.",
                     "特権コンテナはホストへの root 権限を持ち、コンテナからの脱出を容易にします。"),
       remediation=T("Set privileged to false in every container definition and register a new revision.",
                     "すべてのコンテナ定義で privileged を false にし、新しいリビジョンを登録してください。"))
def task_definition_not_privileged(r: Resource) -> Result:
    return containers_result(_containers(r), is_privileged, "privileged")


@check(id="aws.ecs.task_definition_host_network_non_root", resource_types=TD, severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["ECS.1"]},
       title=T("ECS task definition in host network mode runs no unprivileged container as root",
               "ホストネットワークモードの ECS タスク定義が非特権コンテナを root で実行していない"),
       description=T("In host network mode a container shares the host's network stack; running it as root without "
                     "explicit privileges is the combination FSBP flags as insecure.",
                     "ホストネットワークモードではコンテナがホストのネットワークスタックを共有します。明示的な特権なしに root で"
                     "動作させる組み合わせは FSBP で安全でないとされています。"),
       remediation=T("Use the awsvpc network mode, or set a non-root user in each container definition.",
                     "awsvpc ネットワークモードを使うか、各コンテナ定義に root 以外のユーザーを設定してください。"))
def task_definition_host_network_non_root(r: Resource) -> Result:
    containers = _containers(r)
    if r.data.get("networkMode") != "host":
        return Result.ok()
    return containers_result(containers, lambda cd: not is_privileged(cd) and runs_as_root(cd), "host_network_root")


@check(id="aws.ecs.task_definition_no_host_pid", resource_types=TD, severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["ECS.3"]},
       title=T("ECS task definition does not share the host's process namespace",
               "ECS タスク定義がホストのプロセス名前空間を共有していない"),
       description=T("With pidMode host a container sees and can signal every process on the host.",
                     "pidMode が host の場合、コンテナはホスト上のすべてのプロセスを参照し、シグナルを送れます。"),
       remediation=T("Remove pidMode (or set it to task) and register a new revision.",
                     "pidMode を削除する（または task にする）新しいリビジョンを登録してください。"))
def task_definition_no_host_pid(r: Resource) -> Result:
    _containers(r)
    return MSG.fail("host_pid") if r.data.get("pidMode") == "host" else Result.ok()


@check(id="aws.ecs.task_definition_no_host_ipc", resource_types=TD, severity=Severity.MEDIUM,
       title=T("ECS task definition does not share the host's IPC namespace",
               "ECS タスク定義がホストの IPC 名前空間を共有していない"),
       description=T("With ipcMode host a container can read and write the host's shared memory segments.",
                     "ipcMode が host の場合、コンテナはホストの共有メモリを読み書きできます。"),
       remediation=T("Remove ipcMode (or set it to task or none) and register a new revision.",
                     "ipcMode を削除する（または task / none にする）新しいリビジョンを登録してください。"))
def task_definition_no_host_ipc(r: Resource) -> Result:
    _containers(r)
    return MSG.fail("host_ipc") if r.data.get("ipcMode") == "host" else Result.ok()


@check(id="aws.ecs.task_definition_read_only_root_filesystem", resource_types=TD, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ECS.5"]},
       title=T("ECS containers have read-only root filesystems", "ECS コンテナのルートファイルシステムが読み取り専用"),
       description=T("A writable root filesystem lets an intruder alter binaries and plant tools inside the container.",
                     "書き込み可能なルートファイルシステムでは、侵入者がバイナリを改ざんしツールを配置できます。"),
       remediation=T("Set readonlyRootFilesystem to true in every container definition; mount volumes where writes are needed.",
                     "すべてのコンテナ定義で readonlyRootFilesystem を true にし、書き込みが必要な場所にはボリュームをマウントしてください。"))
def task_definition_read_only_root_filesystem(r: Resource) -> Result:
    return containers_result(_containers(r), has_writable_root, "writable_root")


@check(id="aws.ecs.task_definition_non_root_user", resource_types=TD, severity=Severity.MEDIUM,
       title=T("ECS containers run as a non-root user", "ECS コンテナが root 以外のユーザーで動作する"),
       description=T("A container without a user runs as the image's user, usually root, which widens what a compromise can do.",
                     "ユーザー未指定のコンテナはイメージのユーザー（多くは root）で動作し、侵害時の影響が広がります。"),
       remediation=T("Set user to a non-root uid (for example 1000:1000) in each Linux container definition.",
                     "各 Linux コンテナ定義の user に root 以外の uid（例: 1000:1000）を設定してください。"))
def task_definition_non_root_user(r: Resource) -> Result:
    containers = _containers(r)
    if _windows(r):
        return MSG.ok("windows")
    return containers_result(containers, runs_as_root, "root_user")


@check(id="aws.ecs.task_definition_logging_configured", resource_types=TD, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ECS.9"]},
       title=T("ECS containers have a log configuration", "ECS コンテナにログ設定がある"),
       description=T("Without a log driver the container's output is lost, and with it the trail of an incident.",
                     "ログドライバーがないとコンテナの出力が失われ、インシデントの痕跡も残りません。"),
       remediation=T("Add a logConfiguration (for example the awslogs driver) to every container definition.",
                     "すべてのコンテナ定義に logConfiguration（例: awslogs ドライバー）を追加してください。"))
def task_definition_logging_configured(r: Resource) -> Result:
    return containers_result(_containers(r), lacks_logging, "no_logging")
