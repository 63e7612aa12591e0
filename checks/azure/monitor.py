"""Subscription monitoring: activity log alerts (CIS Azure 2.1 section 5.2) and diagnostic settings (5.1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, readable
from checks.azure._common import cis, lower
from checks.common import as_list

ALERTS = ("azure.monitor.activity_log_alerts",)
# CIS 5.1.2: the activity log categories a subscription diagnostic setting must export.
REQUIRED_CATEGORIES = ("Administrative", "Alert", "Policy", "Security")

MSG = Messages("azure.monitor", {
    "alerts": ("alert(s): {alerts}", "アラート: {alerts}"),
    "no_alert": ("no enabled subscription-wide alert on {operation}",
                 "{operation} に対するサブスクリプション全体の有効なアラートがありません"),
    "settings": ("{count} setting(s)", "診断設定が {count} 件あります"),
    "no_setting": ("no diagnostic setting exports the activity log", "アクティビティログをエクスポートする診断設定がありません"),
    "all_logs": ("allLogs", "allLogs (すべてのログ)"),
    "categories_missing": ("categories not captured: {missing}", "収集されていないカテゴリ: {missing}"),
})


def _conditions(node: Any) -> Iterator[dict[str, Any]]:
    """Every leaf condition ({field, equals}) of an alert's allOf/anyOf tree."""
    if isinstance(node, dict):
        if "field" in node:
            yield node
        for key in ("allOf", "anyOf"):
            for child in node.get(key) or []:
                yield from _conditions(child)
    elif isinstance(node, list):
        for child in node:
            yield from _conditions(child)


def alerting_on(r: Resource, operation: str) -> list[str]:
    """Names of enabled alerts scoped to the subscription that fire on ``operation``."""
    sub_scope = f"/subscriptions/{lower(r.account)}"
    names = []
    for alert in r.data.get("alerts") or []:
        if alert.get("enabled") is False:
            continue
        if not any(lower(s).rstrip("/") == sub_scope for s in alert.get("scopes") or []):
            continue
        leaves = list(_conditions(alert.get("condition") or {}))
        if any(lower(c.get("field")) == "operationname" and lower(c.get("equals")) == operation.lower() for c in leaves):
            names.append(str(alert.get("name")))
    return names


def _alert_check(check_id: str, control: str, operation: str, en: str, ja: str) -> Callable[[Resource], Result]:
    @check(id=check_id, resource_types=ALERTS, severity=Severity.MEDIUM, frameworks=cis(control),
           title={"en": f"Activity log alert exists for {en}", "ja": f"{ja}のアクティビティログアラートがある"},
           description={"en": f"An alert on '{operation}' tells the team at once when someone performs {en}.",
                        "ja": f"'{operation}' のアラートがあれば、{ja}が行われた時点でチームに通知されます。"},
           remediation={"en": f"az monitor activity-log alert create -g <rg> -n <name> --scope /subscriptions/<id> "
                              f"--condition category=Administrative and operationName={operation} --action-group <group>",
                        "ja": f"az monitor activity-log alert create -g <RG> -n <名前> --scope /subscriptions/<ID> "
                              f"--condition category=Administrative and operationName={operation} --action-group <グループ> を実行します。"})
    def evaluate(r: Resource) -> Result:
        names = alerting_on(r, operation)
        if names:
            return MSG.ok("alerts", alerts=names)
        return MSG.fail("no_alert", operation=operation)

    return evaluate


