"""API key checks (``apikeys.googleapis.com/Key``, API Keys API v2): restricted to applications and APIs, and
rotated.  The key string itself is never collected."""

from __future__ import annotations

import re
from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, NotCollected, Result, check, readable
from checks.common import T, as_list
from checks.gcp.common import cis

KEY = ("gcp.apikeys.key",)
MAX_AGE_DAYS = 90
APPLICATION_RESTRICTIONS = ("browserKeyRestrictions", "serverKeyRestrictions", "androidKeyRestrictions",
                            "iosKeyRestrictions")
# Referrers CIS calls wild-cards: "*", a whole top-level domain ("*.com", "*.com/*").
ANY_REFERRER = re.compile(r"^(https?://)?\*(\.\*|\.[a-z]+)?(/\*?)?$", re.IGNORECASE)
ALL_GOOGLE_APIS = "cloudapis.googleapis.com"  # an API target meaning every Google Cloud API
ANY_IP = frozenset({"0.0.0.0/0", "0.0.0.0", "::/0"})

MSG = Messages("gcp.apikeys", {
    "no_app_restriction": ("usable from any application, host or address", "任意のアプリ・ホスト・アドレスから使えます"),
    "open_restriction": ("restriction allows anything: {values}", "制限がすべてを許可しています: {values}"),
    "no_api_targets": ("not restricted to specific APIs", "特定の API に制限されていません"),
    "all_google_apis": ("restricted to 'Google Cloud APIs', which is every API",
                        "API の制限先が cloudapis.googleapis.com（Google のすべての API）で、実質的に制限がありません"),
    "key_age": ("created {age_days} days ago", "作成から {age_days} 日です"),
    "keys_exist": ("API keys: {keys}", "API キー: {keys}"),
})


def _restrictions(r: Resource) -> dict[str, Any]:
    value = r.data.get("restrictions")
    return value if isinstance(value, dict) else {}


@check(id="gcp.apikeys.key_application_restricted", resource_types=KEY, severity=Severity.MEDIUM,
       frameworks=cis("1.13"),
       title=T("API key is restricted to specified hosts, addresses or apps",
               "API キーが指定したホスト・アドレス・アプリに制限されている"),
       description=T("An API key without application restrictions works from anywhere once it leaks (in a web page, "
                     "an app bundle, a repository).",
                     "アプリケーションの制限がない API キーは、（Web ページ・アプリ・リポジトリから）漏洩するとどこからでも"
                     "使えます。"),
       remediation=T("gcloud services api-keys update KEY --allowed-referrers=… (or --allowed-ips, "
                     "--allowed-application, --allowed-bundle-ids)",
                     "gcloud services api-keys update KEY --allowed-referrers=…（または --allowed-ips・"
                     "--allowed-application・--allowed-bundle-ids）を実行してください。"))
def key_application_restricted(r: Resource) -> Result:
    restrictions = _restrictions(r)
    present = [k for k in APPLICATION_RESTRICTIONS if k in restrictions]
    if not present:
        return MSG.fail("no_app_restriction")
    browser = restrictions.get("browserKeyRestrictions") or {}
    server = restrictions.get("serverKeyRestrictions") or {}
    open_values = sorted({str(v) for v in as_list(browser.get("allowedReferrers")) if ANY_REFERRER.match(str(v))}
                         | {str(v) for v in as_list(server.get("allowedIps")) if v in ANY_IP})
    return MSG.fail("open_restriction", values=open_values) if open_values else Result.ok()


@check(id="gcp.apikeys.key_api_restricted", resource_types=KEY, severity=Severity.MEDIUM, frameworks=cis("1.14"),
       title=T("API key is restricted to the APIs the application needs", "API キーがアプリケーションに必要な API に制限されている"),
       description=T("A key without API targets can call every enabled API of the project.",
                     "API ターゲットのないキーは、プロジェクトで有効なすべての API を呼び出せます。"),
       remediation=T("gcloud services api-keys update KEY --api-target=service=SERVICE.googleapis.com",
                     "gcloud services api-keys update KEY --api-target=service=SERVICE.googleapis.com を実行してください。"))
def key_api_restricted(r: Resource) -> Result:
    services = [str(t.get("service", "")) for t in as_list(_restrictions(r).get("apiTargets"))]
    if not services:
        return MSG.fail("no_api_targets")
    return MSG.fail("all_google_apis") if ALL_GOOGLE_APIS in services else Result.ok()


@check(id="gcp.apikeys.key_rotated_90_days", resource_types=KEY, severity=Severity.MEDIUM, frameworks=cis("1.15"),
       title=T("API key was created (rotated) within the last 90 days", "API キーが過去 90 日以内に作成（ローテーション）されている"),
       description=T("API keys never expire; replacing them regularly limits how long a leaked key stays useful.",
                     "API キーは失効しないため、定期的に置き換えることで漏洩したキーが使える期間を制限します。"),
       remediation=T("Create a new key, move the applications to it, then delete the old one "
                     "(gcloud services api-keys create / delete).",
                     "新しいキーを作成してアプリケーションを移行し、古いキーを削除してください"
                     "（gcloud services api-keys create / delete）。"))
def key_rotated_90_days(r: Resource) -> Result:
    what = "key creation time (createTime)"
    age = readable(r.data.get("keyAgeDays"), what)  # derived from createTime at collection
    if age is None:
        raise NotCollected(what, "missing or malformed")
    return MSG.fail("key_age", age_days=age) if age > MAX_AGE_DAYS else MSG.ok("key_age", age_days=age)


@check(id="gcp.apikeys.project_has_no_api_keys", resource_types=("gcp.resourcemanager.project",),
       severity=Severity.LOW, frameworks=cis("1.12"), needs_inventory=True, inputs=KEY,
       title=T("The project has no API keys", "プロジェクトに API キーがない"),
       description=T("API keys identify neither a user nor an application and are easily copied from clients; CIS "
                     "asks to use the standard authentication flow and delete keys no active service needs.",
                     "API キーはユーザーもアプリケーションも識別せず、クライアントから容易にコピーされます。CIS は標準の認証"
                     "フローを使い、稼働中のサービスが必要としないキーを削除することを求めています。"),
       remediation=T("gcloud services api-keys list, then gcloud services api-keys delete KEY_ID for every key no "
                     "active service needs.",
                     "gcloud services api-keys list で確認し、稼働中のサービスが必要としないキーを "
                     "gcloud services api-keys delete KEY_ID で削除してください。"))
def project_has_no_api_keys(r: Resource, inventory: Inventory) -> Result:
    keys = sorted(k.name for k in inventory.in_account("gcp", r.account, KEY[0]))
    return MSG.fail("keys_exist", keys=keys) if keys else Result.ok()
