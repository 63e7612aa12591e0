"""Microsoft Defender for Cloud plans (CIS Azure 2.1 section 2.1)."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.azure._common import CIS, props

# Pricing name (as Defender for Cloud reports it) -> CIS 2.1 control.
PLAN_CONTROLS = {
    "VirtualMachines": "2.1.1", "AppServices": "2.1.2", "SqlServers": "2.1.3", "SqlServerVirtualMachines": "2.1.4",
    "OpenSourceRelationalDatabases": "2.1.5", "CosmosDbs": "2.1.6", "StorageAccounts": "2.1.7", "Containers": "2.1.8",
    "KeyVaults": "2.1.9", "Dns": "2.1.10", "Arm": "2.1.11",
}

MSG = Messages("azure.security", {
    "deprecated": ("{plan} is deprecated, replaced by {replacedBy}", "{plan} は廃止され、{replacedBy} に置き換えられました"),
    "deprecated_unknown": ("{plan} is deprecated, replaced by another plan", "{plan} は廃止され、別のプランに置き換えられました"),
    "on": ("{plan}: {tier}", "{plan}: {tier} レベル"),
    "low_tier": ("Defender for {plan} is on the {tier} tier", "Defender の {plan} プランが {tier} レベルのままです"),
})


@check(id="azure.security.defender_plan_on", resource_types=("azure.security.pricing",), severity=Severity.MEDIUM,
       frameworks={CIS: sorted(set(PLAN_CONTROLS.values()), key=lambda c: [int(x) for x in c.split(".")])},
       title={"en": "Microsoft Defender plan is on (Standard tier)", "ja": "Microsoft Defender のプランが有効 (Standard レベル)"},
       description={"en": "With a Defender plan on the Free tier, its threat detection for that resource kind is off.",
                    "ja": "Defender のプランが Free レベルのままだと、その種類のリソースに対する脅威検知が働きません。"},
       remediation={"en": "az security pricing create -n <plan> --tier standard",
                    "ja": "az security pricing create -n <プラン> --tier standard を実行します。"})
def defender_plan(r: Resource) -> Result:
    tier = str(props(r).get("pricingTier") or "Free")
    control = PLAN_CONTROLS.get(r.name)
    if props(r).get("deprecated") is True:  # e.g. ContainerRegistry, KubernetesService: replaced by Containers
        replaced = list(props(r).get("replacedBy") or [])
        if replaced:
            return MSG.ok("deprecated", plan=r.name, replacedBy=replaced)
        return MSG.ok("deprecated_unknown", plan=r.name)
    if tier.lower() == "standard":
        return MSG.ok("on", plan=r.name, tier=tier)
    return MSG.fail("low_tier", plan=r.name, tier=tier, cis=control)
