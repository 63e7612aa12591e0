"""EC2 checks: security groups, instance metadata, EBS encryption, snapshot sharing, public IPs.

Security group semantics: a rule with protocol ``-1`` (all protocols) opens every port, so it
also opens 22 and 3389; a TCP rule opens the ports from ``FromPort`` to ``ToPort``.  "The
internet" is 0.0.0.0/0 and ::/0.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need

SG = ("aws.ec2.security_group",)
WORLD_V4, WORLD_V6 = "0.0.0.0/0", "::/0"

MSG = Messages("aws.ec2", {
    "port_open": ("{name} (tcp/{port}) is open to {sources}", "{name} (tcp/{port}) が {sources} に開放されています"),
    "port_closed": ("{name} is not open to the internet", "{name} はインターネットに開放されていません"),
    "all_traffic": ("all traffic allowed from the internet: {rules}",
                    "インターネットからの全トラフィックが許可されています: {rules}"),
    "not_default": ("not a default security group", "デフォルトセキュリティグループではありません"),
    "default_rules": ("default group has {inbound} inbound and {outbound} outbound rule(s)",
                      "デフォルトグループにインバウンドルールが {inbound} 個、アウトバウンドルールが {outbound} 個あります"),
    "default_empty": ("default group has no rules", "デフォルトグループにルールはありません"),
    "imds_disabled": ("metadata service is disabled", "メタデータサービスは無効です"),
    "imdsv2": ("IMDSv2 required", "IMDSv2 が必須です"),
    "imdsv1": ("HttpTokens is {tokens}: IMDSv1 requests are accepted",
               "HttpTokens が {tokens} のため、IMDSv1 のリクエストが受け付けられます"),
    "volume_unencrypted": ("volume is not encrypted", "ボリュームが暗号化されていません"),
    "ebs_default_off": ("EBS encryption by default is off in {region}", "{region} で EBS のデフォルト暗号化が無効です"),
    "snapshot_public": ("anyone can create a volume from this snapshot",
                        "誰でもこのスナップショットからボリュームを作成できます"),
    "shared": ("shared with {count} account(s)", "{count} 個のアカウントと共有されています"),
    "not_shared": ("not shared", "共有されていません"),
    "public_ip": ("public IP {public_ip}", "パブリック IP {public_ip} が割り当てられています"),
})


def internet_rules(sg: Resource) -> Iterator[tuple[dict[str, Any], str]]:
    """Every ingress permission open to the internet, with the open range it names."""
    for perm in need(sg, "IpPermissions") or []:
        for r in perm.get("IpRanges") or []:
            if r.get("CidrIp") == WORLD_V4:
                yield perm, WORLD_V4
        for r in perm.get("Ipv6Ranges") or []:
            if r.get("CidrIpv6") == WORLD_V6:
                yield perm, WORLD_V6


def opens_port(perm: dict[str, Any], port: int, protocol: str = "tcp") -> bool:
    proto = str(perm.get("IpProtocol", "")).lower()
    if proto in ("-1", "all"):
        return True
    if proto not in (protocol, {"tcp": "6", "udp": "17"}[protocol]):
        return False
    lo, hi = perm.get("FromPort"), perm.get("ToPort")
    if lo is None or hi is None:
        return True
    return int(lo) <= port <= int(hi)


def _port_check(sg: Resource, port: int, name: str) -> Result:
    open_from = sorted({src for perm, src in internet_rules(sg) if opens_port(perm, port)})
    if open_from:
        return MSG.fail("port_open", name=name, port=port, sources=open_from)
    return MSG.ok("port_closed", name=name)


def _admin_port_remediation(name: str) -> dict[str, str]:
    return {"en": f"Remove the ingress rule from 0.0.0.0/0 and ::/0; allow {name} only from known administration "
                  "networks, or use SSM Session Manager instead.",
            "ja": f"0.0.0.0/0 と ::/0 からのインバウンドルールを削除し、{name} は既知の管理用ネットワークからのみ"
                  "許可するか、SSM Session Manager を使う。"}


@check(
    id="aws.ec2.sg_no_ssh_from_internet", resource_types=SG, severity=Severity.HIGH,
    frameworks={"aws-fsbp": ["EC2.13"], "cis-aws-3.0": ["5.2", "5.3"]},
    title={"en": "Security group does not allow SSH from the internet",
           "ja": "セキュリティグループがインターネットからの SSH を許可していない"},
    description={"en": "No ingress rule opens TCP port 22 to 0.0.0.0/0 or ::/0 (rules for all protocols count).",
                 "ja": "TCP ポート 22 を 0.0.0.0/0 または ::/0 に開放するインバウンドルールがない"
                       "（全プロトコルのルールも対象）。"},
    remediation=_admin_port_remediation("SSH"),
)
def sg_no_ssh_from_internet(sg: Resource) -> Result:
    return _port_check(sg, 22, "SSH")


@check(
    id="aws.ec2.sg_no_rdp_from_internet", resource_types=SG, severity=Severity.HIGH,
    frameworks={"aws-fsbp": ["EC2.14"], "cis-aws-3.0": ["5.2", "5.3"]},
    title={"en": "Security group does not allow RDP from the internet",
           "ja": "セキュリティグループがインターネットからの RDP を許可していない"},
    description={"en": "No ingress rule opens TCP port 3389 to 0.0.0.0/0 or ::/0 (rules for all protocols "
                       "count).",
                 "ja": "TCP ポート 3389 を 0.0.0.0/0 または ::/0 に開放するインバウンドルールがない"
                       "（全プロトコルのルールも対象）。"},
    remediation=_admin_port_remediation("RDP"),
)
def sg_no_rdp_from_internet(sg: Resource) -> Result:
    return _port_check(sg, 3389, "RDP")


@check(
    id="aws.ec2.sg_no_all_traffic_from_internet", resource_types=SG, severity=Severity.HIGH,
    title={"en": "Security group does not allow all traffic from the internet",
           "ja": "セキュリティグループがインターネットからの全トラフィックを許可していない"},
    description={"en": "No ingress rule opens all protocols, or every TCP or UDP port, to 0.0.0.0/0 or ::/0.",
                 "ja": "全プロトコル、または TCP/UDP の全ポートを 0.0.0.0/0 または ::/0 に開放するインバウンド"
                       "ルールがない。"},
    remediation={"en": "Replace the rule with rules for the specific ports and sources the workload needs.",
                 "ja": "そのルールを、ワークロードが必要とする特定のポートと送信元だけを許可するルールに置き換える。"},
)
def sg_no_all_traffic_from_internet(sg: Resource) -> Result:
    wide = []
    for perm, src in internet_rules(sg):
        proto = str(perm.get("IpProtocol", "")).lower()
        full_range = perm.get("FromPort") in (0, None) and perm.get("ToPort") in (65535, None)
        if proto in ("-1", "all") or (proto in ("tcp", "udp", "6", "17") and full_range):
            wide.append(f"{proto}/{src}")
    if wide:
        return MSG.fail("all_traffic", rules=sorted(set(wide)))
    return Result.ok()


@check(
    id="aws.ec2.default_sg_restricts_all", resource_types=SG, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["EC2.2"], "cis-aws-3.0": ["5.4"]},
    title={"en": "Default security group restricts all traffic",
           "ja": "デフォルトセキュリティグループがすべてのトラフィックを制限している"},
    description={"en": "The default security group of a VPC has no inbound and no outbound rules, so resources "
                       "launched without an explicit group get no network access by accident.",
                 "ja": "VPC のデフォルトセキュリティグループにインバウンド・アウトバウンドのルールがなく、"
                       "明示的なグループなしで起動したリソースが意図せず通信できることがない。"},
    remediation={"en": "Delete every inbound and outbound rule of the default group and use purpose-made "
                       "groups instead.",
                 "ja": "デフォルトグループのインバウンド・アウトバウンドルールをすべて削除し、用途別のグループを使う。"},
)
def default_sg_restricts_all(sg: Resource) -> Result:
    if sg.data.get("GroupName") != "default":
        return MSG.ok("not_default")
    n_in, n_out = len(need(sg, "IpPermissions") or []), len(need(sg, "IpPermissionsEgress") or [])
    if n_in or n_out:
        return MSG.fail("default_rules", inbound=n_in, outbound=n_out)
    return MSG.ok("default_empty")


@check(
    id="aws.ec2.imdsv2_required", resource_types=("aws.ec2.instance",), severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["EC2.8"], "cis-aws-3.0": ["5.6"]},
    title={"en": "EC2 instance requires IMDSv2", "ja": "EC2 インスタンスで IMDSv2 が必須になっている"},
    description={"en": "The instance metadata service accepts only session-token (IMDSv2) requests, or is off, "
                       "which blocks SSRF-style theft of instance role credentials.",
                 "ja": "インスタンスメタデータサービスがセッショントークン付き（IMDSv2）のリクエストのみを受け付けるか"
                       "無効になっており、SSRF によるインスタンスロール認証情報の窃取を防ぐ。"},
    remediation={"en": "aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required "
                       "--http-endpoint enabled",
                 "ja": "aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required "
                       "--http-endpoint enabled を実行する。"},
)
def imdsv2_required(instance: Resource) -> Result:
    opts = need(instance, "MetadataOptions") or {}
    if opts.get("HttpEndpoint") == "disabled":
        return MSG.ok("imds_disabled")
    tokens = opts.get("HttpTokens")
    if tokens == "required":
        return MSG.ok("imdsv2")
    return MSG.fail("imdsv1", tokens=tokens or "unset")


@check(
    id="aws.ec2.ebs_volume_encrypted", frameworks={"aws-fsbp": ["EC2.3"]}, resource_types=("aws.ec2.volume",), severity=Severity.MEDIUM,
    title={"en": "EBS volume is encrypted", "ja": "EBS ボリュームが暗号化されている"},
    description={"en": "The volume, its snapshots and the data moving between it and the instance are "
                       "encrypted with KMS.",
                 "ja": "ボリューム、そのスナップショット、およびインスタンスとの間のデータが KMS で暗号化されている。"},
    remediation={"en": "Create an encrypted snapshot copy, restore a volume from it and swap it in; enable EBS "
                       "encryption by default so new volumes are encrypted.",
                 "ja": "暗号化したスナップショットのコピーからボリュームを復元して置き換え、新しいボリュームが暗号化される"
                       "よう EBS のデフォルト暗号化を有効にする。"},
)
def ebs_volume_encrypted(volume: Resource) -> Result:
    return Result.ok() if need(volume, "Encrypted") else MSG.fail("volume_unencrypted")


@check(
    id="aws.ec2.ebs_default_encryption", resource_types=("aws.ec2.region_settings",), severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["EC2.7"], "cis-aws-3.0": ["2.2.1"]},
    title={"en": "EBS encryption by default is enabled in the region",
           "ja": "リージョンで EBS のデフォルト暗号化が有効"},
    description={"en": "New EBS volumes and snapshot copies in this region are encrypted automatically.",
                 "ja": "このリージョンで新しく作成される EBS ボリュームとスナップショットのコピーが自動的に暗号化される。"},
    remediation={"en": "aws ec2 enable-ebs-encryption-by-default --region REGION",
                 "ja": "aws ec2 enable-ebs-encryption-by-default --region REGION を実行する。"},
)
def ebs_default_encryption(settings: Resource) -> Result:
    on = need(settings, "EbsEncryptionByDefault")
    return Result.ok() if on else MSG.fail("ebs_default_off", region=settings.region)


@check(
    id="aws.ec2.snapshot_not_public", frameworks={"aws-fsbp": ["EC2.1"]}, resource_types=("aws.ec2.snapshot",), severity=Severity.CRITICAL,
    title={"en": "EBS snapshot is not public", "ja": "EBS スナップショットが公開されていない"},
    description={"en": "Nobody outside the accounts it is shared with can create a volume from the snapshot "
                       "(its createVolumePermission does not include the group \"all\").",
                 "ja": "スナップショットの createVolumePermission にグループ \"all\" が含まれておらず、共有先以外の"
                       "誰もそこからボリュームを作成できない。"},
    remediation={"en": "aws ec2 modify-snapshot-attribute --snapshot-id ID --attribute createVolumePermission "
                       "--operation-type remove --group-names all",
                 "ja": "aws ec2 modify-snapshot-attribute --snapshot-id ID --attribute createVolumePermission "
                       "--operation-type remove --group-names all を実行する。"},
)
def snapshot_not_public(snapshot: Resource) -> Result:
    perms = need(snapshot, "_create_volume_permissions") or []
    if any(p.get("Group") == "all" for p in perms):
        return MSG.fail("snapshot_public")
    shared = sorted(p["UserId"] for p in perms if p.get("UserId"))
    if shared:
        return MSG.ok("shared", count=len(shared), shared_with=shared)
    return MSG.ok("not_shared", shared_with=shared)


@check(
    id="aws.ec2.instance_no_public_ip", frameworks={"aws-fsbp": ["EC2.9"]}, resource_types=("aws.ec2.instance",), severity=Severity.LOW,
    title={"en": "EC2 instance has no public IP address", "ja": "EC2 インスタンスにパブリック IP アドレスがない"},
    description={"en": "The instance is reachable only through private networking, load balancers or "
                       "bastions, not directly from the internet.",
                 "ja": "インスタンスにはプライベートネットワーク、ロードバランサー、踏み台経由でのみ到達でき、"
                       "インターネットから直接到達できない。"},
    remediation={"en": "Launch instances in private subnets (no auto-assigned public IP) and release Elastic "
                       "IPs that are not needed; expose services through a load balancer.",
                 "ja": "インスタンスはパブリック IP を自動割り当てしないプライベートサブネットで起動し、不要な Elastic "
                       "IP を解放し、サービスはロードバランサー経由で公開する。"},
)
def instance_no_public_ip(instance: Resource) -> Result:
    ip = need(instance, "_public_ip")
    return MSG.fail("public_ip", public_ip=ip) if ip else Result.ok()
