"""App registrations and service principals of Microsoft Entra ID: their credentials (metadata only).

Graph lists a credential's dates and hint, never its value (``secretText`` and ``key`` are null on
read), so nothing secret is collected.  Dates are compared with the scan time (``inventory.now``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list, iso_time

MAX_SECRET_DAYS = 365

MSG = Messages("azure.entra_apps", {
    "no_secrets": ("no client secret", "クライアントシークレットはありません"),
    "short_secrets": ("client secrets last at most {days} days", "クライアントシークレットの有効期間は {days} 日以内です"),
    "long_secrets": ("client secrets valid longer than {days} days: {names}", "有効期間が {days} 日を超えるクライアントシークレット: {names}"),
    "no_credentials": ("no credentials", "資格情報はありません"),
    "credentials_current": ("{count} credential(s), all current", "資格情報 {count} 件はすべて有効期間内です"),
    "disabled_with_credentials": ("disabled, yet holds {count} credential(s)", "無効化されていますが資格情報を {count} 件保持しています"),
    "expired_credentials": ("expired credentials left behind: {names}", "期限切れの資格情報が残っています: {names}"),
    "no_scan_time": ("the scan time is unknown", "スキャン時刻が不明です"),
})


def _credentials(r: Resource) -> list[dict[str, Any]]:
    return [c for c in as_list(r.data.get("passwordCredentials")) + as_list(r.data.get("keyCredentials")) if isinstance(c, dict)]


def _name(c: dict[str, Any]) -> str:
    return str(c.get("displayName") or c.get("keyId"))


@check(id="azure.entra.app_secrets_expire_within_a_year", resource_types=("azure.entra.application",),
       severity=Severity.MEDIUM,
       title=T("App registration secrets expire within a year", "アプリ登録のシークレットが 1 年以内に失効する"),
       description=T("A long-lived client secret that leaks stays usable for years; prefer certificates or workload identity "
                     "federation, and rotate secrets at least yearly.",
                     "長期間有効なクライアントシークレットは漏えいすると何年も使われます。証明書やワークロード ID フェデレーションを使い、"
                     "シークレットは少なくとも毎年更新してください。"),
       remediation=T("Add a new secret valid for 12 months or less (az ad app credential reset --years 1), switch the app to it, "
                     "then delete the old one.",
                     "有効期間 12 か月以下の新しいシークレットを追加し (az ad app credential reset --years 1)、切り替えてから古いものを削除します。"))
def secrets_expire(r: Resource) -> Result:
    secrets = [c for c in as_list(r.data.get("passwordCredentials")) if isinstance(c, dict)]
    if not secrets:
        return MSG.ok("no_secrets")
    long_lived = []
    for c in secrets:
        start, end = iso_time(c.get("startDateTime")), iso_time(c.get("endDateTime"))
        if start and end and end - start > timedelta(days=MAX_SECRET_DAYS + 1):
            long_lived.append(_name(c))
    if long_lived:
        return MSG.fail("long_secrets", days=MAX_SECRET_DAYS, names=sorted(long_lived))
    return MSG.ok("short_secrets", days=MAX_SECRET_DAYS)


@check(id="azure.entra.service_principal_no_stale_credentials", resource_types=("azure.entra.service_principal",),
       severity=Severity.MEDIUM, needs_inventory=True,
       title=T("Service principal holds no stale credentials", "サービスプリンシパルに不要な資格情報が残っていない"),
       description=T("A disabled service principal that still has secrets or certificates, or expired ones left in place, "
                     "shows credentials nobody manages any more.",
                     "無効化されたのに資格情報を持つサービスプリンシパルや、期限切れのまま残った資格情報は、誰も管理していない資格情報の兆候です。"),
       remediation=T("Remove the listed credentials (az ad sp credential delete --id <appId> --key-id <keyId>) or delete the "
                     "service principal.",
                     "一覧の資格情報を削除する (az ad sp credential delete --id <appId> --key-id <keyId>) か、サービスプリンシパルを削除します。"))
def sp_stale_credentials(r: Resource, inventory: Inventory | None = None) -> Result:
    creds = _credentials(r)
    if not creds:
        return MSG.ok("no_credentials")
    if r.data.get("accountEnabled") is False:
        return MSG.fail("disabled_with_credentials", count=len(creds))
    now = inventory.now if inventory is not None else None
    if now is None:
        return MSG.error("no_scan_time")
    expired = sorted(_name(c) for c in creds if (iso_time(c.get("endDateTime")) or now) < now)
    if expired:
        return MSG.fail("expired_credentials", names=expired)
    return MSG.ok("credentials_current", count=len(creds))
