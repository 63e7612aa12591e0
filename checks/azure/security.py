"""Microsoft Defender for Cloud plans (CIS Azure 2.1 section 2.1)."""

from __future__ import annotations

from checks import check
from checks.azure._common import CIS, props
from agent.core.model import Resource, Result, Severity

# Pricing name (as Defender for Cloud reports it) -> CIS 2.1 control.
PLAN_CONTROLS = {
    "VirtualMachines": "2.1.1", "AppServices": "2.1.2", "SqlServers": "2.1.3", "SqlServerVirtualMachines": "2.1.4",
    "OpenSourceRelationalDatabases": "2.1.5", "CosmosDbs": "2.1.6", "StorageAccounts": "2.1.7", "Containers": "2.1.8",
    "KeyVaults": "2.1.9", "Dns": "2.1.10", "Arm": "2.1.11",
}


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
        return Result.ok(f"{r.name} is deprecated, replaced by {', '.join(props(r).get('replacedBy') or []) or 'another plan'}")
    if tier.lower() == "standard":
        return Result.ok(f"{r.name}: {tier}")
    return Result.fail(f"Defender for {r.name} is on the {tier} tier", plan=r.name, cis=control)
