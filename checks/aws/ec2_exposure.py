"""EC2 toxic combinations: an internet-reachable instance with a privileged role or open admin ports."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.aws.exposure import all_open_ports, exposure, known_false, privileges
from checks.common import T

ADMIN_PORTS = (22, 3389)
# The exposure pass derives an instance's path from these, and its privilege from its role.
NETWORK = ("aws.ec2.security_group", "aws.ec2.route_table", "aws.ec2.network_acl")

MSG = Messages("aws.ec2_exposure", {
    "privileged": ("reachable on [{ports}] and its role grants {grants}",
                   "[{ports}] で到達可能で、そのロールが {grants} を付与しています"),
    "admin_ports": ("port(s) {ports} reachable from the internet", "ポート {ports} にインターネットから到達できます"),
})


@check(id="aws.ec2.reachable_instance_not_privileged", resource_types=("aws.ec2.instance",), severity=Severity.CRITICAL,
       inputs=NETWORK + ("aws.iam.role",),
       title=T("Internet-reachable instance does not run with a privileged role",
               "インターネットから到達可能なインスタンスが特権ロールで動作していない"),
       description=T("An instance reachable from the internet whose instance profile grants admin or privilege-escalation rights turns one exploited service "
           "into a full account takeover.",
                     "インターネットから到達可能で、インスタンスプロファイルが管理者権限や権限昇格を許すインスタンスは、1 "
                         "つのサービスの侵害をアカウント全体の乗っ取りにつなげます。"),
       remediation=T("Close the internet path (security group, NACL, public IP) or reduce the instance role to the permissions the workload needs.",
                     "インターネットからの経路 (セキュリティグループ、NACL、パブリック IP) を閉じるか、"
                         "インスタンスロールをワークロードに必要な権限に絞ってください。"))
def reachable_instance_not_privileged(r: Resource) -> Result:
    if known_false(r, "_exposure", "internet_reachable") or known_false(r, "_privileged", "privileged"):
        return Result.ok()
    exp, priv = exposure(r), privileges(r)
    if exp.get("internet_reachable") and priv.get("privileged"):
        what = "admin" if priv.get("admin") else ", ".join(priv.get("actions", []))
        return MSG.fail("privileged", ports=exp.get("open_ports"), grants=what,
                        path=exp.get("path", []), roles=priv.get("roles", []))
    return Result.ok()


@check(id="aws.ec2.admin_ports_not_reachable", resource_types=("aws.ec2.instance",), severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["5.2"]}, inputs=NETWORK,
       title=T("Instance SSH/RDP is not reachable from the internet", "インスタンスの SSH/RDP がインターネットから到達可能ではない"),
       description=T("Port 22 or 3389 open along the whole path (public IP, security group, NACL, route to an internet gateway) invites brute force and "
           "exploit attempts.",
                     "経路全体 (パブリック IP、セキュリティグループ、NACL、インターネットゲートウェイへのルート) で 22 または 3389 番ポートが開いていると、"
                         "総当たりや攻撃の対象になります。"),
       remediation=T("Use Session Manager or a bastion with source restrictions instead of opening 22/3389 to the internet.",
                     "22/3389 をインターネットに開く代わりに、Session Manager や送信元を制限した踏み台を使用してください。"))
def admin_ports_not_reachable(r: Resource) -> Result:
    exp = exposure(r)
    if not exp.get("internet_reachable"):
        return Result.ok()
    ports = [p for p in exp.get("open_ports", []) if p in ADMIN_PORTS]
    if ports:
        return MSG.fail("admin_ports", ports=ports, path=exp.get("path", []))
    all_open_ports(exp)  # part of the path not assessed: 22 or 3389 may be open through it
    return Result.ok()
