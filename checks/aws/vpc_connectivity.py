"""VPC connectivity checks: endpoints for EC2 and S3, peering scope, transit gateway attachment
acceptance, Site-to-Site VPN tunnels and Client VPN connection logging."""

from __future__ import annotations

import ipaddress

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

MSG = Messages("aws.vpc_connectivity", {
    "no_endpoint": ("no VPC endpoint for {service}", "{service} の VPC エンドポイントがありません"),
    "cross_account": ("peers with account {owner}", "アカウント {owner} とピアリングしています"),
    "whole_cidr": ("routes to the peer's whole CIDR: {routes}", "ピアの CIDR 全体へのルート: {routes}"),
    "auto_accept": ("shared attachments are accepted automatically", "共有アタッチメントが自動的に承認されます"),
    "tunnels_down": ("{down} of {total} tunnel(s) not UP", "{total} 本中 {down} 本のトンネルが UP ではありません"),
    "no_conn_logs": ("client connection logging is off", "クライアント接続ログが無効です"),
})


def _endpoint(r: Resource, service: str) -> Result:
    names = need(r, "_endpoint_services") or []
    suffix = f".{service}"
    return Result.ok() if any(str(n).endswith(suffix) for n in names) else MSG.fail("no_endpoint", service=service)


@check(id="aws.vpc.ec2_endpoint_present", resource_types=("aws.vpc.vpc",), severity=Severity.LOW,
       frameworks={"aws-fsbp": ["EC2.10"]},
       title=T("VPC has an interface endpoint for the EC2 API", "VPC に EC2 API 用のインターフェイスエンドポイントがある"),
       description=T("With an EC2 endpoint, calls to the EC2 API from the VPC stay on the AWS network instead of needing "
                     "internet access.",
                     "EC2 エンドポイントがあれば、VPC からの EC2 API 呼び出しはインターネットアクセスを必要とせず AWS ネットワーク内に"
                     "とどまります。"),
       remediation=T("Create an interface VPC endpoint for com.amazonaws.REGION.ec2 in the VPC.",
                     "VPC に com.amazonaws.REGION.ec2 のインターフェイス VPC エンドポイントを作成してください。"))
def ec2_endpoint_present(r: Resource) -> Result:
    return _endpoint(r, "ec2")


@check(id="aws.vpc.s3_endpoint_present", resource_types=("aws.vpc.vpc",), severity=Severity.LOW,
       title=T("VPC has a VPC endpoint for Amazon S3", "VPC に Amazon S3 用の VPC エンドポイントがある"),
       description=T("An S3 endpoint keeps bucket traffic off the internet and lets bucket policies restrict access to the VPC.",
                     "S3 エンドポイントはバケットへの通信をインターネットから切り離し、バケットポリシーでアクセスを VPC に限定できます。"),
       remediation=T("Create a gateway VPC endpoint for com.amazonaws.REGION.s3 and add it to the route tables.",
                     "com.amazonaws.REGION.s3 のゲートウェイ VPC エンドポイントを作成し、ルートテーブルに追加してください。"))
def s3_endpoint_present(r: Resource) -> Result:
    return _endpoint(r, "s3")


@check(id="aws.vpc.peering_same_account", resource_types=("aws.vpc.peering_connection",), severity=Severity.LOW,
       title=T("VPC peering connects VPCs of the same account", "VPC ピアリングが同じアカウントの VPC を接続している"),
       description=T("Informational: a peering with another account opens a network path to infrastructure this account does "
                     "not control; confirm that the peer is trusted.",
                     "参考情報: 他アカウントとのピアリングは、このアカウントが管理しないインフラへのネットワーク経路を開きます。"
                     "相手が信頼できることを確認してください。"),
       remediation=T("Delete peerings with accounts that are not trusted, or record why the peering is needed.",
                     "信頼できないアカウントとのピアリングを削除するか、必要な理由を記録してください。"))
def peering_same_account(r: Resource) -> Result:
    owners = {str((need(r, side) or {}).get("OwnerId")) for side in ("AccepterVpcInfo", "RequesterVpcInfo")}
    other = sorted(owners - {r.account})
    return MSG.fail("cross_account", owner=other[0]) if other else Result.ok()


def _cidrs(info: dict) -> set[str]:
    cidrs = {str(c.get("CidrBlock")) for c in info.get("CidrBlockSet") or [] if c.get("CidrBlock")}
    return cidrs | ({str(info["CidrBlock"])} if info.get("CidrBlock") else set())


