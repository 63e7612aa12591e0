"""ELBv2 load balancer depth: several Availability Zones, WAF protection of Application Load Balancers."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity, is_unreadable
from checks import Messages, check, need
from checks.common import T

LB = ("aws.elbv2.load_balancer",)

MSG = Messages("aws.elbv2_depth", {
    "one_zone": ("spans {count} Availability Zone(s)", "{count} 個のアベイラビリティーゾーンにまたがっています"),
    "no_waf": ("no WAF web ACL protects this load balancer", "このロードバランサーを保護する WAF ウェブ ACL がありません"),
    "acls_unread": ("the web ACLs' associations could not be read", "ウェブ ACL の関連付けを読み取れませんでした"),
    "not_alb": ("not an application load balancer", "Application Load Balancer ではありません"),
})


@check(id="aws.elbv2.multi_az", resource_types=LB, severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["ELB.13"]},
       title=T("Load balancer spans at least two Availability Zones", "ロードバランサーが 2 つ以上のアベイラビリティーゾーンにまたがる"),
       description=T("A load balancer in one zone stops serving when that zone fails.",
                     "1 つのゾーンにしかないロードバランサーは、そのゾーンの障害時に停止します。"),
       remediation=T("Add a subnet in a second Availability Zone (aws elbv2 set-subnets).",
                     "2 つ目のアベイラビリティーゾーンのサブネットを追加してください (aws elbv2 set-subnets)。"))
def multi_az(r: Resource) -> Result:
    zones = need(r, "AvailabilityZones") or []
    return Result.ok() if len(zones) >= 2 else MSG.fail("one_zone", count=len(zones))


@check(id="aws.elbv2.alb_waf_associated", resource_types=LB, severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["ELB.16"]},
       needs_inventory=True, inputs=("aws.wafv2.web_acl",),
       title=T("Application Load Balancer is protected by an AWS WAF web ACL", "Application Load Balancer が AWS WAF ウェブ ACL で保護されている"),
       description=T("A web ACL filters common web exploits and floods before they reach the targets.",
                     "ウェブ ACL は一般的な Web 攻撃やフラッドをターゲットに届く前に遮断します。"),
       remediation=T("Associate a regional WAFv2 web ACL with the load balancer (aws wafv2 associate-web-acl).",
                     "リージョンの WAFv2 ウェブ ACL をロードバランサーに関連付けてください (aws wafv2 associate-web-acl)。"))
def alb_waf_associated(r: Resource, inventory: Inventory | None = None) -> Result:
    if r.data.get("Type", "application") != "application":
        return MSG.ok("not_alb")
    acls = [a for a in (inventory.in_account("aws", r.account, "aws.wafv2.web_acl") if inventory else []) if a.region == r.region]
    if any(is_unreadable(a.data.get("_resources")) for a in acls):
        return MSG.error("acls_unread")
    protected = any(r.id in (a.data.get("_resources") or []) for a in acls)
    return Result.ok() if protected else MSG.fail("no_waf")
