"""API Gateway HTTP and WebSocket API (apigatewayv2) checks: stage logging, route authorization."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

STAGE = ("aws.apigatewayv2.stage",)
MSG = Messages("aws.apigatewayv2", {
    "access_off": ("no access log destination", "アクセスログの送信先がありません"),
    "not_websocket": ("HTTP API stages have no execution logs", "HTTP API のステージに実行ログはありません"),
    "exec_off": ("default route logging level is {level}", "既定ルートのログレベルは {level} です"),
    "open_routes": ("routes without authorization: {routes}", "認可のないルート: {routes}"),
})


@check(id="aws.apigatewayv2.stage_access_logging_enabled", resource_types=STAGE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["APIGateway.9"]},
       title=T("API Gateway HTTP/WebSocket stage has access logging configured",
               "API Gateway HTTP/WebSocket ステージのアクセスログが設定されている"),
       description=T("Access logs record who called the API, from where and with what result.",
                     "アクセスログは誰がどこから API を呼び出し、どのような結果だったかを記録します。"),
       remediation=T("Set AccessLogSettings (DestinationArn of a CloudWatch Logs group and a Format) on the stage "
                     "(aws apigatewayv2 update-stage --access-log-settings ...).",
                     "ステージに AccessLogSettings (CloudWatch Logs グループの DestinationArn と Format) を設定してください "
                     "(aws apigatewayv2 update-stage --access-log-settings ...)。"))
def stage_access_logging_enabled(r: Resource) -> Result:
    settings = readable(r.data.get("AccessLogSettings"), "AccessLogSettings") or {}
    return Result.ok() if settings.get("DestinationArn") else MSG.fail("access_off")


@check(id="aws.apigatewayv2.websocket_stage_execution_logging", resource_types=STAGE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["APIGateway.1"]},
       title=T("API Gateway WebSocket stage has execution logging enabled", "API Gateway WebSocket ステージの実行ログが有効"),
       description=T("Execution logs (ERROR or INFO) of a WebSocket API record how each message was routed and handled.",
                     "WebSocket API の実行ログ (ERROR または INFO) は各メッセージのルーティングと処理を記録します。"),
       remediation=T("Set DefaultRouteSettings.LoggingLevel to ERROR or INFO on the stage.",
                     "ステージの DefaultRouteSettings.LoggingLevel を ERROR または INFO にしてください。"))
def websocket_stage_execution_logging(r: Resource) -> Result:
    if need(r, "_protocol") != "WEBSOCKET":
        return MSG.ok("not_websocket")
    level = str((readable(r.data.get("DefaultRouteSettings"), "DefaultRouteSettings") or {}).get("LoggingLevel") or "OFF")
    return Result.ok() if level.upper() in ("ERROR", "INFO") else MSG.fail("exec_off", level=level)


@check(id="aws.apigatewayv2.routes_authorized", resource_types=("aws.apigatewayv2.api",), severity=Severity.MEDIUM,
       title=T("API Gateway HTTP/WebSocket routes specify an authorization type",
               "API Gateway HTTP/WebSocket のルートが認可タイプを指定している"),
       description=T("A route with authorization type NONE can be called by anyone who can reach the API. On WebSocket "
                     "APIs authorization applies to the $connect route only, so only that route is judged.",
                     "認可タイプが NONE のルートは、API に到達できる誰からでも呼び出せます。WebSocket API では認可は $connect "
                     "ルートにのみ適用されるため、そのルートだけを判定します。"),
       remediation=T("Set AuthorizationType to AWS_IAM, JWT or CUSTOM on each route (aws apigatewayv2 update-route).",
                     "各ルートの AuthorizationType を AWS_IAM・JWT・CUSTOM のいずれかにしてください (aws apigatewayv2 update-route)。"))
def routes_authorized(r: Resource) -> Result:
    websocket = r.data.get("ProtocolType") == "WEBSOCKET"
    open_routes = [str(rt.get("RouteKey")) for rt in need(r, "_routes") or []
                   if (not websocket or rt.get("RouteKey") == "$connect")
                   and str(rt.get("AuthorizationType") or "NONE") == "NONE"]
    return MSG.fail("open_routes", routes=open_routes) if open_routes else Result.ok()
