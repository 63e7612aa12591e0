"""App Engine version checks: HTTPS enforced on every handler, a runtime still maintained upstream."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list
from checks.gcp.common import END_OF_LIFE_RUNTIMES, cis

VERSION = ("gcp.appengine.version",)

MSG = Messages("gcp.appengine", {
    "not_serving": ("version is {status} (serves no traffic)", "バージョンは {status} です (トラフィックなし)"),
    "flexible": ("flexible environment: HTTPS is enforced by the application", "フレキシブル環境: HTTPS はアプリケーションで強制します"),
    "http_allowed": ("handlers accept plain HTTP: {handlers}", "平文の HTTP を受け付けるハンドラ: {handlers}"),
    "eol_runtime": ("runtime {runtime} has reached end of life", "ランタイム {runtime} はサポートが終了しています"),
})


def _serving(r: Resource) -> bool:
    return str(r.data.get("servingStatus") or "SERVING") == "SERVING"


@check(id="gcp.appengine.version_https_only", resource_types=VERSION, severity=Severity.MEDIUM, frameworks=cis("4.10"),
       title=T("App Engine version redirects every handler to HTTPS", "App Engine のバージョンが全ハンドラを HTTPS にリダイレクトする"),
       description=T("A handler that is not 'secure: always' serves plain HTTP, so cookies and data can be read or "
                     "changed on the way.",
                     "'secure: always' でないハンドラは平文の HTTP で応答し、Cookie やデータを途中で読まれたり改ざんされたり"
                     "します。"),
       remediation=T("Set 'secure: always' on every handler in app.yaml and deploy a new version.",
                     "app.yaml の全ハンドラに 'secure: always' を設定し、新しいバージョンをデプロイしてください。"))
def version_https_only(r: Resource) -> Result:
    if not _serving(r):
        return MSG.ok("not_serving", status=r.data.get("servingStatus"))
    if str(r.data.get("env") or "standard") in ("flex", "flexible"):
        return MSG.ok("flexible")
    plain = [str(h.get("urlRegex", "?")) for h in as_list(r.data.get("handlers"))
             if h.get("securityLevel") != "SECURE_ALWAYS"]
    return MSG.fail("http_allowed", handlers=plain) if plain else Result.ok()


@check(id="gcp.appengine.version_runtime_supported", resource_types=VERSION, severity=Severity.MEDIUM,
       title=T("App Engine version runs on a maintained language runtime", "App Engine のバージョンがサポート中の言語ランタイムで動作している"),
       description=T("A runtime whose language version reached end of life gets no more security fixes.",
                     "言語バージョンのサポートが終了したランタイムには、セキュリティ修正が提供されません。"),
       remediation=T("Move the service to a current runtime (app.yaml runtime: python312, nodejs22, java21, go123, …) "
                     "and deploy.",
                     "サービスを現行のランタイム（app.yaml の runtime: python312・nodejs22・java21・go123 など）に移行し、"
                     "デプロイしてください。"))
def version_runtime_supported(r: Resource) -> Result:
    if not _serving(r):
        return MSG.ok("not_serving", status=r.data.get("servingStatus"))
    runtime = str(r.data.get("runtime") or "")
    return MSG.fail("eol_runtime", runtime=runtime) if runtime in END_OF_LIFE_RUNTIMES else Result.ok()
