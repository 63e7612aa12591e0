"""EventBridge: who outside the account an event bus's resource policy lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`), custom
buses with a policy at all, rules whose targets keep undeliverable events, and global endpoints
that replicate events."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts, public_policy_result, public_texts
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

MSG = Messages("aws.events", {
    "not_custom": ("the {name} bus is not a custom bus", "{name} バスはカスタムバスではありません"),
    "no_policy": ("the custom bus has no resource-based policy", "カスタムバスにリソースベースのポリシーがありません"),
    "no_dlq": ("targets without a dead-letter queue: {targets}", "デッドレターキューのないターゲット: {targets}"),
    "no_archive": ("no enabled archive keeps the bus's events", "バスのイベントを保持する有効なアーカイブがありません"),
    "archived": ("archived by {archives}", "{archives} でアーカイブされています"),
})


def _event_bus_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.events.event_bus_policy_not_public", resource_types=("aws.events.event_bus",), severity=Severity.HIGH,
       **public_texts("EventBridge event bus", "EventBridge イベントバス"))
def event_bus_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_event_bus_policy(r))


@check(id="aws.events.event_bus_not_shared_cross_account", resource_types=("aws.events.event_bus",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("EventBridge event bus", "EventBridge イベントバス"))
def event_bus_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_event_bus_policy(r), r, inventory)


@check(id="aws.events.custom_event_bus_has_policy", resource_types=("aws.events.event_bus",), severity=Severity.LOW,
       frameworks={"aws-fsbp": ["EventBridge.3"]},
       title=T("EventBridge custom event bus has a resource-based policy", "EventBridge カスタムイベントバスにリソースベースのポリシーがある"),
       description=T("A policy on a custom bus states which accounts and services may put events to it or manage its rules.",
                     "カスタムバスのポリシーは、どのアカウントやサービスがイベントを送信し、ルールを管理できるかを明示します。"),
       remediation=T("aws events put-permission --event-bus-name NAME --policy FILE (allow only the senders you expect).",
                     "aws events put-permission --event-bus-name NAME --policy FILE を実行してください（想定する送信元のみ許可）。"))
def custom_event_bus_has_policy(r: Resource) -> Result:
    if not need(r, "Custom"):
        return MSG.ok("not_custom", name=r.name)
    return Result.ok() if _event_bus_policy(r) else MSG.fail("no_policy")


@check(id="aws.events.rule_targets_have_dead_letter_queue", resource_types=("aws.events.rule",), severity=Severity.LOW,
       title=T("EventBridge rule targets have a dead-letter queue", "EventBridge ルールのターゲットにデッドレターキューがある"),
       description=T("Events a target cannot receive after its retries are dropped unless a dead-letter queue keeps them.",
                     "ターゲットが再試行後も受け取れなかったイベントは、デッドレターキューがなければ破棄されます。"),
       remediation=T("aws events put-targets --rule NAME --targets Id=ID,Arn=ARN,DeadLetterConfig={Arn=QUEUE_ARN}",
                     "aws events put-targets --rule NAME --targets Id=ID,Arn=ARN,DeadLetterConfig={Arn=QUEUE_ARN} を実行してください。"))
def rule_targets_have_dead_letter_queue(r: Resource) -> Result:
    targets = readable(need(r, "Targets"), "Targets") or []
    bad = [str(t.get("Id")) for t in targets if not (t.get("DeadLetterConfig") or {}).get("Arn")]
    return MSG.fail("no_dlq", targets=", ".join(bad)) if bad else Result.ok()


setting_check(Setting(
    "aws.events.endpoint_replication_enabled", ("aws.events.endpoint",), "ReplicationConfig",
    lambda v, r: str((v or {}).get("State", "ENABLED")) == "ENABLED",
    ("EventBridge global endpoint replicates events", "EventBridge グローバルエンドポイントがイベントをレプリケートする"),
    ("Without replication, events sent while the primary Region is healthy are missing from the secondary after a failover.",
     "レプリケーションがないと、プライマリリージョンが正常な間に送られたイベントは、フェイルオーバー後のセカンダリにありません。"),
    ("aws events update-endpoint --name NAME --replication-config State=ENABLED --role-arn ROLE",
     "aws events update-endpoint --name NAME --replication-config State=ENABLED --role-arn ROLE を実行してください。"),
    Severity.MEDIUM, ("EventBridge.4",), shows=lambda v: (v or {}).get("State")), __name__)


@check(id="aws.events.custom_event_bus_archived", resource_types=("aws.events.event_bus",), severity=Severity.LOW,
       title=T("EventBridge custom event bus keeps an archive of its events", "EventBridge カスタムイベントバスがイベントのアーカイブを保持する"),
       description=T("An archive keeps the bus's events so that they can be replayed after a consumer failed, was "
                     "misconfigured or was compromised.",
                     "アーカイブはバスのイベントを保持し、コンシューマーの障害・設定誤り・侵害の後にイベントを再生できるようにします。"),
       remediation=T("aws events create-archive --archive-name NAME --event-source-arn BUS_ARN --retention-days 30",
                     "aws events create-archive --archive-name NAME --event-source-arn BUS_ARN --retention-days 30 を実行してください。"))
def custom_event_bus_archived(r: Resource) -> Result:
    if not need(r, "Custom"):
        return MSG.ok("not_custom", name=r.name)
    archives = readable(need(r, "Archives"), "Archives") or []
    enabled = [str(a.get("ArchiveName")) for a in archives if a.get("State") in ("ENABLED", None)]
    return MSG.ok("archived", archives=", ".join(enabled)) if enabled else MSG.fail("no_archive")
