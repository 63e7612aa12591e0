"""Network checks: NSG rules open to the Internet, flow logs, Network Watcher (CIS Azure 2.1 section 6)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agent.core.model import Resource, Severity, Status
from checks import Messages, Result, check
from checks.azure._common import cis, lower, props

NSG = ("azure.network.nsg",)
SUBSCRIPTION = ("azure.network.subscription",)  # per-subscription network summary
# Source prefixes that mean "anywhere": the wildcard, the Internet service tag, and the all-address CIDRs.
INTERNET_SOURCES = frozenset({"*", "internet", "any", "0.0.0.0", "0.0.0.0/0", "::/0", "<nw>/0", "/0"})

MSG = Messages("azure.network", {
    "port_open": ("port {port} open to the Internet by rule(s) {names}",
                  "規則 {names} によりポート {port} がインターネットに開いています"),
    "all_ports_open": ("every port open to the Internet by rule(s) {names}",
                       "規則 {names} により全ポートがインターネットに開いています"),
    "udp_open": ("UDP open to the Internet by rule(s) {names}", "規則 {names} により UDP がインターネットに開いています"),
    "no_flow_log": ("no enabled flow log targets this NSG", "この NSG を対象とする有効なフローログがありません"),
    "retention_days": ("retention {days} days", "保持期間は {days} 日です"),
    "retention_unlimited": ("retention unlimited days", "保持期間は無期限です"),
    "short_retention": ("flow log retention is shorter than 90 days", "フローログの保持期間が 90 日未満です"),
    "no_watcher": ("no Network Watcher in {regions}", "{regions} に Network Watcher がありません"),
    "no_vms": ("no virtual machines", "仮想マシンがありません"),
    "bastion_hosts": ("bastion host(s): {hosts}", "Bastion ホスト: {hosts}"),
    "no_bastion": ("{virtualMachines} VM(s) and no Bastion host", "VM が {virtualMachines} 台あり、Bastion ホストがありません"),
})


def _values(p: dict[str, Any], single: str, many: str) -> list[str]:
    out = [p[single]] if p.get(single) not in (None, "") else []
    return out + [str(v) for v in p.get(many) or []]


def port_range_covers(spec: str, port: int | None) -> bool:
    """Does a destination port spec ("*", "22", "20-30") cover ``port`` (None: every port)?"""
    spec = spec.strip()
    if spec in ("*", "0-65535", "1-65535"):
        return True
    if port is None:
        return False
    try:
        if "-" in spec:
            low, high = (int(x) for x in spec.split("-", 1))
            return low <= port <= high
        return int(spec) == port
    except ValueError:
        return False


def inbound_rules(nsg: Resource) -> list[dict[str, Any]]:
    """Inbound rules from the Internet, summarised, in the order the NSG evaluates them (priority)."""
    out = []
    for rule in props(nsg).get("securityRules") or []:
        p = rule.get("properties") or rule
        if lower(p.get("direction")) != "inbound":
            continue
        sources = _values(p, "sourceAddressPrefix", "sourceAddressPrefixes")
        if any(lower(s) in INTERNET_SOURCES for s in sources):
            out.append({"name": rule.get("name"), "priority": int(p.get("priority") or 0), "access": lower(p.get("access")),
                        "protocol": p.get("protocol"), "source": sources,
                        "ports": _values(p, "destinationPortRange", "destinationPortRanges")})
    return sorted(out, key=lambda r: r["priority"])


def internet_rules(nsg: Resource) -> Iterator[dict[str, Any]]:
    """Inbound Allow rules whose source is the Internet."""
    return (r for r in inbound_rules(nsg) if r["access"] == "allow")


def open_rules(nsg: Resource, port: int | None, protocols: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """The rule that lets the Internet in on ``port`` (None: on every port) over ``protocols``, if any.

    Rules are walked by priority like the NSG does: a Deny from the Internet covering the port and
    every protocol asked about closes it before a later Allow can open it.
    """
    for rule in inbound_rules(nsg):
        proto = lower(rule["protocol"] or "*")
        if proto not in ("*",) + protocols or not any(port_range_covers(spec, port) for spec in rule["ports"]):
            continue
        if rule["access"] == "allow":
            yield rule
            return
        if proto == "*" or protocols == (proto,):
            return


def _port_check(nsg: Resource, port: int | None, protocols: tuple[str, ...]) -> Result:
    rules = list(open_rules(nsg, port, protocols))
    if not rules:
        return Result.ok()
    names = [str(r["name"]) for r in rules]
    return MSG.fail("all_ports_open", names=names, rules=rules) if port is None \
        else MSG.fail("port_open", port=port, names=names, rules=rules)


@check(id="azure.network.nsg_ssh_restricted", resource_types=NSG, severity=Severity.HIGH,
       frameworks=cis("6.2"),
       title={"en": "NSG does not allow SSH (22) from the Internet", "ja": "NSG がインターネットからの SSH (22) を許可していない"},
       description={"en": "SSH open to the Internet invites brute force and exploitation of the daemon.",
                    "ja": "インターネットに開いた SSH は総当たり攻撃やデーモンの脆弱性悪用の標的になります。"},
       remediation={"en": "Restrict the rule's source to known addresses, or use Azure Bastion / just-in-time access.",
                    "ja": "規則の送信元を既知のアドレスに限定するか、Azure Bastion や Just-In-Time アクセスを使います。"})
def ssh(r: Resource) -> Result:
    return _port_check(r, 22, ("tcp",))


@check(id="azure.network.nsg_http_restricted", resource_types=NSG, severity=Severity.LOW,
       frameworks=cis("6.4"),
       title={"en": "NSG does not allow HTTP(S) (80/443) from the Internet", "ja": "NSG がインターネットからの HTTP(S) (80/443) を許可していない"},
       description={"en": "Web ports open straight to VMs bypass a web application firewall; publish web apps through "
                          "Application Gateway or Front Door instead, and review any rule that stays.",
                    "ja": "VM に直接開いた Web ポートは WAF を迂回します。Application Gateway や Front Door 経由で公開し、"
                          "残す規則は見直してください。"},
       remediation={"en": "Restrict the rule's source (e.g. to the gateway's subnet or the AzureFrontDoor.Backend service tag).",
                    "ja": "規則の送信元を限定します (ゲートウェイのサブネットや AzureFrontDoor.Backend サービスタグなど)。"})
def http(r: Resource) -> Result:
    for port in (80, 443):
        result = _port_check(r, port, ("tcp",))
        if result.status is not Status.PASS:
            return result
    return Result.ok()


@check(id="azure.network.nsg_rdp_restricted", resource_types=NSG, severity=Severity.HIGH,
       frameworks=cis("6.1"),
       title={"en": "NSG does not allow RDP (3389) from the Internet", "ja": "NSG がインターネットからの RDP (3389) を許可していない"},
       description={"en": "RDP open to the Internet is one of the most attacked entry points.",
                    "ja": "インターネットに開いた RDP は最も攻撃される侵入口のひとつです。"},
       remediation={"en": "Restrict the rule's source to known addresses, or use Azure Bastion / just-in-time access.",
                    "ja": "規則の送信元を既知のアドレスに限定するか、Azure Bastion や Just-In-Time アクセスを使います。"})
def rdp(r: Resource) -> Result:
    return _port_check(r, 3389, ("tcp",))


@check(id="azure.network.nsg_all_ports_restricted", resource_types=NSG, severity=Severity.CRITICAL,
       title={"en": "NSG does not allow every port from the Internet", "ja": "NSG がインターネットからの全ポートを許可していない"},
       description={"en": "A rule allowing all ports from any source exposes every service behind the NSG.",
                    "ja": "任意の送信元から全ポートを許可する規則は、NSG の背後にあるすべてのサービスを公開します。"},
       remediation={"en": "Replace the rule with rules for the specific ports and sources that are needed.",
                    "ja": "必要なポートと送信元だけを許可する規則に置き換えます。"})
def all_ports(r: Resource) -> Result:
    return _port_check(r, None, ("tcp", "udp"))


@check(id="azure.network.nsg_udp_restricted", resource_types=NSG, severity=Severity.MEDIUM,
       frameworks=cis("6.3"),
       title={"en": "NSG does not allow UDP from the Internet", "ja": "NSG がインターネットからの UDP を許可していない"},
       description={"en": "UDP services open to the Internet (DNS, NTP, SSDP …) are used for reflection and amplification attacks.",
                    "ja": "インターネットに開いた UDP サービス (DNS、NTP、SSDP など) は反射・増幅攻撃に悪用されます。"},
       remediation={"en": "Remove inbound UDP rules from Internet sources or restrict them to known addresses.",
                    "ja": "インターネットを送信元とする受信 UDP 規則を削除するか、既知のアドレスに限定します。"})
def udp(r: Resource) -> Result:
    hits = [x for x in internet_rules(r) if lower(x["protocol"] or "*") in ("udp", "*")]
    if hits:
        return MSG.fail("udp_open", names=[str(h["name"]) for h in hits], rules=hits)
    return Result.ok()


def _enabled_flow_logs(r: Resource) -> list[dict[str, Any]]:
    return [f for f in r.data.get("flowLogs") or [] if f.get("enabled")]


@check(id="azure.network.nsg_flow_logs_enabled", resource_types=NSG, severity=Severity.MEDIUM,
       frameworks=cis("5.1.5"),
       title={"en": "NSG flow logs are enabled", "ja": "NSG フローログが有効"},
       description={"en": "Flow logs record the traffic an NSG allowed and denied; without them an intrusion leaves no network trace.",
                    "ja": "フローログは NSG が許可・拒否した通信を記録します。ないと侵入のネットワーク上の痕跡が残りません。"},
       remediation={"en": "az network watcher flow-log create --nsg <nsg> -g <rg> --storage-account <account> --enabled true",
                    "ja": "az network watcher flow-log create --nsg <NSG> -g <RG> --storage-account <アカウント> --enabled true を実行します。"})
def flow_logs(r: Resource) -> Result:
    return Result.ok() if _enabled_flow_logs(r) else MSG.fail("no_flow_log")


@check(id="azure.network.nsg_flow_log_retention_90_days", resource_types=NSG, severity=Severity.LOW,
       frameworks=cis("6.5"),
       title={"en": "NSG flow logs are kept at least 90 days", "ja": "NSG フローログを 90 日以上保持している"},
       description={"en": "Investigations often start weeks after an intrusion; shorter retention loses the evidence.",
                    "ja": "調査は侵入から数週間後に始まることが多く、保持期間が短いと証拠が失われます。"},
       remediation={"en": "az network watcher flow-log update --name <flow log> --location <region> --retention 90",
                    "ja": "az network watcher flow-log update --name <フローログ> --location <リージョン> --retention 90 を実行します。"})
def flow_log_retention(r: Resource) -> Result:
    logs = _enabled_flow_logs(r)
    if not logs:
        return MSG.fail("no_flow_log")
    for f in logs:
        policy = f.get("retentionPolicy") or {}
        days = int(policy.get("days") or 0)
        # A disabled retention policy, or 0 days, keeps the logs for ever.
        if not policy.get("enabled") or days == 0 or days >= 90:
            limited = policy.get("enabled") and days
            return MSG.ok("retention_days", days=days) if limited else MSG.ok("retention_unlimited")
    return MSG.fail("short_retention", retention=[f.get("retentionPolicy") for f in logs])


@check(id="azure.network.watcher_enabled", resource_types=SUBSCRIPTION, severity=Severity.LOW,
       frameworks=cis("6.6"),
       title={"en": "Network Watcher is enabled in every region in use", "ja": "利用中の全リージョンで Network Watcher が有効"},
       description={"en": "Network Watcher provides flow logs, connection troubleshooting and topology for a region.",
                    "ja": "Network Watcher はリージョンのフローログ、接続のトラブルシューティング、トポロジを提供します。"},
       remediation={"en": "az network watcher configure --locations <region> --enabled true -g NetworkWatcherRG",
                    "ja": "az network watcher configure --locations <リージョン> --enabled true -g NetworkWatcherRG を実行します。"})
def watcher(r: Resource) -> Result:
    missing = sorted(set(r.data.get("regionsInUse") or []) - set(r.data.get("watcherRegions") or []))
    if missing:
        return MSG.fail("no_watcher", regions=missing)
    return Result.ok()


@check(id="azure.network.bastion_host_exists", resource_types=SUBSCRIPTION, severity=Severity.LOW,
       frameworks=cis("7.1"),
       title={"en": "A subscription with VMs has an Azure Bastion host", "ja": "VM のあるサブスクリプションに Azure Bastion ホストがある"},
       description={"en": "Bastion gives RDP/SSH to VMs over TLS from the portal, so no VM needs a public IP or open management port.",
                    "ja": "Bastion はポータルから TLS 経由で VM に RDP/SSH 接続させるため、VM にパブリック IP や管理ポートの公開が不要になります。"},
       remediation={"en": "az network bastion create -n <name> -g <rg> --vnet-name <vnet> --public-ip-address <ip> --location <region>",
                    "ja": "az network bastion create -n <名前> -g <RG> --vnet-name <VNet> --public-ip-address <IP> --location <リージョン> を実行します。"})
def bastion(r: Resource) -> Result:
    if not r.data.get("virtualMachines"):
        return MSG.ok("no_vms")
    hosts = r.data.get("bastionHosts") or []
    if hosts:
        return MSG.ok("bastion_hosts", hosts=hosts)
    return MSG.fail("no_bastion", virtualMachines=r.data.get("virtualMachines"))
