"""SES checks on how mail is sent: DKIM signing of identities, and the TLS policy and reputation
metrics of configuration sets."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.settings_common import Setting, setting_check, sub
from checks.common import T

MSG = Messages("aws.ses_sending", {
    "dkim_off": ("DKIM signing is off", "DKIM 署名が無効です"),
    "dkim_status": ("DKIM signing is on but its status is {status}", "DKIM 署名は有効ですが状態が {status} です"),
})


@check(id="aws.ses.identity_dkim_signing_enabled", resource_types=("aws.ses.identity",), severity=Severity.MEDIUM,
       title=T("SES identity signs its mail with DKIM", "SES ID がメールに DKIM で署名している"),
       description=T("Unsigned mail cannot be told apart from spoofed mail in the identity's name, and receivers with "
                     "a DMARC policy reject or quarantine it.",
                     "署名のないメールは ID を騙ったなりすましメールと区別できず、DMARC ポリシーのある受信側で拒否または"
                     "隔離されます。"),
       remediation=T("Enable Easy DKIM (put-email-identity-dkim-attributes --signing-enabled) and publish the CNAME "
                     "records until the status is SUCCESS.",
                     "Easy DKIM を有効にし (put-email-identity-dkim-attributes --signing-enabled)、状態が SUCCESS になるまで "
                     "CNAME レコードを公開してください。"))
def identity_dkim_signing_enabled(r: Resource) -> Result:
    dkim = need(r, "DkimAttributes") or {}
    if not dkim.get("SigningEnabled"):
        return MSG.fail("dkim_off")
    status = dkim.get("Status", "NOT_STARTED")
    return Result.ok() if status == "SUCCESS" else MSG.fail("dkim_status", status=status)


CONFIG_SET = ("aws.ses.configuration_set",)

setting_check(Setting(
    "aws.ses.configuration_set_tls_required", CONFIG_SET, "DeliveryOptions", lambda v, r: sub("TlsPolicy")(v) == "REQUIRE",
    ("SES configuration set requires TLS to deliver", "SES 設定セットが配信に TLS を要求している"),
    ("With TlsPolicy OPTIONAL (the default), SES delivers in clear text to receiving servers that do not offer TLS.",
     "TlsPolicy が OPTIONAL (既定値) だと、SES は TLS を提供しない受信サーバーへ平文で配信します。"),
    ("Set TlsPolicy REQUIRE on the configuration set (put-configuration-set-delivery-options --tls-policy REQUIRE).",
     "設定セットで TlsPolicy を REQUIRE にしてください (put-configuration-set-delivery-options --tls-policy REQUIRE)。"),
    Severity.MEDIUM, shows=sub("TlsPolicy", "OPTIONAL")), __name__)

setting_check(Setting(
    "aws.ses.configuration_set_reputation_metrics_enabled", CONFIG_SET, "ReputationOptions",
    lambda v, r: sub("ReputationMetricsEnabled", False)(v) is True,
    ("SES configuration set publishes reputation metrics", "SES 設定セットがレピュテーションメトリクスを発行している"),
    ("Without bounce and complaint metrics per configuration set, a compromised sender or a spam run goes unnoticed "
     "until SES pauses the account.",
     "設定セットごとのバウンス・苦情メトリクスがないと、侵害された送信者やスパム送信は SES がアカウントを停止するまで"
     "気付かれません。"),
    ("Turn on reputation metrics (put-configuration-set-reputation-options --reputation-metrics-enabled).",
     "レピュテーションメトリクスを有効にしてください (put-configuration-set-reputation-options --reputation-metrics-enabled)。"),
    Severity.LOW, shows=sub("ReputationMetricsEnabled", False)), __name__)
