"""The default VPC holds no workloads (its network interfaces are counted by the collector)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T


@check(id="aws.vpc.default_vpc_not_used", resource_types=("aws.ec2.default_vpc",), severity=Severity.LOW,
       title=T("The default VPC holds no workloads", "デフォルト VPC にワークロードがない"),
       description=T("Default VPCs have public subnets and an internet gateway by design; workloads belong in purpose-built VPCs.",
                     "デフォルト VPC は設計上パブリックサブネットとインターネットゲートウェイを持ちます。ワークロードは専用 VPC に配置してください。"),
       remediation=T("Move the network interfaces to a dedicated VPC and delete the default VPC.",
                     "ネットワークインターフェイスを専用 VPC に移し、デフォルト VPC を削除してください。"))
def default_vpc_not_used(r: Resource) -> Result:
    n = int(r.data.get("NetworkInterfaceCount") or 0)
    return Result.fail(f"{n} network interface(s) in the default VPC", count=n) if n else Result.ok()
