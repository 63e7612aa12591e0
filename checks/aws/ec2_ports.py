"""Security groups and network ACLs open to the internet (0.0.0.0/0, ::/0), port by port.

One check per high-risk service (:data:`SERVICES`: databases, caches, search, queues, file
sharing, remote administration, container and cluster control planes), registered from the table
like the CIS 4.x alarms; plus the FSBP EC2.19 list as one check, "only 80/443 open" (EC2.18), and
for network ACLs any port and all ports.  SSH, RDP and all traffic keep their own checks in
:mod:`checks.aws.ec2`.  A rule for all protocols, or a TCP/UDP range covering the port, counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.ec2 import internet_rules, opens_port
from checks.common import T

SG = ("aws.ec2.security_group",)
NACL = ("aws.ec2.network_acl",)

Port = tuple[str, int]  # (protocol, port)

# (id slug, service name, ports, severity)
SERVICES: list[tuple[str, str, tuple[Port, ...], Severity]] = [
    ("mysql", "MySQL/MariaDB", (("tcp", 3306),), Severity.HIGH),
    ("postgresql", "PostgreSQL", (("tcp", 5432),), Severity.HIGH),
    ("sql_server", "Microsoft SQL Server", (("tcp", 1433), ("tcp", 1434), ("udp", 1434)), Severity.HIGH),
    ("oracle", "Oracle Database", (("tcp", 1521), ("tcp", 2483), ("tcp", 2484)), Severity.HIGH),
    ("mongodb", "MongoDB", (("tcp", 27017), ("tcp", 27018), ("tcp", 27019)), Severity.HIGH),
    ("redis", "Redis", (("tcp", 6379),), Severity.HIGH),
    ("memcached", "Memcached", (("tcp", 11211), ("udp", 11211)), Severity.HIGH),
    ("elasticsearch_kibana", "Elasticsearch/OpenSearch/Kibana", (("tcp", 9200), ("tcp", 9300), ("tcp", 5601)),
     Severity.HIGH),
    ("kafka", "Apache Kafka", (("tcp", 9092),), Severity.HIGH),
    ("cassandra", "Apache Cassandra", (("tcp", 7000), ("tcp", 7001), ("tcp", 7199), ("tcp", 9042), ("tcp", 9160)),
     Severity.HIGH),
    ("zookeeper", "Apache ZooKeeper", (("tcp", 2181),), Severity.HIGH),
    ("ftp", "FTP", (("tcp", 20), ("tcp", 21)), Severity.HIGH),
    ("telnet", "Telnet", (("tcp", 23),), Severity.HIGH),
    ("smb", "SMB/CIFS and NetBIOS", (("tcp", 139), ("tcp", 445), ("udp", 137), ("udp", 138)), Severity.HIGH),
    ("nfs", "NFS and portmapper", (("tcp", 2049), ("udp", 2049), ("tcp", 111), ("udp", 111)), Severity.HIGH),
    ("msrpc", "Microsoft RPC", (("tcp", 135),), Severity.HIGH),
    ("ldap", "LDAP", (("tcp", 389), ("tcp", 636), ("udp", 389)), Severity.HIGH),
    ("winrm", "WinRM", (("tcp", 5985), ("tcp", 5986)), Severity.HIGH),
    ("vnc", "VNC", (("tcp", 5900), ("tcp", 5800)), Severity.HIGH),
    ("docker", "Docker daemon API", (("tcp", 2375), ("tcp", 2376)), Severity.CRITICAL),
    ("etcd", "etcd", (("tcp", 2379), ("tcp", 2380)), Severity.CRITICAL),
    ("kubelet", "Kubelet API", (("tcp", 10250), ("tcp", 10255)), Severity.CRITICAL),
    ("kubernetes_api", "Kubernetes API server", (("tcp", 6443),), Severity.HIGH),
    ("smtp", "SMTP", (("tcp", 25),), Severity.MEDIUM),
    ("pop3_imap", "POP3/IMAP", (("tcp", 110), ("tcp", 143)), Severity.MEDIUM),
]

# Japanese labels: product names as their vendors write them in Japanese, the rest in Japanese.
JA_NAME = {"sql_server": "SQL Server（Microsoft）", "smb": "SMB/CIFS・NetBIOS", "nfs": "NFS・portmapper",
           "docker": "Docker デーモン API", "kubelet": "Kubelet の API", "kubernetes_api": "Kubernetes の API サーバー"}
HIGH_RISK = ("high_risk", "the FSBP high-risk ports", "FSBP の高リスクポート")


def _texts() -> dict[str, tuple[str, str]]:
    out = {
        "unauthorized": ("ports other than 80/443 are open to the internet: {ports}",
                         "80/443 以外のポートがインターネットに開放されています: {ports}"),
        "nacl_any": ("the network ACL lets the internet in on {ports}", "ネットワーク ACL がインターネットから {ports} を許可しています"),
        "nacl_all": ("the network ACL lets all traffic in from the internet (rule {rule})",
                     "ネットワーク ACL がインターネットからの全トラフィックを許可しています (ルール {rule})"),
    }
    # One message per service, its name written into each language (a name passed as a parameter
    # would put the English name into the Japanese sentence).
    for slug, en, ja in [(r[0], r[1], JA_NAME.get(r[0], r[1])) for r in SERVICES] + [HIGH_RISK]:
        out[f"open_{slug}"] = (f"{en} ({{ports}}) is open to {{sources}}", f"{ja}：{{ports}} が {{sources}} に開放されています")
        out[f"closed_{slug}"] = (f"{en} is not open to the internet", f"{ja} はインターネットに開放されていません")
    return out


MSG = Messages("aws.ec2_ports", _texts())


# Security Hub EC2.19's list of high-risk ports (TCP).
FSBP_HIGH_RISK = (20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601,
                  8080, 8088, 8888, 9200, 9300)
AUTHORIZED = (80, 443)


def open_ports(sg: Resource, ports: tuple[Port, ...]) -> tuple[list[str], list[str]]:
    """(the ports among ``ports`` open to the internet as "tcp/3306", the open ranges)."""
    found: set[str] = set()
    sources: set[str] = set()
    for perm, src in internet_rules(sg):
        for proto, port in ports:
            if opens_port(perm, port, proto):
                found.add(f"{proto}/{port}")
                sources.add(src)
    return sorted(found), sorted(sources)


def _register(slug: str, name: str, ports: tuple[Port, ...], severity: Severity) -> Callable[[Resource], Result]:
    listed = ", ".join(f"{p}/{n}" for p, n in ports)

    def evaluate(sg: Resource) -> Result:
        found, sources = open_ports(sg, ports)
        if found:
            return MSG.fail(f"open_{slug}", service=name, ports=found, sources=sources)
        return MSG.ok(f"closed_{slug}", service=name)

    evaluate.__name__ = f"sg_no_{slug}_from_internet"
    return check(
        id=f"aws.ec2.sg_no_{slug}_from_internet", resource_types=SG, severity=severity,
        frameworks={"aws-fsbp": ["EC2.19"]} if any(p in FSBP_HIGH_RISK for _, p in ports) else None,
        title=T(f"Security group does not expose {name} to the internet",
                f"セキュリティグループが {name} をインターネットに公開していない"),
        description=T(f"No ingress rule opens {name} ({listed}) to 0.0.0.0/0 or ::/0; rules for all protocols or port "
                      "ranges covering these ports count.",
                      f"{name}（{listed}）を 0.0.0.0/0 または ::/0 に開放するインバウンドルールがないこと。全プロトコルの"
                      "ルールやこれらのポートを含むポート範囲も対象です。"),
        remediation=T(f"Remove the internet-wide rule; allow {name} only from the application's security group or "
                      "known private ranges.",
                      f"インターネット全体へのルールを削除し、{name} はアプリケーションのセキュリティグループまたは既知の"
                      "プライベート範囲からのみ許可してください。"),
    )(evaluate)


for _row in SERVICES:
    _register(*_row)


@check(id="aws.ec2.sg_no_high_risk_ports_from_internet", resource_types=SG, severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["EC2.19"]},
       title=T("Security group opens none of the FSBP high-risk ports to the internet",
               "セキュリティグループが FSBP の高リスクポートをインターネットに開放していない"),
       description=T("None of the ports Security Hub EC2.19 lists (20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, "
                     "3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300) is open to "
                     "0.0.0.0/0 or ::/0.",
                     "Security Hub EC2.19 が挙げるポート（20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, "
                     "3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300）のいずれも 0.0.0.0/0 または ::/0 に"
                     "開放されていないこと。"),
       remediation=T("Remove the internet-wide rules for these ports; reach administration ports through SSM Session "
                     "Manager or a VPN.",
                     "これらのポートのインターネット全体へのルールを削除し、管理用ポートには SSM Session Manager または "
                     "VPN 経由で接続してください。"))
def sg_no_high_risk_ports_from_internet(sg: Resource) -> Result:
    found, sources = open_ports(sg, tuple(("tcp", p) for p in FSBP_HIGH_RISK))
    return MSG.fail("open_high_risk", service=HIGH_RISK[1], ports=found, sources=sources) if found else Result.ok()


def _perm_ports(perm: dict[str, Any]) -> str:
    proto = str(perm.get("IpProtocol", "")).lower()
    if proto in ("-1", "all"):
        return "all"
    lo, hi = perm.get("FromPort"), perm.get("ToPort")
    return f"{proto}/{lo}" if lo == hi else f"{proto}/{lo}-{hi}"


@check(id="aws.ec2.sg_only_authorized_ports_from_internet", resource_types=SG, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EC2.18"]},
       title=T("Security group opens only ports 80 and 443 to the internet",
               "セキュリティグループがインターネットに開放しているのはポート 80 と 443 だけ"),
       description=T("Every ingress rule open to 0.0.0.0/0 or ::/0 is for TCP 80 or 443 alone (the FSBP default "
                     "authorised ports); anything else open to the internet on any port fails.",
                     "0.0.0.0/0 または ::/0 に開放されたインバウンドルールはすべて TCP 80 または 443 のみ（FSBP の既定の"
                     "許可ポート）であること。それ以外のポートをインターネットに開放していると不合格です。"),
       remediation=T("Narrow the source of the other rules to known ranges or security groups.",
                     "その他のルールの送信元を既知の範囲またはセキュリティグループに絞ってください。"))
def sg_only_authorized_ports_from_internet(sg: Resource) -> Result:
    bad = set()
    for perm, _ in internet_rules(sg):
        proto = str(perm.get("IpProtocol", "")).lower()
        lo, hi = perm.get("FromPort"), perm.get("ToPort")
        if proto in ("tcp", "6") and lo == hi and lo in AUTHORIZED:
            continue
        bad.add(_perm_ports(perm))
    return MSG.fail("unauthorized", ports=sorted(bad)) if bad else Result.ok()


def _nacl_entries(acl: Resource) -> list[dict[str, Any]]:
    return sorted((e for e in need(acl, "Entries") or [] if not e.get("Egress")), key=lambda e: e.get("RuleNumber", 32767))


def _wide(e: dict[str, Any]) -> bool:
    return e.get("CidrBlock") == "0.0.0.0/0" or e.get("Ipv6CidrBlock") == "::/0"


@check(id="aws.ec2.nacl_no_ingress_from_internet_on_any_port", resource_types=NACL, severity=Severity.MEDIUM,
       title=T("Network ACL lets the internet in on no port", "ネットワーク ACL がインターネットからいずれのポートも許可していない"),
       description=T("No inbound allow entry for 0.0.0.0/0 or ::/0 decides any port (the lowest-numbered matching "
                     "entry decides, as AWS evaluates NACLs). Public subnets fronting web servers may need 80/443: "
                     "mute those with a reason.",
                     "0.0.0.0/0 または ::/0 からのインバウンド許可エントリがどのポートも決定していないこと（AWS と同じく番号の"
                     "小さい一致エントリが決定します）。Web サーバーの公開サブネットで 80/443 が必要な場合は理由を付けて"
                     "ミュートしてください。"),
       remediation=T("Replace the internet-wide allow entries with the ranges and ports the subnet needs.",
                     "インターネット全体への許可エントリを、サブネットが必要とする範囲とポートに置き換えてください。"))
def nacl_no_ingress_from_internet_on_any_port(acl: Resource) -> Result:
    allowed = []
    for e in _nacl_entries(acl):
        if not _wide(e):
            continue
        if e.get("RuleAction") == "allow":
            rng = e.get("PortRange") or {}
            allowed.append("all" if str(e.get("Protocol")) == "-1" else f"{e.get('Protocol')}:{rng.get('From')}-{rng.get('To')}")
        elif str(e.get("Protocol")) == "-1":
            break  # a deny of everything from everywhere: later entries never apply
    return MSG.fail("nacl_any", ports=allowed) if allowed else Result.ok()


@check(id="aws.ec2.nacl_no_all_traffic_from_internet", resource_types=NACL, severity=Severity.HIGH,
       title=T("Network ACL does not let all traffic in from the internet",
               "ネットワーク ACL がインターネットからの全トラフィックを許可していない"),
       description=T("No inbound entry allows all protocols from 0.0.0.0/0 or ::/0 before a deny of the same does "
                     "(the default NACL's rule 100 does: replace it in subnets that need no such access).",
                     "0.0.0.0/0 または ::/0 からの全プロトコルを、同じ範囲の拒否より先に許可するインバウンドエントリがないこと"
                     "（既定の NACL のルール 100 が該当します。不要なサブネットでは置き換えてください）。"),
       remediation=T("Replace the allow-all entry with entries for the ports the subnet needs.",
                     "全許可エントリを、サブネットが必要とするポートのエントリに置き換えてください。"))
def nacl_no_all_traffic_from_internet(acl: Resource) -> Result:
    for e in _nacl_entries(acl):
        if _wide(e) and str(e.get("Protocol")) == "-1":
            return MSG.fail("nacl_all", rule=e.get("RuleNumber")) if e.get("RuleAction") == "allow" else Result.ok()
    return Result.ok()
