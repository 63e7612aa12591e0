"""The default VPC holds no workloads (its network interfaces are counted by the collector)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T

MSG = Messages("aws.vpc_default", {
    "in_use": ("{count} network interface(s) in the default VPC",
               "デフォルト VPC にネットワークインターフェイスが {count} 個あります"),
})


@check(id="aws.vpc.default_vpc_not_used", resource_types=("aws.ec2.default_vpc",), severity=Severity.LOW,
       title=T("The default VPC holds no workloads", "デフォルト VPC にワークロードがない"),
       description=T("Default VPCs have public subnets and an internet gateway by design; workloads belong in purpose-built VPCs.",
                     "デフォルト VPC は設計上パブリックサブネットとインターネットゲートウェイを持ちます。ワークロードは専用 VPC に配置してください。"),
       remediation=T("Move the network interfaces to a dedicated VPC and delete the default VPC.",
                     "ネットワークインターフェイスを専用 VPC に移し、デフォルト VPC を削除してください。"))
def default_vpc_not_used(r: Resource) -> Result:
    n = int(r.data.get("NetworkInterfaceCount") or 0)
    return MSG.fail("in_use", count=n) if n else Result.ok()
