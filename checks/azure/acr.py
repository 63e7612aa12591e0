"""Azure Container Registry checks, from the registry's ARM document.

Basic and Standard registries omit the Premium-only settings (network rules, trust policy):
omitted reads as the default (allow all, content trust off).
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.azure._common import approved_private_endpoints, enabled, lower, property_check
from checks.common import T

REGISTRY = ("azure.acr.registry",)

MSG = Messages("azure.acr", {
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
    "private_endpoint": ("{count} approved private endpoint connection(s)", "承認済みのプライベートエンドポイント接続が {count} 件あります"),
    "no_private_endpoint": ("no approved private endpoint connection", "承認済みのプライベートエンドポイント接続がありません"),
})


def _acr(check_id: str, severity: Severity, path: tuple[str, ...], good: Any, default: Any, title: dict[str, str],
         description: dict[str, str], remediation: dict[str, str]) -> None:
    property_check(MSG, REGISTRY, check_id, severity, path, good, default, {}, title, description, remediation)


_acr("azure.acr.admin_user_disabled", Severity.HIGH, ("adminUserEnabled",), lambda v: v is False, False,
     T("Container registry admin user is disabled", "コンテナーレジストリの管理者ユーザーが無効"),
     T("The admin user is a shared, full-access credential with no per-person audit.",
       "管理者ユーザーは個人単位の監査がない、共有のフルアクセス資格情報です。"),
     T("az acr update -n <registry> --admin-enabled false (use Entra identities and AcrPull/AcrPush roles)",
       "az acr update -n <レジストリ> --admin-enabled false を実行します (Entra ID と AcrPull/AcrPush ロールを使用)。"))
_acr("azure.acr.public_network_access_disabled", Severity.MEDIUM, ("publicNetworkAccess",), lambda v: lower(v) == "disabled",
     "Enabled",
     T("Container registry is not reachable from the Internet", "コンテナーレジストリにインターネットから到達できない"),
     T("With public access off, images are pulled and pushed only through private endpoints.",
       "パブリックアクセスを無効にすると、イメージの取得と登録はプライベートエンドポイント経由のみになります。"),
     T("az acr update -n <registry> --public-network-enabled false (Premium)",
       "az acr update -n <レジストリ> --public-network-enabled false を実行します (Premium)。"))
_acr("azure.acr.network_default_deny", Severity.MEDIUM, ("networkRuleSet", "defaultAction"), lambda v: lower(v) == "deny", "Allow",
     T("Container registry denies networks not allowed explicitly", "コンテナーレジストリが明示的に許可していないネットワークを拒否する"),
     T("A default Allow accepts pulls and pushes from any network.", "既定が Allow だと、任意のネットワークからの取得・登録を受け付けます。"),
     T("az acr update -n <registry> --default-action Deny, then az acr network-rule add for the needed ranges.",
       "az acr update -n <レジストリ> --default-action Deny の後、必要な範囲を az acr network-rule add で追加します。"))
_acr("azure.acr.content_trust_enabled", Severity.LOW, ("policies", "trustPolicy", "status"), enabled, "disabled",
     T("Container registry enforces content trust", "コンテナーレジストリでコンテンツの信頼が有効"),
     T("Content trust lets clients pull only signed images.", "コンテンツの信頼により、クライアントは署名済みイメージのみを取得できます。"),
     T("az acr config content-trust update -r <registry> --status enabled (Premium)",
       "az acr config content-trust update -r <レジストリ> --status enabled を実行します (Premium)。"))
_acr("azure.acr.anonymous_pull_disabled", Severity.HIGH, ("anonymousPullEnabled",), lambda v: v is False, False,
     T("Container registry does not allow anonymous pulls", "コンテナーレジストリが匿名での取得を許可していない"),
     T("Anonymous pull publishes every image (and any secret baked into it) to the Internet.",
       "匿名での取得はすべてのイメージ (と埋め込まれたシークレット) をインターネットに公開します。"),
     T("az acr update -n <registry> --anonymous-pull-enabled false",
       "az acr update -n <レジストリ> --anonymous-pull-enabled false を実行します。"))
_acr("azure.acr.cmk_encryption", Severity.LOW, ("encryption", "status"), enabled, "disabled",
     T("Container registry is encrypted with a customer-managed key", "コンテナーレジストリがカスタマー管理キーで暗号化されている"),
     T("A Key Vault key lets you control, rotate and revoke access to the stored images.",
       "Key Vault のキーなら保存されたイメージへのアクセスを制御、更新、失効できます。"),
     T("Customer-managed keys are set when the registry is created (az acr create --key-encryption-key ...).",
       "カスタマー管理キーはレジストリ作成時に指定します (az acr create --key-encryption-key ...)。"))


@check(id="azure.acr.private_endpoint_used", resource_types=REGISTRY, severity=Severity.MEDIUM,
       title=T("Container registry is reached through a private endpoint", "コンテナーレジストリにプライベートエンドポイント経由で接続している"),
       description=T("A private endpoint keeps image traffic inside your virtual network.",
                     "プライベートエンドポイントならイメージの通信が仮想ネットワーク内に留まります。"),
       remediation=T("az network private-endpoint create --group-id registry --private-connection-resource-id <registry id> ...",
                     "az network private-endpoint create --group-id registry --private-connection-resource-id <レジストリ ID> ... を実行します。"))
def private_endpoint(r: Resource) -> Result:
    approved = approved_private_endpoints(r)
    return MSG.ok("private_endpoint", count=len(approved)) if approved else MSG.fail("no_private_endpoint")
