"""API Gateway REST API depth: stage logging, tracing, cache encryption, client certificates, WAF,
custom-domain TLS policy and method authorization."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

STAGE = ("aws.apigateway.stage",)
MSG = Messages("aws.apigateway_stages", {
    "exec_off": ("execution logging is off for all methods (loggingLevel {level})",
                 "全メソッドの実行ログが無効です (loggingLevel {level})"),
    "access_off": ("no access log destination", "アクセスログの送信先がありません"),
    "xray_off": ("X-Ray tracing is off", "X-Ray トレースが無効です"),
    "no_cache": ("no cache on this stage", "このステージにキャッシュはありません"),
    "cache_plain": ("cached responses are not encrypted for {methods}", "{methods} のキャッシュ応答が暗号化されていません"),
    "no_client_cert": ("no client certificate for backend authentication", "バックエンド認証用のクライアント証明書がありません"),
    "no_waf": ("no WAF web ACL associated", "WAF ウェブ ACL が関連付けられていません"),
    "private": ("private API: reachable only through VPC endpoints", "プライベート API: VPC エンドポイント経由でのみ到達可能"),
    "weak_tls": ("security policy {policy}", "セキュリティポリシーは {policy} です"),
    "open_methods": ("methods without authorization: {methods}", "認可のないメソッド: {methods}"),
})


def _method_settings(r: Resource) -> dict[str, Any]:
    return readable(r.data.get("methodSettings"), "methodSettings") or {}


@check(id="aws.apigateway.stage_execution_logging_enabled", resource_types=STAGE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["APIGateway.1"]},
       title=T("API Gateway REST stage has execution logging enabled", "API Gateway REST ステージの実行ログが有効"),
       description=T("Execution logs (ERROR or INFO) record how API Gateway handled each request, needed to investigate "
                     "abuse and failures.",
                     "実行ログ (ERROR または INFO) は API Gateway が各リクエストをどう処理したかを記録し、悪用や障害の調査に必要です。"),
       remediation=T("Set the stage's method settings */* logging level to ERROR or INFO "
                     "(aws apigateway update-stage --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR).",
                     "ステージのメソッド設定 */* のログレベルを ERROR または INFO にしてください "
                     "(aws apigateway update-stage --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR)。"))
def stage_execution_logging_enabled(r: Resource) -> Result:
    level = str((_method_settings(r).get("*/*") or {}).get("loggingLevel") or "OFF")
    return Result.ok() if level.upper() in ("ERROR", "INFO") else MSG.fail("exec_off", level=level)


@check(id="aws.apigateway.stage_access_logging_enabled", resource_types=STAGE, severity=Severity.MEDIUM,
       title=T("API Gateway REST stage has access logging configured", "API Gateway REST ステージのアクセスログが設定されている"),
       description=T("Access logs record who called the API, from where and with what result.",
                     "アクセスログは誰がどこから API を呼び出し、どのような結果だったかを記録します。"),
       remediation=T("Set accessLogSettings (destinationArn of a CloudWatch Logs group or Firehose stream, and a format) on the stage.",
                     "ステージに accessLogSettings (CloudWatch Logs グループまたは Firehose の destinationArn と形式) を設定してください。"))
def stage_access_logging_enabled(r: Resource) -> Result:
    settings = readable(r.data.get("accessLogSettings"), "accessLogSettings") or {}
    return Result.ok() if settings.get("destinationArn") else MSG.fail("access_off")


@check(id="aws.apigateway.stage_xray_tracing_enabled", resource_types=STAGE, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["APIGateway.3"]},
       title=T("API Gateway REST stage has X-Ray tracing enabled", "API Gateway REST ステージの X-Ray トレースが有効"),
       description=T("X-Ray traces follow requests through the API to its back ends, showing latency and errors per call.",
                     "X-Ray トレースはリクエストを API からバックエンドまで追跡し、呼び出しごとの遅延やエラーを示します。"),
       remediation=T("Enable tracing on the stage (aws apigateway update-stage --patch-operations op=replace,path=/tracingEnabled,value=true).",
                     "ステージのトレースを有効にしてください (aws apigateway update-stage --patch-operations op=replace,path=/tracingEnabled,value=true)。"))
def stage_xray_tracing_enabled(r: Resource) -> Result:
    return Result.ok() if readable(r.data.get("tracingEnabled"), "tracingEnabled") else MSG.fail("xray_off")


@check(id="aws.apigateway.stage_cache_encrypted", resource_types=STAGE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["APIGateway.5"]},
       title=T("API Gateway REST stage encrypts its cache data", "API Gateway REST ステージのキャッシュデータが暗号化されている"),
       description=T("Cached responses can hold personal or secret data; the stage cache should be encrypted at rest.",
                     "キャッシュされた応答には個人情報や秘密情報が含まれることがあるため、ステージキャッシュは保存時に暗号化すべきです。"),
       remediation=T("Set cacheDataEncrypted to true in the method settings of every cached method "
                     "(path /*/*/caching/dataEncrypted).",
                     "キャッシュするすべてのメソッドのメソッド設定で cacheDataEncrypted を true にしてください "
                     "(パス /*/*/caching/dataEncrypted)。"))
def stage_cache_encrypted(r: Resource) -> Result:
    cached = {k: m for k, m in _method_settings(r).items() if (m or {}).get("cachingEnabled")}
    if not cached:
        return MSG.ok("no_cache")
    plain = sorted(k for k, m in cached.items() if not m.get("cacheDataEncrypted"))
    return MSG.fail("cache_plain", methods=plain) if plain else Result.ok()


@check(id="aws.apigateway.stage_client_certificate", resource_types=STAGE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["APIGateway.2"]},
       title=T("API Gateway REST stage authenticates to its back end with a client certificate",
               "API Gateway REST ステージがクライアント証明書でバックエンドに認証する"),
       description=T("With a client certificate the back end can verify that requests come from API Gateway and not from "
                     "someone calling it directly.",
                     "クライアント証明書があれば、バックエンドはリクエストが直接の呼び出しではなく API Gateway から来たことを検証できます。"),
       remediation=T("Generate a client certificate (aws apigateway generate-client-certificate) and set clientCertificateId on the stage.",
                     "クライアント証明書を生成し (aws apigateway generate-client-certificate)、ステージに clientCertificateId を設定してください。"))
def stage_client_certificate(r: Resource) -> Result:
    return Result.ok() if readable(r.data.get("clientCertificateId"), "clientCertificateId") else MSG.fail("no_client_cert")


@check(id="aws.apigateway.stage_waf_associated", resource_types=STAGE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["APIGateway.4"]},
       title=T("API Gateway REST stage is protected by an AWS WAF web ACL", "API Gateway REST ステージが AWS WAF ウェブ ACL で保護されている"),
       description=T("A web ACL filters common web exploits and floods before they reach the API; private APIs are reachable "
                     "only from VPC endpoints and pass.",
                     "ウェブ ACL は一般的な Web 攻撃やフラッドを API に届く前に遮断します。プライベート API は VPC エンドポイントからのみ"
                     "到達可能なため合格とします。"),
       remediation=T("Associate a regional WAFv2 web ACL with the stage (aws wafv2 associate-web-acl --resource-arn STAGE_ARN).",
                     "リージョンの WAFv2 ウェブ ACL をステージに関連付けてください (aws wafv2 associate-web-acl --resource-arn STAGE_ARN)。"))
def stage_waf_associated(r: Resource) -> Result:
    if r.data.get("webAclArn"):
        return Result.ok()
    if list(need(r, "_endpoint_types")) == ["PRIVATE"]:
        return MSG.ok("private")
    return MSG.fail("no_waf")


@check(id="aws.apigateway.domain_name_tls_1_2", resource_types=("aws.apigateway.domain_name",), severity=Severity.MEDIUM,
       title=T("API Gateway custom domain requires TLS 1.2 or later", "API Gateway カスタムドメインが TLS 1.2 以上を要求する"),
       description=T("The TLS_1_0 security policy lets clients connect with TLS 1.0/1.1 and weak ciphers.",
                     "TLS_1_0 セキュリティポリシーでは、クライアントが TLS 1.0/1.1 や弱い暗号で接続できます。"),
       remediation=T("Set the domain name's securityPolicy to TLS_1_2 "
                     "(aws apigateway update-domain-name --patch-operations op=replace,path=/securityPolicy,value=TLS_1_2).",
                     "ドメイン名の securityPolicy を TLS_1_2 にしてください "
                     "(aws apigateway update-domain-name --patch-operations op=replace,path=/securityPolicy,value=TLS_1_2)。"))
def domain_name_tls_1_2(r: Resource) -> Result:
    policy = str(need(r, "securityPolicy") or "TLS_1_0")
    return Result.ok() if policy.upper().startswith(("TLS_1_2", "TLS_1_3", "SECURITYPOLICY_TLS13")) else MSG.fail("weak_tls", policy=policy)


@check(id="aws.apigateway.rest_api_methods_authorized", resource_types=("aws.apigateway.rest_api",), severity=Severity.MEDIUM,
       title=T("API Gateway REST API methods require authorization", "API Gateway REST API のメソッドが認可を要求する"),
       description=T("A method with authorization type NONE and no API key can be called by anyone who can reach the API "
                     "(CORS preflight OPTIONS methods are exempt).",
                     "認可タイプが NONE で API キーも不要なメソッドは、API に到達できる誰からでも呼び出せます "
                     "(CORS プリフライトの OPTIONS メソッドは対象外)。"),
       remediation=T("Attach an IAM, Cognito or Lambda authorizer (or require an API key) on every non-OPTIONS method.",
                     "OPTIONS 以外のすべてのメソッドに IAM・Cognito・Lambda オーソライザーを設定する (または API キーを必須にする) してください。"))
def rest_api_methods_authorized(r: Resource) -> Result:
    open_methods = [f"{m.get('httpMethod')} {m.get('path')}" for m in need(r, "_methods") or []
                    if m.get("httpMethod") != "OPTIONS" and str(m.get("authorizationType") or "NONE") == "NONE"
                    and not m.get("apiKeyRequired")]
    return MSG.fail("open_methods", methods=open_methods) if open_methods else Result.ok()
