"""AWS RAM checks: resource shares this account owns stay inside the organisation."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

SHARE = ("aws.ram.resource_share",)
_LIVE = ("ASSOCIATED", "ASSOCIATING")

MSG = Messages("aws.ram", {
    "external": ("shared with principal(s) outside the organisation: {principals}",
                 "組織外のプリンシパルと共有されています: {principals}"),
})

setting_check(Setting(
    "aws.ram.resource_share_external_principals_disallowed", SHARE, "allowExternalPrincipals", lambda v, r: v is False,
    ("RAM resource share does not allow principals outside the organisation",
     "RAM リソース共有が組織外のプリンシパルを許可していない"),
    ("A share that allows external principals can be extended to any AWS account, not only to your organisation's.",
     "外部プリンシパルを許可する共有は、組織のアカウントに限らず任意の AWS アカウントに広げられます。"),
    ("Set allowExternalPrincipals to false (update-resource-share --no-allow-external-principals) and share with the "
     "organisation or its OUs.",
     "allowExternalPrincipals を false にし (update-resource-share --no-allow-external-principals)、組織またはその OU と"
     "共有してください。"),
    Severity.MEDIUM), __name__)


@check(id="aws.ram.resource_share_principals_in_organization", resource_types=SHARE, severity=Severity.HIGH,
       title=T("RAM resource share is shared only within the organisation", "RAM リソース共有が組織内だけで共有されている"),
       description=T("Subnets, Transit Gateways, resolver rules, licences and other shared resources become usable by "
                     "accounts you do not govern.",
                     "サブネット・Transit Gateway・リゾルバールール・ライセンスなどの共有リソースが、管理外のアカウントから"
                     "使えるようになります。"),
       remediation=T("Disassociate the external principals from the share (disassociate-resource-share).",
                     "共有から外部プリンシパルの関連付けを解除してください (disassociate-resource-share)。"))
def resource_share_principals_in_organization(r: Resource) -> Result:
    principals = readable(need(r, "Principals"), "Principals") or []
    outside = [str(p.get("associatedEntity")) for p in principals
               if p.get("external") and p.get("status", "ASSOCIATED") in _LIVE]
    return MSG.fail("external", principals=outside) if outside else Result.ok()
