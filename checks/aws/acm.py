"""ACM certificate checks: expiry and key length."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T

MSG = Messages("aws.acm", {
    "status": ("status {status}", "状態 {status}"),
    "no_expiry": ("certificate has no expiry date", "証明書に有効期限がありません"),
    "expired": ("expired {days_ago} days ago", "{days_ago} 日前に期限切れになりました"),
    "expiring": ("expires in {days_left} days", "{days_left} 日後に期限切れになります"),
    "days_left": ("{days_left} days left", "残り {days_left} 日です"),
    "unknown_algorithm": ("unknown key algorithm {algorithm}", "不明な鍵アルゴリズム {algorithm}"),
    "algorithm": ("{algorithm}", "鍵アルゴリズム {algorithm}"),
    "too_short": ("{algorithm} is too short", "{algorithm} は短すぎます"),
})


@check(id="aws.acm.certificate_not_expiring", resource_types=("aws.acm.certificate",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["ACM.1"]},
       title=T("ACM certificate does not expire within 30 days", "ACM 証明書の有効期限が 30 日以内ではない"),
       description=T("An expiring certificate breaks TLS for every client; imported certificates are not renewed by AWS.",
                     "期限切れ間近の証明書はすべてのクライアントの TLS を壊します。インポートした証明書は AWS が更新しません。"),
       remediation=T("Renew or re-import the certificate, or fix DNS/email validation so managed renewal succeeds.",
                     "証明書を更新または再インポートするか、マネージド更新が成功するよう DNS/メール検証を修正してください。"))
def certificate_not_expiring(r: Resource) -> Result:
    if r.data.get("Status") not in (None, "ISSUED"):
        return MSG.ok("status", status=r.data.get("Status"))
    left = r.data.get("_days_to_expiry")
    if left is None:
        return MSG.error("no_expiry")
    if left < 0:
        return MSG.fail("expired", days_left=left, days_ago=-left)
    return MSG.fail("expiring", days_left=left) if left < 30 else MSG.ok("days_left", days_left=left)


@check(id="aws.acm.rsa_key_at_least_2048", resource_types=("aws.acm.certificate",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ACM.2"]},
       title=T("ACM RSA certificates use keys of at least 2048 bits", "ACM の RSA 証明書が 2048 ビット以上の鍵を使用している"),
       description=T("RSA keys shorter than 2048 bits are considered breakable.", "2048 ビット未満の RSA 鍵は解読可能とみなされます。"),
       remediation=T("Request or import a certificate with RSA_2048 or larger (or an EC key).",
                     "RSA_2048 以上 (または EC 鍵) の証明書を要求またはインポートしてください。"))
def rsa_key_at_least_2048(r: Resource) -> Result:
    alg = str(r.data.get("KeyAlgorithm", ""))
    if alg.startswith("RSA"):
        try:
            bits = int(alg.split("_")[-1].split("-")[-1])
        except ValueError:
            return MSG.error("unknown_algorithm", algorithm=alg)
        return MSG.ok("algorithm", algorithm=alg) if bits >= 2048 else MSG.fail("too_short", algorithm=alg)
    return MSG.ok("algorithm", algorithm=alg or "unknown")
