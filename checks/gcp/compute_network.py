"""VPC checks (``gcp.compute.*``): firewall rules open to the Internet, default and legacy networks, subnet
flow logs, and the organisation guardrail against default networks."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import as_list
from checks.gcp.common import cis
from checks.gcp.org_policy import PROJECT, enforced, guardrail_remediation

FIREWALL = ("gcp.compute.firewall",)
INTERNET = frozenset({"0.0.0.0/0", "::/0"})
ALL_PROTOCOLS = frozenset({"all"})
# Subnets reserved for managed proxies cannot have flow logs (CIS 3.8 note).
PROXY_PURPOSES = frozenset({"INTERNAL_HTTPS_LOAD_BALANCER", "REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY",
                            "PRIVATE_SERVICE_CONNECT"})

MSG = Messages("gcp.compute_network", {
    "not_internet_ingress": ("not an enabled ingress rule from the Internet",
                             "インターネットからの有効な受信ルールではありません"),
    "port_open": ("{service} (port {port}) open to {sources}", "{service} (ポート {port}) が {sources} に開いています"),
    "all_ports_open": ("all ports open to the Internet for: {protocols}",
                       "次のプロトコルで全ポートがインターネットに開いています: {protocols}"),
    "default_network": ("network 'default' exists", "ネットワーク 'default' が存在します"),
    "legacy_network": ("legacy network with range {IPv4Range}", "範囲 {IPv4Range} のレガシーネットワークです"),
    "no_flow_log_support": ("{purpose} subnets do not support flow logs", "{purpose} のサブネットはフローログに対応していません"),
    "flow_logs_off": ("flow logs are off", "フローログが無効です"),
})


def _open_to_internet(fw: Resource) -> bool:
    d = fw.data
    return ((d.get("direction") or "INGRESS") == "INGRESS" and not d.get("disabled")
            and bool(INTERNET & set(d.get("sourceRanges") or [])))


def _covers(ports: list[Any] | None, port: int) -> bool:
    if not ports:
        return True  # no ports listed = every port of the protocol
    for p in ports:
        lo, _, hi = str(p).partition("-")
        if int(lo) <= port <= int(hi or lo):
            return True
    return False


def _allows(fw: Resource, protocols: set[str], port: int) -> bool:
    for rule in as_list(fw.data.get("allowed")):
        proto = str(rule.get("IPProtocol", "")).lower()
        if proto in ALL_PROTOCOLS or (proto in protocols and _covers(rule.get("ports"), port)):
            return True
    return False


def _internet_port(fw: Resource, protocols: set[str], port: int, service: str) -> Result:
    if not _open_to_internet(fw):
        return MSG.ok("not_internet_ingress")
    if _allows(fw, protocols, port):
        sources = sorted(INTERNET & set(as_list(fw.data.get("sourceRanges"))))
        return MSG.fail("port_open", service=service, port=port, sources=sources)
    return Result.ok()


@check(id="gcp.compute.firewall_no_ssh_from_internet", resource_types=FIREWALL, severity=Severity.HIGH,
       frameworks=cis("3.6"),
       title={"en": "Firewall rule does not allow SSH from the Internet", "ja": "ファイアウォールルールがインターネットからの SSH を許可していない"},
       description={"en": "SSH (TCP 22) open to 0.0.0.0/0 invites brute force and exploitation of every VM the "
                          "rule targets.",
                    "ja": "0.0.0.0/0 に SSH（TCP 22）を開放すると、対象の全 VM がブルートフォースや攻撃にさらされます。"},
       remediation={"en": "Restrict the rule's source ranges, or use IAP TCP forwarding (35.235.240.0/20) instead.",
                    "ja": "ルールの送信元範囲を制限するか、代わりに IAP TCP 転送（35.235.240.0/20）を使用してください。"})
def firewall_no_ssh_from_internet(r: Resource) -> Result:
    return _internet_port(r, {"tcp", "6"}, 22, "SSH")


@check(id="gcp.compute.firewall_no_rdp_from_internet", resource_types=FIREWALL, severity=Severity.HIGH,
       frameworks=cis("3.7"),
       title={"en": "Firewall rule does not allow RDP from the Internet", "ja": "ファイアウォールルールがインターネットからの RDP を許可していない"},
       description={"en": "RDP (TCP 3389) open to 0.0.0.0/0 is one of the most attacked services on the Internet.",
                    "ja": "0.0.0.0/0 に開放された RDP（TCP 3389）はインターネットで最も攻撃されるサービスの一つです。"},
       remediation={"en": "Restrict the rule's source ranges, or reach Windows VMs through IAP.",
                    "ja": "ルールの送信元範囲を制限するか、IAP 経由で Windows VM に接続してください。"})
def firewall_no_rdp_from_internet(r: Resource) -> Result:
    return _internet_port(r, {"tcp", "6"}, 3389, "RDP")


@check(id="gcp.compute.firewall_no_all_ports_from_internet", resource_types=FIREWALL, severity=Severity.HIGH,
       title={"en": "Firewall rule does not open every port to the Internet",
              "ja": "ファイアウォールルールがインターネットに全ポートを開放していない"},
       description={"en": "A rule allowing all protocols (or a protocol without a port list) from 0.0.0.0/0 exposes "
                          "every listening service of the targeted VMs.",
                    "ja": "0.0.0.0/0 から全プロトコル（またはポート指定なしのプロトコル）を許可すると、対象 VM の"
                          "待ち受ける全サービスが公開されます。"},
       remediation={"en": "Replace the rule with rules that allow only the needed ports from known sources.",
                    "ja": "必要なポートだけを既知の送信元から許可するルールに置き換えてください。"})
def firewall_no_all_ports_from_internet(r: Resource) -> Result:
    if not _open_to_internet(r):
        return MSG.ok("not_internet_ingress")
    wide = []
    for rule in as_list(r.data.get("allowed")):
        proto = str(rule.get("IPProtocol", "")).lower()
        ports = rule.get("ports") or []
        every_port = not ports or any(str(p) in {"0-65535", "1-65535"} for p in ports)
        if proto in ALL_PROTOCOLS or (proto in {"tcp", "udp", "6", "17"} and every_port):
            wide.append(proto)
    return MSG.fail("all_ports_open", protocols=wide) if wide else Result.ok()


@check(id="gcp.compute.no_default_network", resource_types=("gcp.compute.network",), severity=Severity.MEDIUM,
       frameworks=cis("3.1"),
       title={"en": "The default network does not exist", "ja": "default ネットワークが存在しない"},
       description={"en": "The auto-created default network comes with permissive firewall rules (SSH, RDP, ICMP "
                          "from anywhere) and subnets in every region.",
                    "ja": "自動作成される default ネットワークには緩いファイアウォールルール（任意の送信元からの SSH・"
                          "RDP・ICMP）と全リージョンのサブネットが付いています。"},
       remediation={"en": "Move workloads to a custom-mode VPC and delete the default network; enforce "
                          "constraints/compute.skipDefaultNetworkCreation.",
                    "ja": "ワークロードをカスタムモード VPC に移して default ネットワークを削除し、"
                          "constraints/compute.skipDefaultNetworkCreation を適用してください。"})
def no_default_network(r: Resource) -> Result:
    return MSG.fail("default_network") if (r.data.get("name") or r.name) == "default" else Result.ok()


@check(id="gcp.compute.no_legacy_network", resource_types=("gcp.compute.network",), severity=Severity.MEDIUM,
       frameworks=cis("3.2"),
       title={"en": "The network is not a legacy network", "ja": "レガシーネットワークではない"},
       description={"en": "Legacy networks have one global address range and no subnets, so traffic cannot be "
                          "segmented and flow logs cannot be enabled.",
                    "ja": "レガシーネットワークは単一のグローバルアドレス範囲でサブネットがなく、通信を分離できず"
                          "フローログも有効にできません。"},
       remediation={"en": "Create a VPC network with subnets, migrate the workloads and delete the legacy network.",
                    "ja": "サブネットを持つ VPC ネットワークを作成してワークロードを移行し、レガシーネットワークを削除してください。"})
def no_legacy_network(r: Resource) -> Result:
    if r.data.get("IPv4Range"):
        return MSG.fail("legacy_network", IPv4Range=r.data["IPv4Range"])
    return Result.ok()


@check(id="gcp.compute.subnet_flow_logs", resource_types=("gcp.compute.subnetwork",), severity=Severity.MEDIUM,
       frameworks=cis("3.8"),
       title={"en": "VPC Flow Logs are enabled for the subnet", "ja": "サブネットで VPC フローログが有効"},
       description={"en": "Flow logs record the traffic of every VM in the subnet, for network forensics and "
                          "anomaly detection.",
                    "ja": "フローログはサブネット内の全 VM の通信を記録し、ネットワークフォレンジックや異常検知に使えます。"},
       remediation={"en": "gcloud compute networks subnets update SUBNET --region REGION --enable-flow-logs "
                          "--logging-aggregation-interval=interval-5-sec --logging-flow-sampling=1 "
                          "--logging-metadata=include-all",
                    "ja": "gcloud compute networks subnets update SUBNET --region REGION --enable-flow-logs "
                          "--logging-aggregation-interval=interval-5-sec --logging-flow-sampling=1 "
                          "--logging-metadata=include-all を実行してください。"})
def subnet_flow_logs(r: Resource) -> Result:
    purpose = r.data.get("purpose") or "PRIVATE"
    if purpose in PROXY_PURPOSES:
        return MSG.ok("no_flow_log_support", purpose=purpose)
    enabled = (r.data.get("logConfig") or {}).get("enable") or r.data.get("enableFlowLogs")
    return Result.ok() if enabled else MSG.fail("flow_logs_off")


@check(id="gcp.compute.skip_default_network_creation", resource_types=PROJECT, severity=Severity.MEDIUM,
       frameworks=cis("3.1"), needs_inventory=True,
       title={"en": "New projects are created without the default network",
              "ja": "新しいプロジェクトが default ネットワークなしで作成される"},
       description={"en": "Without the guardrail every new project gets the default network with its permissive "
                          "firewall rules.",
                    "ja": "このガードレールがないと、新しいプロジェクトごとに緩いファイアウォールルール付きの default "
                          "ネットワークが作成されます。"},
       remediation=guardrail_remediation("constraints/compute.skipDefaultNetworkCreation"))
def skip_default_network_creation(r: Resource, inventory: Inventory) -> Result:
    return enforced(r, inventory, "constraints/compute.skipDefaultNetworkCreation")
