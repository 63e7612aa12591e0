"""VM agents: endpoint protection and the Azure Monitor agent, judged from the VM's extensions.

The collector attaches each VM's extensions (publisher and type) to it; the checks declare that
input, so a VM whose extensions were not fully collected answers ERROR, not FAIL.
"""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.azure._common import lower
from checks.common import T

VM = ("azure.compute.vm",)
EXTENSIONS = ("azure.compute.vm_extension",)
# (publisher, type) of endpoint protection: Defender for Endpoint (Defender for Servers) and Microsoft Antimalware.
ENDPOINT_PROTECTION = {("microsoft.azure.azuredefenderforservers", "mde.linux"),
                       ("microsoft.azure.azuredefenderforservers", "mde.windows"),
                       ("microsoft.azure.security", "iaasantimalware")}
MONITOR_AGENTS = {("microsoft.azure.monitor", "azuremonitorlinuxagent"), ("microsoft.azure.monitor", "azuremonitorwindowsagent")}

MSG = Messages("azure.compute_agents", {
    "found": ("{what}: {names}", "{what} を検出: {names}"),
    "missing_endpoint_protection": ("no endpoint protection extension", "エンドポイント保護の拡張機能がありません"),
    "missing_monitor_agent": ("no Azure Monitor agent extension", "Azure Monitor エージェントの拡張機能がありません"),
})


def _installed(r: Resource, wanted: set[tuple[str, str]]) -> list[str]:
    return sorted(str(e.get("type")) for e in r.data.get("extensions") or []
                  if (lower(e.get("publisher")), lower(e.get("type"))) in wanted)


@check(id="azure.compute.vm_endpoint_protection", resource_types=VM, severity=Severity.MEDIUM, inputs=EXTENSIONS,
       title=T("VM has endpoint protection", "VM にエンドポイント保護がある"),
       description=T("Without Defender for Endpoint or Microsoft Antimalware, malware on the VM goes undetected.",
                     "Defender for Endpoint や Microsoft Antimalware がないと、VM 上のマルウェアが検知されません。"),
       remediation=T("Enable Defender for Servers (it deploys MDE.Linux / MDE.Windows), or add the IaaSAntimalware extension.",
                     "Defender for Servers を有効にする (MDE.Linux / MDE.Windows が導入されます) か、IaaSAntimalware 拡張機能を追加します。"))
def endpoint_protection(r: Resource) -> Result:
    names = _installed(r, ENDPOINT_PROTECTION)
    return MSG.ok("found", what="endpoint protection", names=names) if names else MSG.fail("missing_endpoint_protection")


@check(id="azure.compute.vm_monitoring_agent_installed", resource_types=VM, severity=Severity.LOW, inputs=EXTENSIONS,
       title=T("VM runs the Azure Monitor agent", "VM で Azure Monitor エージェントが動作している"),
       description=T("The agent sends the VM's security and system logs to Log Analytics for detection and investigation.",
                     "エージェントは VM のセキュリティログとシステムログを Log Analytics に送り、検知と調査に使えるようにします。"),
       remediation=T("az vm extension set -g <rg> --vm-name <vm> -n AzureMonitorLinuxAgent --publisher Microsoft.Azure.Monitor "
                     "(AzureMonitorWindowsAgent on Windows), with a data collection rule.",
                     "az vm extension set -g <RG> --vm-name <VM> -n AzureMonitorLinuxAgent --publisher Microsoft.Azure.Monitor を実行し "
                     "(Windows では AzureMonitorWindowsAgent)、データ収集ルールを関連付けます。"))
def monitoring_agent(r: Resource) -> Result:
    names = _installed(r, MONITOR_AGENTS)
    return MSG.ok("found", what="Azure Monitor agent", names=names) if names else MSG.fail("missing_monitor_agent")
