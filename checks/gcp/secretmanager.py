"""Secret Manager checks: secrets not public, rotated, encrypted with a customer-managed key."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need
from checks.common import T, as_list
from checks.gcp.common import duration_seconds, policy_result, public_grants

SECRET = ("gcp.secretmanager.secret",)
MAX_ROTATION_DAYS = 90

MSG = Messages("gcp.secretmanager", {
    "no_rotation": ("no rotation schedule", "ローテーションのスケジュールがありません"),
    "rotation_too_long": ("rotates every {days} days (more than {max})", "{days} 日ごとのローテーションです ({max} 日超)"),
    "google_managed": ("encrypted with a Google-managed key", "Google 管理の鍵で暗号化されています"),
    "replicas_without_cmek": ("replicas without a customer-managed key: {locations}",
                              "顧客管理の鍵がないレプリカ: {locations}"),
})


@check(id="gcp.secretmanager.secret_not_public", resource_types=SECRET, severity=Severity.CRITICAL,
       title=T("Secret Manager secret is not publicly accessible", "Secret Manager のシークレットが公開されていない"),
       description=T("A binding to allUsers or allAuthenticatedUsers on a secret lets anyone with a Google account "
                     "read or manage it.",
                     "シークレットに allUsers / allAuthenticatedUsers のバインディングがあると、Google アカウントを持つ誰もが"
                     "読み取りや管理をできます。"),
       remediation=T("gcloud secrets remove-iam-policy-binding SECRET --member=allUsers --role=ROLE (and "
                     "allAuthenticatedUsers).",
                     "gcloud secrets remove-iam-policy-binding SECRET --member=allUsers --role=ROLE を実行してください"
                     "（allAuthenticatedUsers も同様）。"))
def secret_not_public(r: Resource) -> Result:
    return policy_result(r, public_grants, "public_grants")


@check(id="gcp.secretmanager.secret_rotation_90_days", resource_types=SECRET, severity=Severity.MEDIUM,
       title=T("Secret Manager secret has a rotation schedule of 90 days or less",
               "Secret Manager のシークレットに 90 日以内のローテーションスケジュールがある"),
       description=T("A rotation schedule (with a Pub/Sub topic for the notifications) makes sure a leaked secret "
                     "stops working within a bounded time.",
                     "ローテーションのスケジュール（通知用の Pub/Sub トピック付き）により、漏洩したシークレットが一定期間内に"
                     "無効になることを保証します。"),
       remediation=T("gcloud secrets update SECRET --next-rotation-time=… --rotation-period=90d "
                     "--add-topics=projects/…/topics/…",
                     "gcloud secrets update SECRET --next-rotation-time=… --rotation-period=90d "
                     "--add-topics=projects/…/topics/… を実行してください。"))
def secret_rotation_90_days(r: Resource) -> Result:
    period = duration_seconds((r.data.get("rotation") or {}).get("rotationPeriod"))
    if period is None:
        return MSG.fail("no_rotation")
    days = round(period / 86400)
    return MSG.fail("rotation_too_long", days=days, max=MAX_ROTATION_DAYS) if period > MAX_ROTATION_DAYS * 86400 \
        else Result.ok()


@check(id="gcp.secretmanager.secret_cmek", resource_types=SECRET, severity=Severity.LOW,
       title=T("Secret Manager secret is encrypted with a customer-managed key",
               "Secret Manager のシークレットが顧客管理の鍵で暗号化されている"),
       description=T("With a Cloud KMS key you control, disabling the key makes every version unreadable, and key "
                     "use is audited separately.",
                     "自身が管理する Cloud KMS 鍵を使うと、鍵を無効化するだけで全バージョンを読めなくでき、鍵の利用も別に"
                     "監査されます。"),
       remediation=T("Recreate the secret with --kms-key-name (automatic replication) or --replication-policy-file "
                     "naming a key per replica location.",
                     "--kms-key-name（自動レプリケーション）またはレプリカの場所ごとに鍵を指定した "
                     "--replication-policy-file でシークレットを作成し直してください。"))
def secret_cmek(r: Resource) -> Result:
    if (r.data.get("customerManagedEncryption") or {}).get("kmsKeyName"):  # regional secrets
        return Result.ok()
    if "/locations/" in str(r.data.get("name", "")):  # a regional secret has no replication, only this key
        return MSG.fail("google_managed")
    replication = need(r, "replication")
    if "automatic" in replication:
        cmek = ((replication.get("automatic") or {}).get("customerManagedEncryption") or {}).get("kmsKeyName")
        return Result.ok() if cmek else MSG.fail("google_managed")
    replicas = as_list((replication.get("userManaged") or {}).get("replicas"))
    missing = [str(p.get("location", "?")) for p in replicas
               if not (p.get("customerManagedEncryption") or {}).get("kmsKeyName")]
    if missing or not replicas:
        return MSG.fail("replicas_without_cmek", locations=missing)
    return Result.ok()