ALERT_CHECKS = [
    _alert_check("azure.monitor.alert_policy_assignment_create", "5.2.1",
                 "Microsoft.Authorization/policyAssignments/write", "creating a policy assignment", "ポリシー割り当ての作成"),
    _alert_check("azure.monitor.alert_policy_assignment_delete", "5.2.2",
                 "Microsoft.Authorization/policyAssignments/delete", "deleting a policy assignment", "ポリシー割り当ての削除"),
    _alert_check("azure.monitor.alert_nsg_write", "5.2.3",
                 "Microsoft.Network/networkSecurityGroups/write", "creating or updating a network security group",
                 "ネットワークセキュリティグループの作成・更新"),
    _alert_check("azure.monitor.alert_nsg_delete", "5.2.4",
                 "Microsoft.Network/networkSecurityGroups/delete", "deleting a network security group",
                 "ネットワークセキュリティグループの削除"),
    _alert_check("azure.monitor.alert_security_solution_write", "5.2.5",
                 "Microsoft.Security/securitySolutions/write", "creating or updating a security solution",
                 "セキュリティソリューションの作成・更新"),
    _alert_check("azure.monitor.alert_security_solution_delete", "5.2.6",
                 "Microsoft.Security/securitySolutions/delete", "deleting a security solution", "セキュリティソリューションの削除"),
    _alert_check("azure.monitor.alert_sql_firewall_write", "5.2.7",
                 "Microsoft.Sql/servers/firewallRules/write", "creating or updating a SQL server firewall rule",
                 "SQL サーバーのファイアウォール規則の作成・更新"),
    _alert_check("azure.monitor.alert_sql_firewall_delete", "5.2.8",
                 "Microsoft.Sql/servers/firewallRules/delete", "deleting a SQL server firewall rule",
                 "SQL サーバーのファイアウォール規則の削除"),
    _alert_check("azure.monitor.alert_public_ip_write", "5.2.9",
                 "Microsoft.Network/publicIPAddresses/write", "creating or updating a public IP address",
                 "パブリック IP アドレスの作成・更新"),
    _alert_check("azure.monitor.alert_public_ip_delete", "5.2.10",
                 "Microsoft.Network/publicIPAddresses/delete", "deleting a public IP address", "パブリック IP アドレスの削除"),
]

DIAG = ("azure.monitor.diagnostic_settings",)


def _settings(r: Resource) -> list[dict[str, Any]]:
    return as_list(readable(r.data.get("settings"), "subscription diagnostic settings"))


@check(id="azure.monitor.diagnostic_setting_exists", resource_types=DIAG, severity=Severity.MEDIUM,
       frameworks=cis("5.1.1"),
       title={"en": "Subscription activity log is exported by a diagnostic setting",
              "ja": "サブスクリプションのアクティビティログが診断設定でエクスポートされている"},
       description={"en": "The activity log is kept for 90 days only; a diagnostic setting keeps it in a workspace, storage or Event Hub.",
                    "ja": "アクティビティログは 90 日しか保持されません。診断設定でワークスペース、ストレージ、Event Hub に保存します。"},
       remediation={"en": "az monitor diagnostic-settings subscription create -n <name> --location <region> --workspace <id> --logs '[...]'",
                    "ja": "az monitor diagnostic-settings subscription create -n <名前> --location <リージョン> --workspace <ID> --logs '[...]' "
                          "を実行します。"})
def diagnostic_exists(r: Resource) -> Result:
    settings = _settings(r)
    return MSG.ok("settings", count=len(settings)) if settings else MSG.fail("no_setting")


@check(id="azure.monitor.diagnostic_setting_categories", resource_types=DIAG, severity=Severity.MEDIUM,
       frameworks=cis("5.1.2"),
       title={"en": "Subscription diagnostic setting captures Administrative, Alert, Policy and Security",
              "ja": "サブスクリプションの診断設定が Administrative・Alert・Policy・Security を収集している"},
       description={"en": "These categories record control-plane changes, alerts, policy decisions and security events.",
                    "ja": "これらのカテゴリは管理操作、アラート、ポリシー判定、セキュリティイベントを記録します。"},
       remediation={"en": "Enable the Administrative, Alert, Policy and Security categories in the subscription's diagnostic setting.",
                    "ja": "サブスクリプションの診断設定で Administrative、Alert、Policy、Security のカテゴリを有効にします。"})
def diagnostic_categories(r: Resource) -> Result:
    enabled: set[str] = set()
    for s in _settings(r):
        for log in (s.get("properties") or s).get("logs") or []:
            if log.get("enabled"):
                enabled.add(lower(log.get("category") or log.get("categoryGroup")))
    if "alllogs" in enabled:
        return MSG.ok("all_logs")
    missing = [c for c in REQUIRED_CATEGORIES if c.lower() not in enabled]
    if missing:
        return MSG.fail("categories_missing", missing=missing)
    return Result.ok()
