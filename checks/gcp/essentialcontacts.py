"""Essential Contacts (CIS 1.16): the organisation names who receives Google's security, legal, suspension and
technical notices."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list
from checks.gcp.common import cis

CONTACT = "gcp.essentialcontacts.contact"
# The categories CIS 1.16 asks for ("ALL" covers them); TECHNICAL_INCIDENTS needs premium support, so it is not
# required.
REQUIRED = frozenset({"LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL"})

MSG = Messages("gcp.essentialcontacts", {
    "missing_categories": ("no essential contact for: {missing}", "エッセンシャルコンタクトのないカテゴリ: {missing}"),
})


@check(id="gcp.essentialcontacts.organization_contacts_configured", resource_types=("gcp.resourcemanager.organization",),
       severity=Severity.MEDIUM, frameworks=cis("1.16"), needs_inventory=True, inputs=(CONTACT,),
       title=T("Essential Contacts are configured for the organisation", "組織にエッセンシャルコンタクトが設定されている"),
       description=T("Without essential contacts Google's notices about security incidents, suspensions and legal "
                     "matters go to whoever happens to hold an admin role, or to nobody.",
                     "エッセンシャルコンタクトがないと、セキュリティインシデント・停止・法務に関する Google からの通知が"
                     "たまたま管理者ロールを持つ人に届くか、誰にも届きません。"),
       remediation=T("gcloud essential-contacts create --email=security@example.com "
                     "--notification-categories=SECURITY,LEGAL,SUSPENSION,TECHNICAL --organization=ORG_ID",
                     "gcloud essential-contacts create --email=security@example.com "
                     "--notification-categories=SECURITY,LEGAL,SUSPENSION,TECHNICAL --organization=ORG_ID を"
                     "実行してください。"))
def organization_contacts_configured(r: Resource, inventory: Inventory) -> Result:
    covered: set[str] = set()
    for contact in inventory.in_account("gcp", r.account, CONTACT):
        if contact.data.get("validationState") == "INVALID":  # mail to it bounced
            continue
        covered |= {str(c) for c in as_list(contact.data.get("notificationCategorySubscriptions"))}
    missing = [] if "ALL" in covered else sorted(REQUIRED - covered)
    return MSG.fail("missing_categories", missing=missing) if missing else Result.ok()
