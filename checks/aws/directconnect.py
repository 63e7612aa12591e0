"""AWS Direct Connect checks: MACsec on capable connections, redundant connections, BGP peers up."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

MSG = Messages("aws.directconnect", {
    "not_capable": ("the connection does not support MACsec", "この接続は MACsec に対応していません"),
    "macsec_off": ("encryption mode {mode}, port encryption {status}", "暗号化モード {mode}、ポート暗号化 {status}"),
    "not_redundant": ("logical redundancy: {value}", "論理的冗長性: {value}"),
    "peers_down": ("BGP peers not up: {peers}", "稼働していない BGP ピア: {peers}"),
    "no_peers": ("no BGP peer", "BGP ピアがありません"),
})


@check(id="aws.directconnect.connection_macsec_encrypted", resource_types=("aws.directconnect.connection",), severity=Severity.MEDIUM,
       title=T("MACsec-capable Direct Connect connection requires encryption", "MACsec 対応の Direct Connect 接続が暗号化を必須にしている"),
       description=T("Direct Connect traffic is not encrypted by default; on MACsec-capable ports the link can encrypt every frame.",
                     "Direct Connect の通信は既定では暗号化されません。MACsec 対応ポートではリンクがすべてのフレームを暗号化できます。"),
       remediation=T("Associate a MACsec key (aws directconnect associate-mac-sec-key) and set the encryption mode to must_encrypt.",
                     "MACsec キーを関連付け (aws directconnect associate-mac-sec-key)、暗号化モードを must_encrypt にしてください。"))
def connection_macsec_encrypted(r: Resource) -> Result:
    if not r.data.get("macSecCapable"):
        return MSG.ok("not_capable")
    mode = str(need(r, "encryptionMode") or "no_encrypt")
    status = str(r.data.get("portEncryptionStatus") or "Encryption Down")
    return Result.ok() if mode == "must_encrypt" and status == "Encryption Up" else MSG.fail("macsec_off", mode=mode, status=status)


@check(id="aws.directconnect.connection_redundant", resource_types=("aws.directconnect.connection",), severity=Severity.MEDIUM,
       title=T("Direct Connect connection has logical redundancy", "Direct Connect 接続に論理的な冗長性がある"),
       description=T("A single connection is a single point of failure for the hybrid network.",
                     "単一の接続はハイブリッドネットワークの単一障害点になります。"),
       remediation=T("Add a second connection (preferably at another Direct Connect location) carrying the same virtual interfaces.",
                     "同じ仮想インターフェイスを持つ 2 つ目の接続 (できれば別の Direct Connect ロケーション) を追加してください。"))
def connection_redundant(r: Resource) -> Result:
    value = str(need(r, "hasLogicalRedundancy") or "unknown")
    return Result.ok() if value == "yes" else MSG.fail("not_redundant", value=value)


@check(id="aws.directconnect.virtual_interface_bgp_up", resource_types=("aws.directconnect.virtual_interface",), severity=Severity.LOW,
       title=T("Direct Connect virtual interface has all BGP peers up", "Direct Connect 仮想インターフェイスの BGP ピアがすべて稼働している"),
       description=T("A BGP peer that is down removes a path: the interface has lost its redundancy or its connectivity.",
                     "停止している BGP ピアは経路を失わせ、インターフェイスの冗長性または接続性が失われています。"),
       remediation=T("Check the router configuration and BGP session (ASN, auth key, addresses) of the peers that are down.",
                     "停止しているピアのルーター設定と BGP セッション (ASN、認証キー、アドレス) を確認してください。"))
def virtual_interface_bgp_up(r: Resource) -> Result:
    peers = need(r, "bgpPeers") or []
    if not peers:
        return MSG.fail("no_peers")
    down = [str(p.get("bgpPeerId") or p.get("customerAddress")) for p in peers if p.get("bgpStatus") != "up"]
    return MSG.fail("peers_down", peers=down) if down else Result.ok()
