"""AppSync GraphQL APIs: field-level logging, no API-key authentication, WAF, introspection."""

from __future__ import annotations

from typing import Any

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check, sub

API = ("aws.appsync.graphql_api",)


def _auth_types(r: Any) -> list[str]:
    extra = [str((p or {}).get("authenticationType")) for p in r.data.get("additionalAuthenticationProviders") or []]
    return [str(r.data.get("authenticationType"))] + extra


setting_check(Setting(
    "aws.appsync.api_field_logging_enabled", API, "logConfig",
    lambda v, r: sub("fieldLogLevel", "NONE")(v) in ("ERROR", "ALL", "INFO", "DEBUG"),
    ("AppSync GraphQL API has field-level logging on", "AppSync GraphQL API でフィールドレベルのログが有効"),
    ("Resolver logs in CloudWatch Logs show which fields were requested and which failed.",
     "CloudWatch Logs のリゾルバーログで、どのフィールドが要求され、どれが失敗したかが分かります。"),
    ("Edit the API settings: Logging > field resolver log level ERROR or ALL.",
     "API 設定を編集し、ログ記録のフィールドリゾルバーログレベルを ERROR または ALL にしてください。"),
    Severity.MEDIUM, ("AppSync.2",), shows=sub("fieldLogLevel", "NONE")), __name__)

setting_check(Setting(
    "aws.appsync.api_no_api_key_authentication", API, "authenticationType",
    lambda v, r: "API_KEY" not in _auth_types(r),
    ("AppSync GraphQL API is not authenticated with API keys", "AppSync GraphQL API が API キーで認証されていない"),
    ("An API key is a static secret shipped in clients: whoever extracts it calls the API as the application.",
     "API キーはクライアントに埋め込まれる静的な秘密情報で、取り出した人は誰でもアプリケーションとして API を呼び出せます。"),
    ("Use IAM, Cognito user pools, OpenID Connect or a Lambda authorizer and remove API_KEY providers.",
     "IAM・Cognito ユーザープール・OpenID Connect・Lambda オーソライザーを使い、API_KEY の認証プロバイダーを削除してください。"),
    Severity.HIGH, ("AppSync.5",), shows=lambda v: v), __name__)

setting_check(Setting(
    "aws.appsync.api_waf_associated", API, "wafWebAclArn",
    lambda v, r: bool(v),
    ("AppSync GraphQL API is protected by an AWS WAF web ACL", "AppSync GraphQL API が AWS WAF ウェブ ACL で保護されている"),
    ("A web ACL filters injection, abusive clients and floods before requests reach resolvers.",
     "ウェブ ACL により、インジェクションや不正なクライアント、大量リクエストをリゾルバーに届く前に遮断できます。"),
    ("Associate a WAF web ACL with the API (wafv2 associate-web-acl).",
     "API に WAF ウェブ ACL を関連付けてください（wafv2 associate-web-acl）。"),
    Severity.MEDIUM), __name__)

setting_check(Setting(
    "aws.appsync.api_introspection_disabled", API, "introspectionConfig",
    lambda v, r: str(v or "ENABLED") == "DISABLED",
    ("AppSync GraphQL API has introspection turned off", "AppSync GraphQL API でイントロスペクションが無効"),
    ("Introspection hands every caller the full schema, a map of what to probe.",
     "イントロスペクションは、すべての呼び出し元に探索の地図となる完全なスキーマを渡します。"),
    ("Edit the API settings and disable introspection queries (introspectionConfig DISABLED).",
     "API 設定を編集し、イントロスペクションクエリを無効にしてください（introspectionConfig DISABLED）。"),
    Severity.LOW), __name__)
