"""Azure SQL checks (CIS Azure 2.1 section 4.1)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, readable
from checks.azure._common import cis, lower, open_firewall_rules, props

SERVER = ("azure.sql.server",)

MSG = Messages("azure.sql", {
    "auditing_state": ("auditing state is {state}", "監査の状態が {state} です"),
    "auditing_off": ("auditing is off", "監査が無効です"),
    "retention_days": ("retention {days} days", "保持期間は {days} 日です"),
    "retention_unlimited": ("retention unlimited days", "保持期間は無期限です"),
    "short_retention": ("audit retention is {retentionDays} days", "監査ログの保持期間が {retentionDays} 日です"),
    "open_firewall": ("firewall rule(s) open to any address: {names}", "任意のアドレスに開いたファイアウォール規則: {names}"),
    "entra_admin": ("{admin}", "Microsoft Entra 管理者: {admin}"),
    "no_entra_admin": ("no Microsoft Entra admin is set", "Microsoft Entra 管理者が設定されていません"),
    "system_database": ("system database", "システムデータベースです"),
    "tde_state": ("TDE state is {state}", "TDE の状態が {state} です"),
})


def _auditing(r: Resource) -> dict[str, Any]:
    return readable(r.data.get("auditingPolicy"), "auditing settings") or {}


@check(id="azure.sql.auditing_enabled", resource_types=SERVER, severity=Severity.MEDIUM,
       frameworks=cis("4.1.1"),
       title={"en": "SQL server auditing is on", "ja": "SQL サーバーの監査が有効"},
       description={"en": "Server auditing records database events, needed to detect and investigate misuse.",
                    "ja": "サーバー監査はデータベースのイベントを記録し、不正利用の検知と調査に必要です。"},
       remediation={"en": "az sql server audit-policy update -g <rg> -n <server> --state Enabled --log-analytics-target-state Enabled "
                          "--log-analytics-workspace-resource-id <id>",
                    "ja": "az sql server audit-policy update -g <RG> -n <サーバー> --state Enabled --log-analytics-target-state Enabled "
                          "--log-analytics-workspace-resource-id <ID> を実行します。"})
def auditing(r: Resource) -> Result:
    state = _auditing(r).get("state") or "Disabled"
    return Result.ok() if state == "Enabled" else MSG.fail("auditing_state", state=state)


@check(id="azure.sql.auditing_retention_90_days", resource_types=SERVER, severity=Severity.LOW,
       frameworks=cis("4.1.6"),
       title={"en": "SQL server audit logs are kept more than 90 days", "ja": "SQL サーバーの監査ログを 90 日超保持している"},
       description={"en": "Audit logs must outlive the time it takes to notice an incident.",
                    "ja": "監査ログはインシデントに気付くまでの期間より長く保持する必要があります。"},
       remediation={"en": "az sql server audit-policy update -g <rg> -n <server> --retention-days 91 (0 keeps logs for ever)",
                    "ja": "az sql server audit-policy update -g <RG> -n <サーバー> --retention-days 91 を実行します (0 は無期限保持)。"})
def auditing_retention(r: Resource) -> Result:
    policy = _auditing(r)
    if policy.get("state") != "Enabled":
        return MSG.fail("auditing_off")
    days = int(policy.get("retentionDays") or 0)
    if days == 0:
        return MSG.ok("retention_unlimited")
    if days > 90:
        return MSG.ok("retention_days", days=days)
    return MSG.fail("short_retention", retentionDays=days)


@check(id="azure.sql.no_firewall_allow_all", resource_types=SERVER, severity=Severity.HIGH,
       frameworks=cis("4.1.2"),
       title={"en": "SQL server firewall does not allow any IP address", "ja": "SQL サーバーのファイアウォールが任意の IP を許可していない"},
       description={"en": "A rule 0.0.0.0–255.255.255.255 opens the server to the whole Internet; 0.0.0.0–0.0.0.0 "
                          "('Allow Azure services') opens it to every Azure customer's resources.",
                    "ja": "0.0.0.0–255.255.255.255 の規則はサーバーをインターネット全体に、0.0.0.0–0.0.0.0 (Azure サービスを許可) は全 Azure "
                          "利用者のリソースに公開します。"},
       remediation={"en": "az sql server firewall-rule delete -g <rg> -s <server> -n <rule>, then allow only the needed addresses or use private endpoints.",
                    "ja": "az sql server firewall-rule delete -g <RG> -s <サーバー> -n <規則> で削除し、"
                          "必要なアドレスのみ許可するかプライベートエンドポイントを使います。"})
def firewall(r: Resource) -> Result:
    wide = open_firewall_rules(readable(r.data.get("firewallRules"), "firewall rules"))
    if wide:
        return MSG.fail("open_firewall", names=[str(w["name"]) for w in wide], rules=wide)
    return Result.ok()


@check(id="azure.sql.entra_admin_configured", resource_types=SERVER, severity=Severity.MEDIUM,
       frameworks=cis("4.1.4"),
       title={"en": "SQL server has a Microsoft Entra admin", "ja": "SQL サーバーに Microsoft Entra 管理者が設定されている"},
       description={"en": "Entra authentication centralises identities, MFA and password rotation instead of SQL logins.",
                    "ja": "Entra 認証なら SQL ログインではなく、ID・MFA・パスワード更新を一元管理できます。"},
       remediation={"en": "az sql server ad-admin create -g <rg> -s <server> --display-name <name> --object-id <id>",
                    "ja": "az sql server ad-admin create -g <RG> -s <サーバー> --display-name <名前> --object-id <ID> を実行します。"})
def entra_admin(r: Resource) -> Result:
    admin = props(r).get("administrators") or {}
    if admin.get("login") or admin.get("sid"):
        return MSG.ok("entra_admin", admin=str(admin.get("login") or admin.get("sid")))
    return MSG.fail("no_entra_admin")


@check(id="azure.sql.tde_enabled", resource_types=("azure.sql.database",), severity=Severity.HIGH,
       frameworks=cis("4.1.5"),
       title={"en": "SQL database has transparent data encryption on", "ja": "SQL データベースの透過的データ暗号化 (TDE) が有効"},
       description={"en": "TDE encrypts the database, its backups and logs at rest.",
                    "ja": "TDE はデータベース本体、バックアップ、ログを保存時に暗号化します。"},
       remediation={"en": "az sql db tde set -g <rg> -s <server> -d <database> --status Enabled",
                    "ja": "az sql db tde set -g <RG> -s <サーバー> -d <データベース> --status Enabled を実行します。"})
def tde(r: Resource) -> Result:
    if lower(r.name) == "master":
        return MSG.ok("system_database")
    value = readable(r.data.get("transparentDataEncryption"), "transparent data encryption")
    state = (value or {}).get("state") or "Disabled"
    return Result.ok() if state == "Enabled" else MSG.fail("tde_state", state=state)
