"""App Service checks (CIS Azure 2.1 section 9)."""

from __future__ import annotations

from checks import check
from checks.azure._common import CIS, logs_enabled, props, unreadable_result
from agent.core.model import Resource, Result, Severity

APP = ("azure.web.app",)


@check(id="azure.web.https_only", resource_types=APP, severity=Severity.HIGH,
       frameworks={CIS: ["9.2"]},
       title={"en": "App Service redirects HTTP to HTTPS", "ja": "App Service が HTTP を HTTPS にリダイレクトしている"},
       description={"en": "Without HTTPS Only, the app answers plain HTTP and its traffic, cookies and tokens can be read.",
                    "ja": "HTTPS のみ が無効だとアプリは平文 HTTP にも応答し、通信・Cookie・トークンを盗聴されます。"},
       remediation={"en": "az webapp update -g <rg> -n <app> --https-only true",
                    "ja": "az webapp update -g <RG> -n <アプリ> --https-only true を実行します。"})
def https_only(r: Resource) -> Result:
    return Result.ok() if props(r).get("httpsOnly") is True else Result.fail("HTTPS Only is off")


def _config(r: Resource) -> tuple[dict | None, Result | None]:
    cfg = r.data.get("siteConfig")
    err = unreadable_result(cfg, "site configuration")
    return (None, err) if err else (cfg or {}, None)


@check(id="azure.web.min_tls_1_2", resource_types=APP, severity=Severity.MEDIUM,
       frameworks={CIS: ["9.3"]},
       title={"en": "App Service requires TLS 1.2 or newer", "ja": "App Service の最小 TLS バージョンが 1.2 以上"},
       description={"en": "TLS 1.0 and 1.1 are deprecated and have known weaknesses.",
                    "ja": "TLS 1.0/1.1 は非推奨で、既知の脆弱性があります。"},
       remediation={"en": "az webapp config set -g <rg> -n <app> --min-tls-version 1.2",
                    "ja": "az webapp config set -g <RG> -n <アプリ> --min-tls-version 1.2 を実行します。"})
def min_tls(r: Resource) -> Result:
    cfg, err = _config(r)
    if err:
        return err
    version = str((cfg or {}).get("minTlsVersion") or "1.2")
    try:
        ok = float(version) >= 1.2
    except ValueError:
        ok = False
    return Result.ok(version) if ok else Result.fail(f"minimum TLS version is {version}", minTlsVersion=version)


@check(id="azure.web.ftp_disabled", resource_types=APP, severity=Severity.MEDIUM,
       frameworks={CIS: ["9.9"]},
       title={"en": "App Service FTP deployment is disabled or FTPS only", "ja": "App Service の FTP デプロイが無効または FTPS のみ"},
       description={"en": "Plain FTP sends deployment credentials and code in clear text.",
                    "ja": "平文の FTP はデプロイ用の資格情報とコードを暗号化せずに送ります。"},
       remediation={"en": "az webapp config set -g <rg> -n <app> --ftps-state Disabled",
                    "ja": "az webapp config set -g <RG> -n <アプリ> --ftps-state Disabled を実行します。"})
def ftp(r: Resource) -> Result:
    cfg, err = _config(r)
    if err:
        return err
    state = str((cfg or {}).get("ftpsState") or "AllAllowed")
    return Result.ok(state) if state in ("Disabled", "FtpsOnly") else Result.fail(f"FTP state is {state}", ftpsState=state)


@check(id="azure.web.managed_identity", resource_types=APP, severity=Severity.LOW,
       frameworks={CIS: ["9.4"]},
       title={"en": "App Service uses a managed identity", "ja": "App Service がマネージド ID を使用している"},
       description={"en": "A managed identity lets the app reach other Azure services without secrets in its settings.",
                    "ja": "マネージド ID があれば、設定にシークレットを置かずに他の Azure サービスへ接続できます。"},
       remediation={"en": "az webapp identity assign -g <rg> -n <app>",
                    "ja": "az webapp identity assign -g <RG> -n <アプリ> を実行します。"})
def managed_identity(r: Resource) -> Result:
    kind = str((r.data.get("identity") or {}).get("type") or "None")
    return Result.ok(kind) if kind.lower() != "none" else Result.fail("no managed identity")


@check(id="azure.web.http_logs_enabled", resource_types=APP, severity=Severity.LOW,
       frameworks={CIS: ["5.1.6"]},
       title={"en": "App Service HTTP logs are exported", "ja": "App Service の HTTP ログがエクスポートされている"},
       description={"en": "AppServiceHTTPLogs record every request, needed to investigate attacks on the app.",
                    "ja": "AppServiceHTTPLogs はすべてのリクエストを記録し、アプリへの攻撃の調査に必要です。"},
       remediation={"en": "az monitor diagnostic-settings create -n http --resource <app id> --workspace <id> --logs '[{\"category\":\"AppServiceHTTPLogs\",\"enabled\":true}]'",
                    "ja": "az monitor diagnostic-settings create -n http --resource <アプリ ID> --workspace <ID> --logs '[{\"category\":\"AppServiceHTTPLogs\",\"enabled\":true}]' を実行します。"})
def http_logs(r: Resource) -> Result:
    settings = r.data.get("diagnosticSettings")
    err = unreadable_result(settings, "diagnostic settings")
    if err:
        return err
    names = logs_enabled(settings, ("AppServiceHTTPLogs",))
    return Result.ok(f"setting(s): {', '.join(names)}") if names else Result.fail("no diagnostic setting exports AppServiceHTTPLogs")
