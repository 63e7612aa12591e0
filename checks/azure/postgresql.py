"""PostgreSQL flexible server checks (CIS Azure 2.1 section 4.3, v3.0 5.2).

Server parameters are read one by one (``configurations``); a parameter the server's version
does not have is None and counts as its documented default.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need
from checks.azure._common import cis, enabled, lower, open_firewall_rules, property_check, server_parameter
from checks.common import T

SERVER = ("azure.postgresql.flexible_server",)

MSG = Messages("azure.postgresql", {
    "parameter": ("{parameter} = {value}", "パラメーター {parameter} は {value} です"),
    "parameter_bad": ("{parameter} = {value} (want {want})", "{parameter} が {value} です ({want} にしてください)"),
    "open_firewall": ("firewall rule(s) open to any address or all of Azure: {names}",
                      "任意のアドレスまたは Azure 全体に開いたファイアウォール規則: {names}"),
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
})




def _parameter_on(name: str, default: str) -> Any:
    def evaluate(r: Resource) -> Result:
        value = server_parameter(r, name, default)
        if lower(value) == "on":
            return MSG.ok("parameter", parameter=name, value=value)
        return MSG.fail("parameter_bad", parameter=name, value=value, want="on")
    return evaluate


def _register_parameter(check_id: str, name: str, default: str, v21: str, title: dict[str, str],
                        description: dict[str, str]) -> None:
    check(id=check_id, resource_types=SERVER, severity=Severity.MEDIUM, frameworks=cis(v21), title=title,
          description=description,
          remediation=T(f"az postgres flexible-server parameter set -g <rg> -s <server> -n {name} -v on",
                        f"az postgres flexible-server parameter set -g <RG> -s <サーバー> -n {name} -v on を実行します。"))(
        _parameter_on(name, default))


_register_parameter("azure.postgresql.ssl_enforced", "require_secure_transport", "on", "4.3.1",
                    T("PostgreSQL server requires SSL connections", "PostgreSQL サーバーが SSL 接続を必須にしている"),
                    T("Without require_secure_transport, clients may send passwords and data in clear text.",
                      "require_secure_transport が無効だと、クライアントがパスワードやデータを平文で送れます。"))
_register_parameter("azure.postgresql.log_checkpoints_on", "log_checkpoints", "on", "4.3.2",
                    T("PostgreSQL logs checkpoints", "PostgreSQL がチェックポイントをログに記録する"),
                    T("Checkpoint logs help find performance problems and sub-optimal settings.",
                      "チェックポイントのログは性能問題や不適切な設定の発見に役立ちます。"))
_register_parameter("azure.postgresql.log_connections_on", "log_connections", "off", "4.3.3",
                    T("PostgreSQL logs connection attempts", "PostgreSQL が接続試行をログに記録する"),
                    T("Connection logs show brute-force attempts and who connected when.",
                      "接続ログはブルートフォース攻撃や誰がいつ接続したかを示します。"))
_register_parameter("azure.postgresql.log_disconnections_on", "log_disconnections", "off", "4.3.4",
                    T("PostgreSQL logs disconnections", "PostgreSQL が切断をログに記録する"),
                    T("Session ends with their duration complete the audit trail of connections.",
                      "セッションの終了と継続時間の記録で、接続の監査証跡が完成します。"))
_register_parameter("azure.postgresql.connection_throttling_on", "connection_throttle.enable", "off", "4.3.5",
                    T("PostgreSQL throttles failed connections", "PostgreSQL が失敗した接続を制限する"),
                    T("Throttling slows password guessing against the server.", "接続制限はサーバーへのパスワード推測を遅らせます。"))


@check(id="azure.postgresql.min_tls_1_2", resource_types=SERVER, severity=Severity.MEDIUM,
       title=T("PostgreSQL server requires TLS 1.2 or newer", "PostgreSQL サーバーの最小 TLS が 1.2 以上"),
       description=T("TLS 1.0 and 1.1 have known weaknesses.", "TLS 1.0/1.1 には既知の脆弱性があります。"),
       remediation=T("az postgres flexible-server parameter set -g <rg> -s <server> -n ssl_min_protocol_version -v TLSv1.2",
                     "az postgres flexible-server parameter set -g <RG> -s <サーバー> -n ssl_min_protocol_version -v TLSv1.2 を実行します。"))
def min_tls(r: Resource) -> Result:
    value = server_parameter(r, "ssl_min_protocol_version", "TLSv1.2")
    if value in ("TLSv1.2", "TLSv1.3"):
        return MSG.ok("parameter", parameter="ssl_min_protocol_version", value=value)
    return MSG.fail("parameter_bad", parameter="ssl_min_protocol_version", value=value, want="TLSv1.2")


@check(id="azure.postgresql.log_retention_over_3_days", resource_types=SERVER, severity=Severity.LOW, frameworks=cis("4.3.6"),
       title=T("PostgreSQL keeps server logs more than 3 days", "PostgreSQL がサーバーログを 3 日より長く保持する"),
       description=T("Three days of logs rarely cover the time it takes to notice an incident.",
                     "3 日分のログでは、インシデントに気付くまでの期間をほとんどカバーできません。"),
       remediation=T("az postgres flexible-server parameter set -g <rg> -s <server> -n logfiles.retention_days -v 7",
                     "az postgres flexible-server parameter set -g <RG> -s <サーバー> -n logfiles.retention_days -v 7 を実行します。"))
def log_retention(r: Resource) -> Result:
    value = server_parameter(r, "logfiles.retention_days", "3")
    if int(value) > 3:
        return MSG.ok("parameter", parameter="logfiles.retention_days", value=value)
    return MSG.fail("parameter_bad", parameter="logfiles.retention_days", value=value, want="4 or more")


@check(id="azure.postgresql.no_firewall_allow_all", resource_types=SERVER, severity=Severity.HIGH, frameworks=cis("4.3.7"),
       title=T("PostgreSQL firewall allows neither any IP nor all of Azure", "PostgreSQL のファイアウォールが任意の IP や Azure 全体を許可していない"),
       description=T("0.0.0.0-0.0.0.0 ('Allow public access from any Azure service') admits every Azure customer's resources; "
                     "0.0.0.0-255.255.255.255 the whole Internet.",
                     "0.0.0.0-0.0.0.0 (任意の Azure サービスからのパブリックアクセスを許可) は全 Azure 利用者のリソースを、"
                     "0.0.0.0-255.255.255.255 はインターネット全体を許可します。"),
       remediation=T("az postgres flexible-server firewall-rule delete -g <rg> -n <server> -r <rule>",
                     "az postgres flexible-server firewall-rule delete -g <RG> -n <サーバー> -r <規則> を実行します。"))
def firewall(r: Resource) -> Result:
    wide = open_firewall_rules(need(r, "firewallRules"))
    return MSG.fail("open_firewall", names=[str(w["name"]) for w in wide], rules=wide) if wide else Result.ok()


def _property(check_id: str, severity: Severity, path: tuple[str, ...], good: Any, default: str,
              frameworks: dict[str, list[str]], title: dict[str, str], description: dict[str, str],
              remediation: dict[str, str]) -> None:
    property_check(MSG, SERVER, check_id, severity, path, good, default, frameworks, title, description, remediation)


_property("azure.postgresql.public_network_access_disabled", Severity.HIGH, ("network", "publicNetworkAccess"),
          lambda v: lower(v) == "disabled", "Enabled", {},
          T("PostgreSQL server is not reachable from the Internet", "PostgreSQL サーバーにインターネットから到達できない"),
          T("Private access (VNet integration or private endpoints) keeps the server off the Internet.",
            "プライベートアクセス (VNet 統合またはプライベートエンドポイント) ならサーバーをインターネットから隔離できます。"),
          T("Recreate the server with private access, or disable public network access on its Networking page.",
            "プライベートアクセスでサーバーを作り直すか、ネットワークのページでパブリックネットワークアクセスを無効にします。"))
_property("azure.postgresql.geo_redundant_backup", Severity.LOW, ("backup", "geoRedundantBackup"),
          lambda v: lower(v) == "enabled", "Disabled", {},
          T("PostgreSQL backups are geo-redundant", "PostgreSQL のバックアップが geo 冗長"),
          T("Geo-redundant backups survive the loss of the server's region.", "geo 冗長バックアップはリージョン全体の障害にも耐えます。"),
          T("Geo-redundancy is chosen at creation: restore to a new server with --geo-redundant-backup Enabled.",
            "geo 冗長は作成時に選びます。--geo-redundant-backup Enabled で新しいサーバーに復元します。"))
_property("azure.postgresql.cmk_encryption", Severity.LOW, ("dataEncryption", "type"),
          lambda v: lower(v) == "azurekeyvault", "SystemManaged", {},
          T("PostgreSQL data is encrypted with a customer-managed key", "PostgreSQL のデータがカスタマー管理キーで暗号化されている"),
          T("A key in your Key Vault lets you control, rotate and revoke access to the data at rest.",
            "自分の Key Vault のキーなら保存データへのアクセスを制御、更新、失効できます。"),
          T("Customer-managed keys are chosen at creation (--key <key id> --identity <identity>); restore to a new server.",
            "カスタマー管理キーは作成時に指定します (--key <キー ID> --identity <ID>)。新しいサーバーに復元します。"))
_property("azure.postgresql.entra_authentication_enabled", Severity.MEDIUM, ("authConfig", "activeDirectoryAuth"),
          enabled, "Disabled", {},
          T("PostgreSQL server accepts Microsoft Entra authentication", "PostgreSQL サーバーが Microsoft Entra 認証を受け付ける"),
          T("Entra identities bring MFA, central disabling and no shared database passwords.",
            "Entra ID なら MFA、一元的な無効化が使え、共有のデータベースパスワードが不要になります。"),
          T("az postgres flexible-server update -g <rg> -n <server> --active-directory-auth Enabled, then add an Entra admin.",
            "az postgres flexible-server update -g <RG> -n <サーバー> --active-directory-auth Enabled の後、Entra 管理者を追加します。"))
