"""Azure SQL server security depth: TDE protector, Defender for SQL, vulnerability assessment, network (CIS 4.1, 4.2)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need
from checks.azure._common import cis, lower, property_check
from checks.common import T

SERVER = ("azure.sql.server",)

MSG = Messages("azure.sql_security", {
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
    "va_on": ("vulnerability assessment scans into {path}", "脆弱性評価は {path} に結果を保存しています"),
    "va_off": ("vulnerability assessment has no storage container or recurring scans off",
               "脆弱性評価の保存先がないか、定期スキャンが無効です"),
})


@check(id="azure.sql.tde_protector_cmk", resource_types=SERVER, severity=Severity.MEDIUM, frameworks=cis("4.1.3"),
       title=T("SQL server's TDE protector is a customer-managed key", "SQL サーバーの TDE 保護機能がカスタマー管理キー"),
       description=T("With a Key Vault key as TDE protector you control rotation and can revoke access to every database.",
                     "Key Vault のキーを TDE 保護機能にすると、更新を管理でき、全データベースへのアクセスを失効できます。"),
       remediation=T("az sql server tde-key set -g <rg> -s <server> --server-key-type AzureKeyVault --kid <key id>",
                     "az sql server tde-key set -g <RG> -s <サーバー> --server-key-type AzureKeyVault --kid <キー ID> を実行します。"))
def tde_cmk(r: Resource) -> Result:
    value = str((need(r, "encryptionProtector") or {}).get("serverKeyType") or "ServiceManaged")
    if lower(value) == "azurekeyvault":
        return MSG.ok("setting", setting="serverKeyType", value=value)
    return MSG.fail("setting_bad", setting="serverKeyType", value=value)


@check(id="azure.sql.defender_for_sql_enabled", resource_types=SERVER, severity=Severity.MEDIUM, frameworks=cis("4.2.1"),
       title=T("Microsoft Defender for SQL is on for the server", "SQL サーバーで Microsoft Defender for SQL が有効"),
       description=T("Advanced threat protection alerts on SQL injection, anomalous access and brute force.",
                     "高度な脅威保護は SQL インジェクション、異常なアクセス、ブルートフォースを検知します。"),
       remediation=T("az sql server advanced-threat-protection-setting update -g <rg> -n <server> --state Enabled",
                     "az sql server advanced-threat-protection-setting update -g <RG> -n <サーバー> --state Enabled を実行します。"))
def defender_for_sql(r: Resource) -> Result:
    value = str((need(r, "securityAlertPolicy") or {}).get("state") or "Disabled")
    if lower(value) == "enabled":
        return MSG.ok("setting", setting="securityAlertPolicies.state", value=value)
    return MSG.fail("setting_bad", setting="securityAlertPolicies.state", value=value)


@check(id="azure.sql.vulnerability_assessment_enabled", resource_types=SERVER, severity=Severity.LOW, frameworks=cis("4.2.2"),
       title=T("SQL vulnerability assessment runs recurring scans", "SQL 脆弱性評価が定期スキャンを実行している"),
       description=T("Recurring scans find misconfigurations and excessive permissions in the databases.",
                     "定期スキャンはデータベースの設定ミスや過剰な権限を見つけます。"),
       remediation=T("Enable vulnerability assessment with a storage container and recurring scans (Defender for SQL settings).",
                     "保存先コンテナーと定期スキャンを指定して脆弱性評価を有効にします (Defender for SQL の設定)。"))
def vulnerability_assessment(r: Resource) -> Result:
    va: dict[str, Any] = need(r, "vulnerabilityAssessment") or {}
    path = va.get("storageContainerPath")
    if path and (va.get("recurringScans") or {}).get("isEnabled"):
        return MSG.ok("va_on", path=path)
    return MSG.fail("va_off")


property_check(MSG, SERVER, "azure.sql.public_network_access_disabled", Severity.MEDIUM, ("publicNetworkAccess",),
               lambda v: lower(v) == "disabled", "Enabled", {},
               T("SQL server is not reachable from the Internet", "SQL サーバーにインターネットから到達できない"),
               T("With public network access off, only private endpoints reach the server.",
                 "パブリックネットワークアクセスを無効にすると、プライベートエンドポイントからのみ到達できます。"),
               T("az sql server update -g <rg> -n <server> --enable-public-network false",
                 "az sql server update -g <RG> -n <サーバー> --enable-public-network false を実行します。"))
property_check(MSG, SERVER, "azure.sql.min_tls_1_2", Severity.MEDIUM, ("minimalTlsVersion",),
               lambda v: v in ("1.2", "1.3"), "None", {},
               T("SQL server requires TLS 1.2 or newer", "SQL サーバーの最小 TLS が 1.2 以上"),
               T("Without a minimum, clients may use TLS 1.0 and 1.1.", "最小値がないと、クライアントが TLS 1.0/1.1 を使えます。"),
               T("az sql server update -g <rg> -n <server> --minimal-tls-version 1.2",
                 "az sql server update -g <RG> -n <サーバー> --minimal-tls-version 1.2 を実行します。"))