@check(id="aws.vpc.peering_routes_least_access", resource_types=("aws.vpc.peering_connection",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["5.5"]}, needs_inventory=True, inputs=("aws.ec2.route_table",),
       title=T("Routes over VPC peering are narrower than the peer's whole CIDR",
               "VPC ピアリング経由のルートがピアの CIDR 全体より狭い"),
       description=T("A route to the peer VPC's whole CIDR (or wider) opens every subnet of the peer, not only the hosts "
                     "that must talk.",
                     "ピア VPC の CIDR 全体 (またはそれ以上) へのルートは、通信が必要なホストだけでなくピアのすべてのサブネットを開きます。"),
       remediation=T("Replace the routes with routes to the specific subnets or hosts that need the peering.",
                     "ルートをピアリングが必要な特定のサブネットやホストへのルートに置き換えてください。"))
def peering_routes_least_access(r: Resource, inventory: Inventory | None = None) -> Result:
    pid = need(r, "VpcPeeringConnectionId")
    peers = [ipaddress.ip_network(c, strict=False) for side in ("AccepterVpcInfo", "RequesterVpcInfo")
             for c in _cidrs(r.data.get(side) or {})]
    wide = []
    for rt in inventory.in_account("aws", r.account, "aws.ec2.route_table") if inventory else []:
        for route in rt.data.get("Routes") or []:
            dest = route.get("DestinationCidrBlock")
            if route.get("VpcPeeringConnectionId") == pid and dest:
                net = ipaddress.ip_network(dest, strict=False)
                if any(p.version == net.version and p.subnet_of(net) for p in peers):  # type: ignore[arg-type]
                    wide.append(f"{rt.data.get('RouteTableId')}:{dest}")
    return MSG.fail("whole_cidr", routes=sorted(wide)) if wide else Result.ok()


@check(id="aws.vpc.transit_gateway_no_auto_accept", resource_types=("aws.vpc.transit_gateway",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["EC2.23"]},
       title=T("Transit gateway does not accept shared attachments automatically",
               "トランジットゲートウェイが共有アタッチメントを自動承認しない"),
       description=T("With auto-accept, any account the gateway is shared with can attach its VPCs without review.",
                     "自動承認が有効だと、ゲートウェイを共有されたどのアカウントも確認なしに VPC をアタッチできます。"),
       remediation=T("aws ec2 modify-transit-gateway --options AutoAcceptSharedAttachments=disable",
                     "aws ec2 modify-transit-gateway --options AutoAcceptSharedAttachments=disable を実行してください。"))
def transit_gateway_no_auto_accept(r: Resource) -> Result:
    value = (need(r, "Options") or {}).get("AutoAcceptSharedAttachments", "disable")
    return MSG.fail("auto_accept") if value == "enable" else Result.ok()


@check(id="aws.vpc.vpn_tunnels_up", resource_types=("aws.vpc.vpn_connection",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EC2.20"]},
       title=T("Both Site-to-Site VPN tunnels are up", "Site-to-Site VPN の両方のトンネルが稼働している"),
       description=T("A VPN connection with a tunnel down has lost its redundancy: the next failure cuts the link.",
                     "トンネルが停止した VPN 接続は冗長性を失っており、次の障害で接続が切れます。"),
       remediation=T("Configure the second tunnel on the customer gateway device and check its IKE/IPsec settings.",
                     "カスタマーゲートウェイ機器で 2 本目のトンネルを設定し、IKE/IPsec 設定を確認してください。"))
def vpn_tunnels_up(r: Resource) -> Result:
    tunnels = need(r, "VgwTelemetry") or []
    down = [t for t in tunnels if t.get("Status") != "UP"]
    total = max(len(tunnels), 2)
    missing = total - len(tunnels)
    return MSG.fail("tunnels_down", down=len(down) + missing, total=total) if down or missing else Result.ok()


@check(id="aws.vpc.client_vpn_connection_logging", resource_types=("aws.vpc.client_vpn_endpoint",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EC2.51"]},
       title=T("Client VPN endpoint logs client connections", "Client VPN エンドポイントがクライアント接続を記録する"),
       description=T("Connection logs record who connected to the network, when and from where.",
                     "接続ログは誰がいつどこからネットワークに接続したかを記録します。"),
       remediation=T("Enable ConnectionLogOptions with a CloudWatch Logs group (aws ec2 modify-client-vpn-endpoint --connection-log-options).",
                     "CloudWatch Logs グループを指定して ConnectionLogOptions を有効にしてください "
                     "(aws ec2 modify-client-vpn-endpoint --connection-log-options)。"))
def client_vpn_connection_logging(r: Resource) -> Result:
    return Result.ok() if (need(r, "ConnectionLogOptions") or {}).get("Enabled") else MSG.fail("no_conn_logs")
