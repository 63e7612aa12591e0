"""Azure SQL checks (CIS Azure 2.1 section 4.1)."""

from __future__ import annotations

from checks import check
from checks.azure._common import CIS, lower, props, unreadable_result
from agent.core.model import Resource, Result, Severity

SERVER = ("azure.sql.server",)


def _auditing(r: Resource) -> tuple[dict | None, Result | None]:
    policy = r.data.get("auditingPolicy")
    err = unreadable_result(policy, "auditing settings")
    if err:
        return None, err
    return policy or {}, None


@check(id="azure.sql.auditing_enabled", resource_types=SERVER, severity=Severity.MEDIUM,
       frameworks={CIS: ["4.1.1"]},
       title={"en": "SQL server auditing is on", "ja": "SQL サーバーの監査が有効"},
       description={"en": "Server auditing records database events, needed to detect and investigate misuse.",
                    "ja": "サーバー監査はデータベースのイベントを記録し、不正利用の検知と調査に必要です。"},
       remediation={"en": "az sql server audit-policy update -g <rg> -n <server> --state Enabled --log-analytics-target-state Enabled --log-analytics-workspace-resource-id <id>",
                    "ja": "az sql server audit-policy update -g <RG> -n <サーバー> --state Enabled --log-analytics-target-state Enabled --log-analytics-workspace-resource-id <ID> を実行します。"})
def auditing(r: Resource) -> Result:
    policy, err = _auditing(r)
    if err:
        return err
    state = (policy or {}).get("state") or "Disabled"
    return Result.ok() if state == "Enabled" else Result.fail(f"auditing state is {state}")


@check(id="azure.sql.auditing_retention_90_days", resource_types=SERVER, severity=Severity.LOW,
       frameworks={CIS: ["4.1.6"]},
       title={"en": "SQL server audit logs are kept more than 90 days", "ja": "SQL サーバーの監査ログを 90 日超保持している"},
       description={"en": "Audit logs must outlive the time it takes to notice an incident.",
                    "ja": "監査ログはインシデントに気付くまでの期間より長く保持する必要があります。"},
       remediation={"en": "az sql server audit-policy update -g <rg> -n <server> --retention-days 91 (0 keeps logs for ever)",
                    "ja": "az sql server audit-policy update -g <RG> -n <サーバー> --retention-days 91 を実行します (0 は無期限保持)。"})
def auditing_retention(r: Resource) -> Result:
    policy, err = _auditing(r)
    if err:
        return err
    policy = policy or {}
    if policy.get("state") != "Enabled":
        return Result.fail("auditing is off")
    days = int(policy.get("retentionDays") or 0)
    if days == 0 or days > 90:
        return Result.ok(f"retention {days or 'unlimited'} days")
    return Result.fail(f"audit retention is {days} days", retentionDays=days)


@check(id="azure.sql.no_firewall_allow_all", resource_types=SERVER, severity=Severity.HIGH,
       frameworks={CIS: ["4.1.2"]},
       title={"en": "SQL server firewall does not allow any IP address", "ja": "SQL サーバーのファイアウォールが任意の IP を許可していない"},
       description={"en": "A rule 0.0.0.0–255.255.255.255 opens the server to the whole Internet; 0.0.0.0–0.0.0.0 "
                          "('Allow Azure services') opens it to every Azure customer's resources.",
                    "ja": "0.0.0.0–255.255.255.255 の規則はサーバーをインターネット全体に、0.0.0.0–0.0.0.0 (Azure サービスを許可) は全 Azure 利用者のリソースに公開します。"},
       remediation={"en": "az sql server firewall-rule delete -g <rg> -s <server> -n <rule>, then allow only the needed addresses or use private endpoints.",
                    "ja": "az sql server firewall-rule delete -g <RG> -s <サーバー> -n <規則> で削除し、必要なアドレスのみ許可するかプライベートエンドポイントを使います。"})
def firewall(r: Resource) -> Result:
    rules = r.data.get("firewallRules")
    err = unreadable_result(rules, "firewall rules")
    if err:
        return err
    wide = []
    for rule in rules or []:
        p = rule.get("properties") or rule
        if p.get("startIpAddress") == "0.0.0.0" and p.get("endIpAddress") in ("0.0.0.0", "255.255.255.255"):
            wide.append({"name": rule.get("name"), "start": p.get("startIpAddress"), "end": p.get("endIpAddress")})
    if wide:
        return Result.fail(f"firewall rule(s) open to any address: {', '.join(str(w['name']) for w in wide)}", rules=wide)
    return Result.ok()


@check(id="azure.sql.entra_admin_configured", resource_types=SERVER, severity=Severity.MEDIUM,
       frameworks={CIS: ["4.1.4"]},
       title={"en": "SQL server has a Microsoft Entra admin", "ja": "SQL サーバーに Microsoft Entra 管理者が設定されている"},
       description={"en": "Entra authentication centralises identities, MFA and password rotation instead of SQL logins.",
                    "ja": "Entra 認証なら SQL ログインではなく、ID・MFA・パスワード更新を一元管理できます。"},
       remediation={"en": "az sql server ad-admin create -g <rg> -s <server> --display-name <name> --object-id <id>",
                    "ja": "az sql server ad-admin create -g <RG> -s <サーバー> --display-name <名前> --object-id <ID> を実行します。"})
def entra_admin(r: Resource) -> Result:
    admin = props(r).get("administrators") or {}
    if admin.get("login") or admin.get("sid"):
        return Result.ok(str(admin.get("login") or admin.get("sid")))
    return Result.fail("no Microsoft Entra admin is set")


@check(id="azure.sql.tde_enabled", resource_types=("azure.sql.database",), severity=Severity.HIGH,
       frameworks={CIS: ["4.1.5"]},
       title={"en": "SQL database has transparent data encryption on", "ja": "SQL データベースの透過的データ暗号化 (TDE) が有効"},
       description={"en": "TDE encrypts the database, its backups and logs at rest.",
                    "ja": "TDE はデータベース本体、バックアップ、ログを保存時に暗号化します。"},
       remediation={"en": "az sql db tde set -g <rg> -s <server> -d <database> --status Enabled",
                    "ja": "az sql db tde set -g <RG> -s <サーバー> -d <データベース> --status Enabled を実行します。"})
def tde(r: Resource) -> Result:
    if lower(r.name) == "master":
        return Result.ok("system database")
    value = r.data.get("transparentDataEncryption")
    err = unreadable_result(value, "transparent data encryption")
    if err:
        return err
    state = (value or {}).get("state") or "Disabled"
    return Result.ok() if state == "Enabled" else Result.fail(f"TDE state is {state}")
