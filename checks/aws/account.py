"""AWS account checks: alternate contacts (security, billing, operations)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

CONTACTS = ("aws.account.alternate_contacts",)

MSG = Messages("aws.account", {
    "missing": ("no {kind} contact is registered", "{kind} の代替連絡先が登録されていません"),
    "incomplete": ("the {kind} contact has no {fields}", "{kind} の代替連絡先に {fields} がありません"),
})
_FIELDS = (("HasName", "name"), ("HasEmailAddress", "email address"), ("HasPhoneNumber", "phone number"))


def _contact(r: Resource, kind: str) -> Result:
    c = need(r, kind)
    if not c:
        return MSG.fail("missing", kind=kind.lower())
    missing = [label for key, label in _FIELDS if not c.get(key)]
    return MSG.fail("incomplete", kind=kind.lower(), fields=missing) if missing else Result.ok()


@check(id="aws.account.security_contact_registered", resource_types=CONTACTS, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Account.1"], "cis-aws-3.0": ["1.2"]},
       title=T("The account has a security contact", "アカウントにセキュリティの代替連絡先が登録されている"),
       description=T("AWS sends abuse reports, compromise notices and security bulletins for the account to its "
                     "security contact; without one they reach only the root e-mail address.",
                     "AWS はアカウントの不正利用報告・侵害通知・セキュリティ情報をセキュリティ連絡先に送ります。未登録だとルートの"
                     "メールアドレスにしか届きません。"),
       remediation=T("Register a security alternate contact with a monitored team address and phone number "
                     "(aws account put-alternate-contact --alternate-contact-type SECURITY).",
                     "監視されているチームのアドレスと電話番号でセキュリティの代替連絡先を登録してください "
                     "(aws account put-alternate-contact --alternate-contact-type SECURITY)。"))
def security_contact_registered(r: Resource) -> Result:
    return _contact(r, "SECURITY")


@check(id="aws.account.billing_contact_registered", resource_types=CONTACTS, severity=Severity.LOW,
       title=T("The account has a billing contact", "アカウントに請求の代替連絡先が登録されている"),
       description=T("Unexpected charges are often the first sign of a compromised account (crypto-mining, abused "
                     "services); the billing contact hears of them.",
                     "予期しない請求は侵害 (暗号通貨マイニングやサービスの悪用) の最初の兆候であることが多く、請求連絡先に通知されます。"),
       remediation=T("Register a billing alternate contact (put-alternate-contact --alternate-contact-type BILLING).",
                     "請求の代替連絡先を登録してください (put-alternate-contact --alternate-contact-type BILLING)。"))
def billing_contact_registered(r: Resource) -> Result:
    return _contact(r, "BILLING")


@check(id="aws.account.operations_contact_registered", resource_types=CONTACTS, severity=Severity.LOW,
       title=T("The account has an operations contact", "アカウントに運用の代替連絡先が登録されている"),
       description=T("Scheduled maintenance, retirements and service events affecting the account's resources go to "
                     "the operations contact.",
                     "アカウントのリソースに影響する計画メンテナンス・廃止・サービスイベントは運用連絡先に送られます。"),
       remediation=T("Register an operations alternate contact (put-alternate-contact --alternate-contact-type "
                     "OPERATIONS).",
                     "運用の代替連絡先を登録してください (put-alternate-contact --alternate-contact-type OPERATIONS)。"))
def operations_contact_registered(r: Resource) -> Result:
    return _contact(r, "OPERATIONS")
