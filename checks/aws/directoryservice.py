"""AWS Directory Service checks: log forwarding, SNS status notifications, certificate expiry
and RADIUS multi-factor authentication."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

DIR = ("aws.directoryservice.directory",)
EXPIRY_DAYS = 30
MICROSOFT_AD, AD_CONNECTOR = "MicrosoftAD", "ADConnector"

MSG = Messages("aws.directoryservice", {
    "not_managed_ad": ("{type} directories have no security logs to forward", "{type} ディレクトリには転送するセキュリティログがありません"),
    "no_log_subscription": ("domain controller security logs are not forwarded to CloudWatch Logs",
                            "ドメインコントローラーのセキュリティログが CloudWatch Logs に転送されていません"),
    "log_group": ("logs go to {log_group}", "ログの転送先: {log_group}"),
    "no_topic": ("no SNS topic receives the directory's status changes",
                 "ディレクトリの状態変化を受け取る SNS トピックがありません"),
    "expiring": ("certificate(s) {certificates} expire within {days} days",
                 "証明書 {certificates} の有効期限が {days} 日以内です"),
    "no_expiry": ("certificate {certificate} has no expiry date", "証明書 {certificate} に有効期限がありません"),
    "radius_unsupported": ("{type} directories do not support RADIUS", "{type} ディレクトリは RADIUS をサポートしていません"),
    "radius_off": ("RADIUS multi-factor authentication is not configured (status {status})",
                   "RADIUS による多要素認証が設定されていません (状態 {status})"),
})


@check(id="aws.directoryservice.directory_log_forwarding_enabled", resource_types=DIR, severity=Severity.MEDIUM,
       title=T("Managed Microsoft AD forwards security logs to CloudWatch Logs",
               "Managed Microsoft AD がセキュリティログを CloudWatch Logs に転送している"),
       description=T("Domain controller security events (sign-ins, lockouts, group changes) stay on the controllers "
                     "and are lost for investigation unless they are forwarded.",
                     "ドメインコントローラーのセキュリティイベント (サインイン、ロックアウト、グループ変更) は転送しないとコントローラー"
                     "上にしか残らず、調査に使えません。"),
       remediation=T("Enable log forwarding to a CloudWatch Logs group (create-log-subscription).",
                     "CloudWatch Logs グループへのログ転送を有効にしてください (create-log-subscription)。"))
def directory_log_forwarding_enabled(r: Resource) -> Result:
    kind = need(r, "Type")
    if kind != MICROSOFT_AD:
        return MSG.ok("not_managed_ad", type=kind)
    subs = readable(need(r, "LogSubscriptions"), "LogSubscriptions") or []
    groups = [s.get("LogGroupName") for s in subs if s.get("LogGroupName")]
    return MSG.ok("log_group", log_group=groups) if groups else MSG.fail("no_log_subscription")


@check(id="aws.directoryservice.directory_status_notifications_enabled", resource_types=DIR, severity=Severity.LOW,
       title=T("Directory status changes are published to SNS", "ディレクトリの状態変化が SNS に通知される"),
       description=T("A directory that becomes impaired or inoperable breaks sign-in to everything joined to it; an SNS "
                     "topic tells operators when that happens.",
                     "ディレクトリが障害状態や動作不能になると、参加しているすべてへのサインインが失敗します。SNS トピックは"
                     "それを運用者に知らせます。"),
       remediation=T("Register an SNS topic for the directory's status messages (register-event-topic).",
                     "ディレクトリの状態メッセージ用に SNS トピックを登録してください (register-event-topic)。"))
def directory_status_notifications_enabled(r: Resource) -> Result:
    topics = readable(need(r, "EventTopics"), "EventTopics") or []
    return Result.ok() if any(t.get("Status") == "Registered" for t in topics) else MSG.fail("no_topic")


@check(id="aws.directoryservice.directory_certificates_not_expiring", resource_types=DIR, severity=Severity.MEDIUM,
       title=T("Directory certificates do not expire within 30 days", "ディレクトリの証明書の有効期限が 30 日以内ではない"),
       description=T("An expired LDAPS or client certificate breaks secure LDAP and smart-card sign-in for every "
                     "application that relies on the directory.",
                     "LDAPS やクライアント証明書が期限切れになると、ディレクトリに依存するすべてのアプリケーションでセキュア LDAP や"
                     "スマートカードのサインインが失敗します。"),
       remediation=T("Register a renewed certificate (register-certificate) and deregister the expiring one.",
                     "更新した証明書を登録 (register-certificate) し、期限切れ間近の証明書の登録を解除してください。"))
def directory_certificates_not_expiring(r: Resource) -> Result:
    certs = readable(need(r, "Certificates"), "Certificates") or []
    soon = []
    for cert in certs:
        if cert.get("State") in ("Deregistered", "DeregisterFailed", "Deregistering"):
            continue
        left = cert.get("_days_to_expiry")
        if left is None:
            return MSG.error("no_expiry", certificate=cert.get("CertificateId"))
        if left < EXPIRY_DAYS:
            soon.append(str(cert.get("CommonName") or cert.get("CertificateId")))
    return MSG.fail("expiring", certificates=soon, days=EXPIRY_DAYS) if soon else Result.ok()


@check(id="aws.directoryservice.directory_radius_mfa_enabled", resource_types=DIR, severity=Severity.MEDIUM,
       title=T("Directory requires multi-factor authentication through RADIUS",
               "ディレクトリが RADIUS による多要素認証を必須にしている"),
       description=T("Without RADIUS MFA, a directory password alone signs users in to WorkSpaces, the AWS console and "
                     "other directory-aware applications.",
                     "RADIUS MFA がないと、ディレクトリのパスワードだけで WorkSpaces、AWS コンソールなどディレクトリ連携の"
                     "アプリケーションにサインインできます。"),
       remediation=T("Enable RADIUS multi-factor authentication with your MFA server (enable-radius).",
                     "MFA サーバーを使って RADIUS 多要素認証を有効にしてください (enable-radius)。"))
def directory_radius_mfa_enabled(r: Resource) -> Result:
    kind = need(r, "Type")
    if kind not in (MICROSOFT_AD, AD_CONNECTOR):
        return MSG.ok("radius_unsupported", type=kind)
    status = need(r, "RadiusStatus")
    if status == "Completed" and need(r, "RadiusSettings"):
        return Result.ok()
    return MSG.fail("radius_off", status=status or "none")
