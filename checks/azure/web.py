"""App Service checks (CIS Azure 2.1 section 9)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, readable
from checks.azure._common import cis, logs_enabled, props

APP = ("azure.web.app",)

MSG = Messages("azure.web", {
    "https_only_off": ("HTTPS Only is off", "「HTTPS のみ」が無効です"),
    "tls_ok": ("{minTlsVersion}", "最小 TLS バージョン: {minTlsVersion}"),
    "tls_old": ("minimum TLS version is {minTlsVersion}", "最小 TLS バージョンが {minTlsVersion} です"),
    "ftp_ok": ("{ftpsState}", "FTP の状態: {ftpsState}"),
    "ftp_allowed": ("FTP state is {ftpsState}", "FTP の状態が {ftpsState} です"),
    "identity": ("{type}", "マネージド ID の種類: {type}"),
    "no_identity": ("no managed identity", "マネージド ID がありません"),
    "http_logged": ("setting(s): {settings}", "診断設定: {settings}"),
    "no_http_log": ("no diagnostic setting exports AppServiceHTTPLogs",
                    "AppServiceHTTPLogs をエクスポートする診断設定がありません"),
})


@check(id="azure.web.https_only", resource_types=APP, severity=Severity.HIGH,
       frameworks=cis("9.2"),
       title={"en": "App Service redirects HTTP to HTTPS", "ja": "App Service が HTTP を HTTPS にリダイレクトしている"},
       description={"en": "Without HTTPS Only, the app answers plain HTTP and its traffic, cookies and tokens can be read.",
                    "ja": "HTTPS のみ が無効だとアプリは平文 HTTP にも応答し、通信・Cookie・トークンを盗聴されます。"},
       remediation={"en": "az webapp update -g <rg> -n <app> --https-only true",
                    "ja": "az webapp update -g <RG> -n <アプリ> --https-only true を実行します。"})
def https_only(r: Resource) -> Result:
    return Result.ok() if props(r).get("httpsOnly") is True else MSG.fail("https_only_off")


def _config(r: Resource) -> dict[str, Any]:
    return readable(r.data.get("siteConfig"), "site configuration") or {}


@check(id="azure.web.min_tls_1_2", resource_types=APP, severity=Severity.MEDIUM,
       frameworks=cis("9.3"),
       title={"en": "App Service requires TLS 1.2 or newer", "ja": "App Service の最小 TLS バージョンが 1.2 以上"},
       description={"en": "TLS 1.0 and 1.1 are deprecated and have known weaknesses.",
                    "ja": "TLS 1.0/1.1 は非推奨で、既知の脆弱性があります。"},
       remediation={"en": "az webapp config set -g <rg> -n <app> --min-tls-version 1.2",
                    "ja": "az webapp config set -g <RG> -n <アプリ> --min-tls-version 1.2 を実行します。"})
def min_tls(r: Resource) -> Result:
    version = str(_config(r).get("minTlsVersion") or "1.2")
    try:
        ok = float(version) >= 1.2
    except ValueError:
        ok = False
    return MSG.ok("tls_ok", minTlsVersion=version) if ok else MSG.fail("tls_old", minTlsVersion=version)


@check(id="azure.web.ftp_disabled", resource_types=APP, severity=Severity.MEDIUM,
       frameworks=cis("9.9"),
       title={"en": "App Service FTP deployment is disabled or FTPS only", "ja": "App Service の FTP デプロイが無効または FTPS のみ"},
       description={"en": "Plain FTP sends deployment credentials and code in clear text.",
                    "ja": "平文の FTP はデプロイ用の資格情報とコードを暗号化せずに送ります。"},
       remediation={"en": "az webapp config set -g <rg> -n <app> --ftps-state Disabled",
                    "ja": "az webapp config set -g <RG> -n <アプリ> --ftps-state Disabled を実行します。"})
def ftp(r: Resource) -> Result:
    state = str(_config(r).get("ftpsState") or "AllAllowed")
    if state in ("Disabled", "FtpsOnly"):
        return MSG.ok("ftp_ok", ftpsState=state)
    return MSG.fail("ftp_allowed", ftpsState=state)


@check(id="azure.web.managed_identity", resource_types=APP, severity=Severity.LOW,
       frameworks=cis("9.4"),
       title={"en": "App Service uses a managed identity", "ja": "App Service がマネージド ID を使用している"},
       description={"en": "A managed identity lets the app reach other Azure services without secrets in its settings.",
                    "ja": "マネージド ID があれば、設定にシークレットを置かずに他の Azure サービスへ接続できます。"},
       remediation={"en": "az webapp identity assign -g <rg> -n <app>",
                    "ja": "az webapp identity assign -g <RG> -n <アプリ> を実行します。"})
def managed_identity(r: Resource) -> Result:
    kind = str((r.data.get("identity") or {}).get("type") or "None")
    return MSG.ok("identity", type=kind) if kind.lower() != "none" else MSG.fail("no_identity")


@check(id="azure.web.http_logs_enabled", resource_types=APP, severity=Severity.LOW,
       frameworks=cis("5.1.6"),
       title={"en": "App Service HTTP logs are exported", "ja": "App Service の HTTP ログがエクスポートされている"},
       description={"en": "AppServiceHTTPLogs record every request, needed to investigate attacks on the app.",
                    "ja": "AppServiceHTTPLogs はすべてのリクエストを記録し、アプリへの攻撃の調査に必要です。"},
       remediation={"en": "az monitor diagnostic-settings create -n http --resource <app id> --workspace <id> --logs "
                          "'[{\"category\":\"AppServiceHTTPLogs\",\"enabled\":true}]'",
                    "ja": "az monitor diagnostic-settings create -n http --resource <アプリ ID> --workspace <ID> --logs "
                          "'[{\"category\":\"AppServiceHTTPLogs\",\"enabled\":true}]' を実行します。"})
def http_logs(r: Resource) -> Result:
    names = logs_enabled(readable(r.data.get("diagnosticSettings"), "diagnostic settings"), ("AppServiceHTTPLogs",))
    return MSG.ok("http_logged", settings=names) if names else MSG.fail("no_http_log")
