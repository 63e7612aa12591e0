"""Container-definition conditions shared by the ECS task definition and Batch job definition
checks: one predicate per condition over a container definition (the ECS shape, which Batch's
container properties share), and the result naming the containers that break it.  No checks here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.core.model import Result
from checks import Messages

MSG = Messages("aws.containers_common", {
    "privileged": ("privileged containers: {containers}", "特権モードのコンテナ: {containers}"),
    "writable_root": ("containers with a writable root filesystem: {containers}",
                      "ルートファイルシステムが書き込み可能なコンテナ: {containers}"),
    "root_user": ("containers running as root or with no user set: {containers}",
                  "root で動作する、またはユーザー未指定のコンテナ: {containers}"),
    "no_logging": ("containers without a log configuration: {containers}", "ログ設定のないコンテナ: {containers}"),
    "host_network_root": ("host network mode with unprivileged containers running as root: {containers}",
                          "ホストネットワークモードで、非特権かつ root で動作するコンテナ: {containers}"),
})

Pred = Callable[[dict[str, Any]], bool]


def is_privileged(cd: dict[str, Any]) -> bool:
    return cd.get("privileged") is True


def has_writable_root(cd: dict[str, Any]) -> bool:
    return cd.get("readonlyRootFilesystem") is not True


def runs_as_root(cd: dict[str, Any]) -> bool:
    """No user set (the image's, often root) or user root / uid 0, with or without a group."""
    user = str(cd.get("user") or "").strip()
    return user.split(":", 1)[0] in ("", "root", "0")


def lacks_logging(cd: dict[str, Any]) -> bool:
    return not (cd.get("logConfiguration") or {}).get("logDriver")


def containers_result(containers: list[dict[str, Any]], breaks: Pred, key: str) -> Result:
    """FAIL naming the containers for which ``breaks`` holds (``key``: one of MSG's keys), else PASS."""
    bad = [str(cd.get("name", "?")) for cd in containers if breaks(cd)]
    return MSG.fail(key, containers=bad) if bad else Result.ok()
