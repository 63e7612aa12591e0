"""Cloud KMS checks: rotation of symmetric keys, no public access to keys."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.gcp.common import cis, duration_seconds, policy_result, public_grants

KEY = ("gcp.kms.crypto_key",)
MAX_ROTATION_SECONDS = 90 * 24 * 3600

MSG = Messages("gcp.kms", {
    "cannot_rotate": ("{purpose} keys cannot rotate automatically", "{purpose} の鍵は自動ローテーションできません"),
    "no_rotation": ("no rotation period is set", "ローテーション期間が設定されていません"),
    "rotation_too_long": ("rotation period is {days} days", "ローテーション期間が {days} 日です"),
    "rotates": ("rotates every {days} days", "{days} 日ごとにローテーションされます"),
})


@check(id="gcp.kms.key_rotation_90_days", resource_types=KEY, severity=Severity.MEDIUM, frameworks=cis("1.10"),
       title={"en": "Cloud KMS symmetric key rotates automatically within 90 days",
              "ja": "Cloud KMS の対称鍵が 90 日以内に自動ローテーションされる"},
       description={"en": "Automatic rotation limits how much data one key version protects and how long a "
                          "compromised version stays useful.",
                    "ja": "自動ローテーションにより、1 つの鍵バージョンが保護するデータ量と、漏洩したバージョンが"
                          "使える期間を制限できます。"},
       remediation={"en": "gcloud kms keys update KEY --keyring RING --location LOC --rotation-period 90d "
                          "--next-rotation-time TIME",
                    "ja": "gcloud kms keys update KEY --keyring RING --location LOC --rotation-period 90d "
                          "--next-rotation-time TIME を実行してください。"})
def key_rotation_90_days(r: Resource) -> Result:
    purpose = r.data.get("purpose") or "ENCRYPT_DECRYPT"
    if purpose != "ENCRYPT_DECRYPT":
        return MSG.ok("cannot_rotate", purpose=purpose)
    seconds = duration_seconds(r.data.get("rotationPeriod"))
    if seconds is None:
        return MSG.fail("no_rotation")
    if seconds > MAX_ROTATION_SECONDS:
        return MSG.fail("rotation_too_long", days=round(seconds / 86400))
    return MSG.ok("rotates", days=round(seconds / 86400))


@check(id="gcp.kms.key_not_public", resource_types=KEY, severity=Severity.CRITICAL, frameworks=cis("1.9"),
       title={"en": "Cloud KMS key is not accessible to allUsers or allAuthenticatedUsers",
              "ja": "Cloud KMS の鍵が allUsers / allAuthenticatedUsers からアクセスできない"},
       description={"en": "A public binding on a key lets anyone use (or manage) it to decrypt your data.",
                    "ja": "鍵に公開バインディングがあると、誰でもその鍵を使って（または管理して）データを復号できます。"},
       remediation={"en": "gcloud kms keys remove-iam-policy-binding KEY --keyring RING --location LOC "
                          "--member=allUsers --role=ROLE",
                    "ja": "gcloud kms keys remove-iam-policy-binding KEY --keyring RING --location LOC "
                          "--member=allUsers --role=ROLE を実行してください。"})
def key_not_public(r: Resource) -> Result:
    return policy_result(r, public_grants, "public_grants")
