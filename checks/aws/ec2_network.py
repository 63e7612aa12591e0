"""EC2 network checks: public AMIs, NACLs open to admin ports, unused NACLs, default VPC in use."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T

ADMIN_PORTS = (22, 3389)

MSG = Messages("aws.ec2_network", {
    "image_public": ("image is public", "イメージが公開されています"),
    "nacl_open": ("open to the internet on {ports}", "ポート {ports} がインターネットに開放されています"),
    "nacl_unused": ("not associated with any subnet", "どのサブネットにも関連付けられていません"),
})


def nacl_open_ports(acl: dict, ports: tuple[int, ...] = ADMIN_PORTS) -> list[int]:
    """Admin ports the NACL lets in from anywhere: the lowest-numbered matching rule decides."""
    entries = sorted((e for e in acl.get("Entries", []) if not e.get("Egress")), key=lambda e: e.get("RuleNumber", 32767))
    open_ports = []
    for port in ports:
        for e in entries:
            proto = str(e.get("Protocol"))
            rng = e.get("PortRange") or {}
            covers = proto == "-1" or (proto in ("6", "17") and int(rng.get("From", 0)) <= port <= int(rng.get("To", 65535)))
            wide = e.get("CidrBlock") == "0.0.0.0/0" or e.get("Ipv6CidrBlock") == "::/0"
            if covers and wide:
                if e.get("RuleAction") == "allow":
                    open_ports.append(port)
                break
    return open_ports


@check(id="aws.ec2.ami_not_public", resource_types=("aws.ec2.image",), severity=Severity.HIGH,
       title=T("AMI is not shared publicly", "AMI がパブリックに共有されていない"),
       description=T("A public AMI lets anyone launch a copy of the image, including secrets baked into it.",
                     "パブリック AMI では誰でもイメージのコピーを起動でき、焼き込まれたシークレットも含まれます。"),
       remediation=T("Remove the 'all' group from the image's launch permissions (aws ec2 modify-image-attribute).",
                     "イメージの起動許可から 'all' グループを削除してください (aws ec2 modify-image-attribute)。"))
def ami_not_public(r: Resource) -> Result:
    return MSG.fail("image_public") if r.data.get("Public") else Result.ok()


@check(id="aws.ec2.nacl_admin_ports_closed", resource_types=("aws.ec2.network_acl",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["5.1"], "aws-fsbp": ["EC2.21"]},
       title=T("Network ACL does not allow 22/3389 from the internet", "ネットワーク ACL がインターネットからの 22/3389 を許可していない"),
       description=T("NACLs are the subnet-level layer of defence for remote administration ports.",
                     "NACL はリモート管理ポートに対するサブネットレベルの防御層です。"),
       remediation=T("Add a lower-numbered deny entry for 0.0.0.0/0 and ::/0 on ports 22 and 3389, or narrow the allow rule.",
                     "ポート 22 と 3389 について 0.0.0.0/0 と ::/0 を拒否する小さい番号のエントリを追加するか、許可ルールを絞ってください。"))
def nacl_admin_ports_closed(r: Resource) -> Result:
    ports = nacl_open_ports(r.data)
    return MSG.fail("nacl_open", ports=ports) if ports else Result.ok()


@check(id="aws.ec2.nacl_in_use", resource_types=("aws.ec2.network_acl",), severity=Severity.LOW,
       frameworks={"aws-fsbp": ["EC2.16"]},
       title=T("Network ACL is associated with a subnet", "ネットワーク ACL がサブネットに関連付けられている"),
       description=T("Unused NACLs clutter the network configuration and get attached by mistake.",
                     "未使用の NACL はネットワーク構成を煩雑にし、誤って関連付けられる原因になります。"),
       remediation=T("Delete network ACLs that no subnet uses.", "どのサブネットにも使われていないネットワーク ACL を削除してください。"))
def nacl_in_use(r: Resource) -> Result:
    if r.data.get("IsDefault") or r.data.get("Associations"):
        return Result.ok()
    return MSG.fail("nacl_unused")

