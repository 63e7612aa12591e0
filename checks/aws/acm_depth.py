"""ACM certificate depth: transparency logging kept on, no wildcard names, certificates in use,
validation not failed (the fields ``DescribeCertificate`` returns)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

MSG = Messages("aws.acm_depth", {
    "imported": ("imported certificate: AWS does not log it", "インポートされた証明書です (AWS は記録しません)"),
    "ct_off": ("certificate transparency logging is DISABLED", "証明書の透明性ログが DISABLED です"),
    "wildcard": ("wildcard names: {names}", "ワイルドカード名: {names}"),
    "unused": ("the certificate is not associated with any resource", "証明書がどのリソースにも関連付けられていません"),
    "used_by": ("used by {count} resources", "{count} 個のリソースが使用しています"),
    "failed": ("validation failed: {reason}", "検証に失敗しました: {reason}"),
    "domain_failed": ("validation of {domains} failed", "{domains} の検証に失敗しました"),
    "status": ("status {status}", "状態 {status}"),
})


@check(id="aws.acm.transparency_logging_enabled", resource_types=("aws.acm.certificate",), severity=Severity.LOW,
       title=T("ACM certificate is recorded in certificate transparency logs", "ACM 証明書が証明書の透明性ログに記録されている"),
       description=T("Browsers reject publicly trusted certificates missing from the transparency logs, and the logs "
                     "are how a domain owner spots certificates issued to someone else.",
                     "透明性ログにない公的に信頼された証明書はブラウザが拒否します。またログはドメイン所有者が他人に発行された証明書に"
                     "気付く手段です。"),
       remediation=T("aws acm update-certificate-options --certificate-arn ARN --options "
                     "CertificateTransparencyLoggingPreference=ENABLED",
                     "aws acm update-certificate-options --certificate-arn ARN --options "
                     "CertificateTransparencyLoggingPreference=ENABLED を実行してください。"))
def transparency_logging_enabled(r: Resource) -> Result:
    if need(r, "Type") != "AMAZON_ISSUED":
        return MSG.ok("imported")
    pref = (r.data.get("Options") or {}).get("CertificateTransparencyLoggingPreference", "ENABLED")
    return MSG.fail("ct_off") if pref == "DISABLED" else Result.ok()


@check(id="aws.acm.no_wildcard_certificate", resource_types=("aws.acm.certificate",), severity=Severity.LOW,
       title=T("ACM certificate names no wildcard domain", "ACM 証明書にワイルドカードドメインが含まれていない"),
       description=T("A wildcard certificate's key serves every host of the domain: whoever obtains it from one "
                     "server can impersonate all the others.",
                     "ワイルドカード証明書の鍵はドメインのすべてのホストに使えます。1 台のサーバーから鍵を入手した者は他のすべてに"
                     "なりすませます。"),
       remediation=T("Request certificates for the exact host names each service uses.",
                     "各サービスが使う正確なホスト名で証明書を要求してください。"))
def no_wildcard_certificate(r: Resource) -> Result:
    names = sorted({str(n) for n in [need(r, "DomainName"), *(r.data.get("SubjectAlternativeNames") or [])]
                    if str(n).startswith("*")})
    return MSG.fail("wildcard", names=names) if names else Result.ok()


@check(id="aws.acm.certificate_in_use", resource_types=("aws.acm.certificate",), severity=Severity.LOW,
       title=T("ACM certificate is in use", "ACM 証明書が使用されている"),
       description=T("Issued certificates nobody uses are forgotten: they stay valid for their names, get renewed "
                     "or expire unnoticed, and clutter the review of what is exposed.",
                     "誰も使っていない発行済み証明書は忘れられがちです。名前に対して有効なまま残り、気付かれずに更新または失効し、"
                     "公開範囲の確認を妨げます。"),
       remediation=T("Delete the certificate (aws acm delete-certificate) if nothing will use it.",
                     "使う予定がなければ証明書を削除してください (aws acm delete-certificate)。"))
def certificate_in_use(r: Resource) -> Result:
    if need(r, "Status") != "ISSUED":
        return MSG.ok("status", status=r.data.get("Status"))
    users = r.data.get("InUseBy") or []
    return MSG.ok("used_by", count=len(users)) if users else MSG.fail("unused")


@check(id="aws.acm.validation_not_failed", resource_types=("aws.acm.certificate",), severity=Severity.MEDIUM,
       title=T("ACM certificate validation has not failed", "ACM 証明書の検証が失敗していない"),
       description=T("A certificate whose domain validation failed is never issued or renewed; the service waiting "
                     "for it keeps an expiring certificate or none.",
                     "ドメイン検証に失敗した証明書は発行も更新もされず、それを待つサービスは期限切れ間近の証明書を使い続けるか、"
                     "証明書がないままになります。"),
       remediation=T("Fix the validation CNAME records or e-mail, then request the certificate again "
                     "(aws acm request-certificate).",
                     "検証用の CNAME レコードまたはメールを修正し、証明書を再要求してください (aws acm request-certificate)。"))
def validation_not_failed(r: Resource) -> Result:
    if need(r, "Status") == "FAILED":
        return MSG.fail("failed", reason=r.data.get("FailureReason") or "-")
    failed = sorted(str(d.get("DomainName")) for d in r.data.get("DomainValidationOptions") or []
                    if d.get("ValidationStatus") == "FAILED")
    return MSG.fail("domain_failed", domains=failed) if failed else Result.ok()
