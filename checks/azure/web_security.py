"""App Service and Functions depth (``Microsoft.Web/sites``, every kind): debugging, HTTP/2, client
certificates, public access, SCM TLS, runtime versions.  ``siteConfig`` is read per app."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, readable
from checks.azure._common import lower, property_check
from checks.common import T

APP = ("azure.web.app",)
# Linux runtime stacks (linuxFxVersion) past their end of support.
RETIRED_RUNTIMES = {"python": ("2.7", "3.6", "3.7", "3.8"), "php": ("5.6", "7.2", "7.3", "7.4", "8.0"),
                    "node": ("10", "12", "14", "16"), "dotnetcore": ("1.0", "1.1", "2.1", "2.2", "3.0", "3.1", "5.0"),
                    "java": ("7", "8"), "ruby": ("2.5", "2.6", "2.7")}

MSG = Messages("azure.web_security", {
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
    "runtime": ("runtime {runtime}", "ランタイム {runtime}"),
    "runtime_retired": ("runtime {runtime} is past its end of support", "ランタイム {runtime} はサポートが終了しています"),
    "no_runtime": ("no Linux runtime stack (container or Windows app)", "Linux のランタイムスタックはありません (コンテナーまたは Windows アプリ)"),
})


def _config(r: Resource, key: str, default: Any) -> Any:
    value = (readable(r.data.get("siteConfig"), "site configuration") or {}).get(key)
    return default if value is None else value


def _config_check(check_id: str, key: str, good: Any, default: Any, severity: Severity, frameworks: dict[str, list[str]],
                  title: dict[str, str], description: dict[str, str], remediation: dict[str, str]) -> None:
    def evaluate(r: Resource) -> Result:
        value = _config(r, key, default)
        return MSG.ok("setting", setting=key, value=value) if good(value) else MSG.fail("setting_bad", setting=key, value=value)
    check(id=check_id, resource_types=APP, severity=severity, frameworks=frameworks, title=title, description=description,
          remediation=remediation)(evaluate)


_config_check("azure.web.remote_debugging_disabled", "remoteDebuggingEnabled", lambda v: v is False, False, Severity.HIGH, {},
              T("App Service remote debugging is off", "App Service のリモートデバッグが無効"),
              T("Remote debugging opens extra ports into the running app.", "リモートデバッグは実行中のアプリに追加のポートを開きます。"),
              T("az webapp config set -g <rg> -n <app> --remote-debugging-enabled false",
                "az webapp config set -g <RG> -n <アプリ> --remote-debugging-enabled false を実行します。"))
_config_check("azure.web.http2_enabled", "http20Enabled", lambda v: v is True, False, Severity.LOW, {},
              T("App Service serves HTTP/2", "App Service が HTTP/2 を提供している"),
              T("HTTP/2 fixes head-of-line blocking and header compression weaknesses of HTTP/1.1.",
                "HTTP/2 は HTTP/1.1 のヘッドオブラインブロッキングやヘッダー圧縮の弱点を解消します。"),
              T("az webapp config set -g <rg> -n <app> --http20-enabled true",
                "az webapp config set -g <RG> -n <アプリ> --http20-enabled true を実行します。"))
_config_check("azure.web.scm_min_tls_1_2", "scmMinTlsVersion", lambda v: str(v) in ("1.2", "1.3"), "1.2", Severity.MEDIUM, {},
              T("App Service deployment endpoint (SCM) requires TLS 1.2", "App Service のデプロイ用エンドポイント (SCM) が TLS 1.2 以上を要求する"),
              T("The Kudu/SCM site accepts deployment credentials; it must refuse old TLS.",
                "Kudu/SCM サイトはデプロイ資格情報を受け付けるため、古い TLS を拒否する必要があります。"),
              T("az webapp config set -g <rg> -n <app> --generic-configurations '{\"scmMinTlsVersion\": \"1.2\"}'",
                "az webapp config set -g <RG> -n <アプリ> --generic-configurations '{\"scmMinTlsVersion\": \"1.2\"}' を実行します。"))


@check(id="azure.web.runtime_supported", resource_types=APP, severity=Severity.MEDIUM,
       title=T("App Service runs a supported language runtime", "App Service がサポート中の言語ランタイムを使用している"),
       description=T("Runtimes past their end of support get no security fixes.", "サポートが終了したランタイムにはセキュリティ修正が提供されません。"),
       remediation=T("az webapp config set -g <rg> -n <app> --linux-fx-version \"PYTHON|3.12\" (or the current version of the stack)",
                     "az webapp config set -g <RG> -n <アプリ> --linux-fx-version \"PYTHON|3.12\" (またはそのスタックの最新版) を実行します。"))
def runtime_supported(r: Resource) -> Result:
    fx = str(_config(r, "linuxFxVersion", "") or "")
    stack, _, version = fx.partition("|")
    if not version or lower(stack) in ("docker", "compose"):
        return MSG.ok("no_runtime")
    retired = RETIRED_RUNTIMES.get(lower(stack), ())
    if any(version == v or version.startswith(f"{v}-") or version.startswith(f"{v}.") and v.count(".") == 0 for v in retired):
        return MSG.fail("runtime_retired", runtime=fx)
    return MSG.ok("runtime", runtime=fx)


property_check(MSG, APP, "azure.web.client_certificates_required", Severity.LOW, ("clientCertEnabled",), lambda v: v is True,
               False, {},
               T("App Service requires client certificates", "App Service がクライアント証明書を要求する"),
               T("Incoming client certificates (mutual TLS) let only holders of a trusted certificate reach the app.",
                 "クライアント証明書 (相互 TLS) により、信頼された証明書を持つ者だけがアプリに到達できます。"),
               T("az webapp update -g <rg> -n <app> --client-cert-enabled true",
                 "az webapp update -g <RG> -n <アプリ> --client-cert-enabled true を実行します。"))
property_check(MSG, APP, "azure.web.public_network_access_disabled", Severity.MEDIUM, ("publicNetworkAccess",),
               lambda v: lower(v) == "disabled", "Enabled", {},
               T("App Service is not reachable from the Internet", "App Service にインターネットから到達できない"),
               T("Internal apps should be reached through private endpoints or a front door, not directly.",
                 "内部向けアプリはプライベートエンドポイントやフロントドア経由で到達させ、直接公開しないでください。"),
               T("az webapp update -g <rg> -n <app> --set publicNetworkAccess=Disabled",
                 "az webapp update -g <RG> -n <アプリ> --set publicNetworkAccess=Disabled を実行します。"))
