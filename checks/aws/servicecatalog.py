"""AWS Service Catalog checks: portfolios shared only through the organisation."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.servicecatalog", {
    "account_shares": ("shared with account(s) {accounts} outside the organisation's sharing",
                       "組織の共有を介さずにアカウント {accounts} と共有されています"),
})


@check(id="aws.servicecatalog.portfolio_shared_within_organization", resource_types=("aws.servicecatalog.portfolio",),
       severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["ServiceCatalog.1"]},
       title=T("Service Catalog portfolio is shared only within the organisation",
               "Service Catalog ポートフォリオが組織内だけで共有されている"),
       description=T("A portfolio shared account by account can reach accounts outside the organisation, whose users "
                     "then launch your products and their launch roles.",
                     "アカウント単位で共有したポートフォリオは組織外のアカウントにも届き、その利用者が製品と起動ロールを使えます。"),
       remediation=T("Delete the account shares (delete-portfolio-share --account-id) and share through the "
                     "organisation or its OUs instead.",
                     "アカウント単位の共有を削除し (delete-portfolio-share --account-id)、組織またはその OU を通じて共有してください。"))
def portfolio_shared_within_organization(r: Resource) -> Result:
    shares = readable(need(r, "AccountShares"), "AccountShares") or []
    accounts = [str(s.get("PrincipalId")) for s in shares if s.get("Type") == "ACCOUNT"]
    return MSG.fail("account_shares", accounts=accounts) if accounts else Result.ok()
