"""MySQL flexible server checks (CIS Azure 2.1 section 4.4, v3.0 5.3)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need
from checks.azure._common import cis, lower, open_firewall_rules, property_check, server_parameter
from checks.common import T

SERVER = ("azure.mysql.flexible_server",)

MSG = Messages("azure.mysql", {
    "parameter": ("{parameter} = {value}", "パラメーター {parameter} は {value} です"),
    "parameter_bad": ("{parameter} = {value} (want {want})", "{parameter} が {value} です ({want} にしてください)"),
    "open_firewall": ("firewall rule(s) open to any address or all of Azure: {names}",
                      "任意のアドレスまたは Azure 全体に開いたファイアウォール規則: {names}"),
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
})




def _must_be_on(r: Resource, name: str, default: str) -> Result:
    value = server_parameter(r, name, default)
    if lower(value) == "on":
        return MSG.ok("parameter", parameter=name, value=value)
    return MSG.fail("parameter_bad", parameter=name, value=value, want="ON")


def _set(name: str, value: str) -> dict[str, str]:
    return T(f"az mysql flexible-server parameter set -g <rg> -s <server> -n {name} -v {value}",
             f"az mysql flexible-server parameter set -g <RG> -s <サーバー> -n {name} -v {value} を実行します。")


@check(id="azure.mysql.ssl_enforced", resource_types=SERVER, severity=Severity.HIGH, frameworks=cis("4.4.1"),
       title=T("MySQL server requires secure transport", "MySQL サーバーが暗号化接続を必須にしている"),
       description=T("With require_secure_transport OFF clients may connect without TLS.",
                     "require_secure_transport が OFF だとクライアントが TLS なしで接続できます。"),
       remediation=_set("require_secure_transport", "ON"))
def ssl_enforced(r: Resource) -> Result:
    return _must_be_on(r, "require_secure_transport", "ON")


@check(id="azure.mysql.min_tls_1_2", resource_types=SERVER, severity=Severity.MEDIUM, frameworks=cis("4.4.2"),
       title=T("MySQL server accepts only TLS 1.2 or newer", "MySQL サーバーが TLS 1.2 以上のみを受け付ける"),
       description=T("tls_version listing TLSv1 or TLSv1.1 lets clients negotiate weak protocols.",
                     "tls_version に TLSv1 や TLSv1.1 があると、弱いプロトコルで接続できます。"),
       remediation=_set("tls_version", "TLSv1.2"))
def min_tls(r: Resource) -> Result:
    value = server_parameter(r, "tls_version", "TLSv1.2")
    versions = {v.strip() for v in value.split(",") if v.strip()}
    if versions and versions <= {"TLSv1.2", "TLSv1.3"}:
        return MSG.ok("parameter", parameter="tls_version", value=value)
    return MSG.fail("parameter_bad", parameter="tls_version", value=value, want="TLSv1.2")


@check(id="azure.mysql.audit_log_enabled", resource_types=SERVER, severity=Severity.MEDIUM, frameworks=cis("4.4.3"),
       title=T("MySQL audit log is on", "MySQL の監査ログが有効"),
       description=T("The audit log records connections and administrative statements for investigations.",
                     "監査ログは調査のために接続と管理操作を記録します。"),
       remediation=_set("audit_log_enabled", "ON"))
def audit_log(r: Resource) -> Result:
    return _must_be_on(r, "audit_log_enabled", "OFF")


@check(id="azure.mysql.audit_log_connection_events", resource_types=SERVER, severity=Severity.LOW, frameworks=cis("4.4.4"),
       title=T("MySQL audit log records connections", "MySQL の監査ログが接続イベントを記録する"),
       description=T("Without CONNECTION in audit_log_events, sign-ins to the database are not audited.",
                     "audit_log_events に CONNECTION がないと、データベースへのサインインが監査されません。"),
       remediation=_set("audit_log_events", "CONNECTION,ADMIN,DDL"))
def audit_connections(r: Resource) -> Result:
    value = server_parameter(r, "audit_log_events", "CONNECTION")
    if "connection" in {v.strip().lower() for v in value.split(",")}:
        return MSG.ok("parameter", parameter="audit_log_events", value=value)
    return MSG.fail("parameter_bad", parameter="audit_log_events", value=value, want="CONNECTION included")


@check(id="azure.mysql.no_firewall_allow_all", resource_types=SERVER, severity=Severity.HIGH,
       title=T("MySQL firewall allows neither any IP nor all of Azure", "MySQL のファイアウォールが任意の IP や Azure 全体を許可していない"),
       description=T("0.0.0.0-0.0.0.0 admits every Azure customer's resources; 0.0.0.0-255.255.255.255 the whole Internet.",
                     "0.0.0.0-0.0.0.0 は全 Azure 利用者のリソースを、0.0.0.0-255.255.255.255 はインターネット全体を許可します。"),
       remediation=T("az mysql flexible-server firewall-rule delete -g <rg> -n <server> -r <rule>",
                     "az mysql flexible-server firewall-rule delete -g <RG> -n <サーバー> -r <規則> を実行します。"))
def firewall(r: Resource) -> Result:
    wide = open_firewall_rules(need(r, "firewallRules"))
    return MSG.fail("open_firewall", names=[str(w["name"]) for w in wide], rules=wide) if wide else Result.ok()


def _property(check_id: str, severity: Severity, path: tuple[str, ...], good: Any, default: str,
              title: dict[str, str], description: dict[str, str], remediation: dict[str, str]) -> None:
    property_check(MSG, SERVER, check_id, severity, path, good, default, {}, title, description, remediation)


_property("azure.mysql.public_network_access_disabled", Severity.HIGH, ("network", "publicNetworkAccess"),
          lambda v: lower(v) == "disabled", "Enabled",
          T("MySQL server is not reachable from the Internet", "MySQL サーバーにインターネットから到達できない"),
          T("Private access keeps the server off the Internet.", "プライベートアクセスならサーバーをインターネットから隔離できます。"),
          T("Disable public network access on the server's Networking page (or recreate it with private access).",
            "サーバーのネットワークのページでパブリックネットワークアクセスを無効にします (またはプライベートアクセスで作り直します)。"))
_property("azure.mysql.geo_redundant_backup", Severity.LOW, ("backup", "geoRedundantBackup"),
          lambda v: lower(v) == "enabled", "Disabled",
          T("MySQL backups are geo-redundant", "MySQL のバックアップが geo 冗長"),
          T("Geo-redundant backups survive the loss of the server's region.", "geo 冗長バックアップはリージョン全体の障害にも耐えます。"),
          T("Restore to a new server with --geo-redundant-backup Enabled.", "--geo-redundant-backup Enabled で新しいサーバーに復元します。"))
_property("azure.mysql.cmk_encryption", Severity.LOW, ("dataEncryption", "type"), lambda v: lower(v) == "azurekeyvault",
          "SystemManaged",
          T("MySQL data is encrypted with a customer-managed key", "MySQL のデータがカスタマー管理キーで暗号化されている"),
          T("A key in your Key Vault lets you control, rotate and revoke access to the data at rest.",
            "自分の Key Vault のキーなら保存データへのアクセスを制御、更新、失効できます。"),
          T("az mysql flexible-server update -g <rg> -n <server> --key <key id> --identity <identity>",
            "az mysql flexible-server update -g <RG> -n <サーバー> --key <キー ID> --identity <ID> を実行します。"))
