"""Cosmos DB account checks (CIS Azure 2.1 section 4.5, v3.0 5.4), from the account's ARM document.

Accounts created before a property existed omit it; the omitted value is the API's default
(local key authentication on, public network access on).
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.azure._common import approved_private_endpoints, cis, lower, property_check, props
from checks.common import T, as_list

ACCOUNT = ("azure.cosmosdb.account",)

MSG = Messages("azure.cosmosdb", {
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
    "filtered": ("network access limited to {vnets} VNet rule(s) and {ips} IP rule(s)",
                 "ネットワークアクセスは VNet 規則 {vnets} 件と IP 規則 {ips} 件に限定されています"),
    "unfiltered": ("the account accepts traffic from all networks", "アカウントがすべてのネットワークからの通信を受け付けます"),
    "private_endpoint": ("{count} approved private endpoint connection(s)", "承認済みのプライベートエンドポイント接続が {count} 件あります"),
    "no_private_endpoint": ("no approved private endpoint connection", "承認済みのプライベートエンドポイント接続がありません"),
})


def _property(check_id: str, severity: Severity, path: tuple[str, ...], good: Any, default: Any,
              frameworks: dict[str, list[str]], title: dict[str, str], description: dict[str, str],
              remediation: dict[str, str]) -> None:
    property_check(MSG, ACCOUNT, check_id, severity, path, good, default, frameworks, title, description, remediation)


_property("azure.cosmosdb.local_auth_disabled", Severity.HIGH, ("disableLocalAuth",), lambda v: v is True, False, cis("4.5.3"),
          T("Cosmos DB accepts only Microsoft Entra (RBAC) authentication", "Cosmos DB が Microsoft Entra (RBAC) 認証のみを受け付ける"),
          T("Account keys give full access to every database, never expire and are easily leaked; Entra ID with "
            "data-plane RBAC is scoped and audited.",
            "アカウントキーは全データベースへの完全なアクセス権を持ち、失効せず漏えいしやすいものです。"
            "Entra ID とデータプレーン RBAC なら範囲が限定され監査されます。"),
          T("az cosmosdb update -g <rg> -n <account> --disable-local-auth true (after moving clients to Entra ID)",
            "クライアントを Entra ID に移行した後、az cosmosdb update -g <RG> -n <アカウント> --disable-local-auth true を実行します。"))
_property("azure.cosmosdb.public_network_access_disabled", Severity.MEDIUM, ("publicNetworkAccess",),
          lambda v: lower(v) == "disabled", "Enabled", {},
          T("Cosmos DB is not reachable from the Internet", "Cosmos DB にインターネットから到達できない"),
          T("With public network access off, only private endpoints reach the account.",
            "パブリックネットワークアクセスを無効にすると、プライベートエンドポイントからのみ到達できます。"),
          T("az cosmosdb update -g <rg> -n <account> --public-network-access Disabled",
            "az cosmosdb update -g <RG> -n <アカウント> --public-network-access Disabled を実行します。"))
_property("azure.cosmosdb.key_based_metadata_write_disabled", Severity.LOW, ("disableKeyBasedMetadataWriteAccess",),
          lambda v: v is True, False, {},
          T("Cosmos DB keys cannot change databases and containers", "Cosmos DB のキーでデータベースやコンテナーを変更できない"),
          T("Keys that can delete containers turn a leaked key into data loss.", "コンテナーを削除できるキーは、漏えいするとデータ損失につながります。"),
          T("az cosmosdb update -g <rg> -n <account> --disable-key-based-metadata-write-access true",
            "az cosmosdb update -g <RG> -n <アカウント> --disable-key-based-metadata-write-access true を実行します。"))
_property("azure.cosmosdb.cmk_encryption", Severity.LOW, ("keyVaultKeyUri",), lambda v: bool(v), "", {},
          T("Cosmos DB data is encrypted with a customer-managed key", "Cosmos DB のデータがカスタマー管理キーで暗号化されている"),
          T("A key in your Key Vault lets you control, rotate and revoke access to the data at rest.",
            "自分の Key Vault のキーなら保存データへのアクセスを制御、更新、失効できます。"),
          T("Customer-managed keys are set when the account is created (--key-uri); migrate to a new account.",
            "カスタマー管理キーはアカウント作成時に指定します (--key-uri)。新しいアカウントに移行します。"))
_property("azure.cosmosdb.min_tls_1_2", Severity.MEDIUM, ("minimalTlsVersion",), lambda v: v in ("Tls12", "Tls13"), "Tls", {},
          T("Cosmos DB requires TLS 1.2 or newer", "Cosmos DB の最小 TLS が 1.2 以上"),
          T("TLS 1.0 and 1.1 have known weaknesses.", "TLS 1.0/1.1 には既知の脆弱性があります。"),
          T("az cosmosdb update -g <rg> -n <account> --minimal-tls-version Tls12",
            "az cosmosdb update -g <RG> -n <アカウント> --minimal-tls-version Tls12 を実行します。"))


@check(id="azure.cosmosdb.firewall_restricted", resource_types=ACCOUNT, severity=Severity.HIGH, frameworks=cis("4.5.1"),
       title=T("Cosmos DB firewall limits which networks connect", "Cosmos DB のファイアウォールで接続元ネットワークを限定している"),
       description=T("Without VNet or IP rules (and with public access on) every network on the Internet reaches the account.",
                     "VNet 規則や IP 規則がなく、パブリックアクセスが有効だと、インターネット上のすべてのネットワークから到達できます。"),
       remediation=T("Add VNet rules (az cosmosdb network-rule add) or IP ranges (--ip-range-filter), or disable public access.",
                     "VNet 規則 (az cosmosdb network-rule add) や IP 範囲 (--ip-range-filter) を追加するか、パブリックアクセスを無効にします。"))
def firewall(r: Resource) -> Result:
    p = props(r)
    if lower(p.get("publicNetworkAccess") or "Enabled") == "disabled":
        return MSG.ok("setting", setting="publicNetworkAccess", value=p.get("publicNetworkAccess"))
    vnets = as_list(p.get("virtualNetworkRules")) if p.get("isVirtualNetworkFilterEnabled") else []
    ips = as_list(p.get("ipRules"))
    if vnets or ips:
        return MSG.ok("filtered", vnets=len(vnets), ips=len(ips))
    return MSG.fail("unfiltered")


@check(id="azure.cosmosdb.private_endpoint_used", resource_types=ACCOUNT, severity=Severity.MEDIUM, frameworks=cis("4.5.2"),
       title=T("Cosmos DB is reached through a private endpoint", "Cosmos DB にプライベートエンドポイント経由で接続している"),
       description=T("A private endpoint keeps traffic to the account inside your virtual network.",
                     "プライベートエンドポイントならアカウントへの通信が仮想ネットワーク内に留まります。"),
       remediation=T("az network private-endpoint create --group-id Sql --private-connection-resource-id <account id> ...",
                     "az network private-endpoint create --group-id Sql --private-connection-resource-id <アカウント ID> ... を実行します。"))
def private_endpoint(r: Resource) -> Result:
    approved = approved_private_endpoints(r)
    return MSG.ok("private_endpoint", count=len(approved)) if approved else MSG.fail("no_private_endpoint")
