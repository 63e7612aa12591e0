"""Cloud DNS checks: DNSSEC on public zones, no RSASHA1 signing keys, query logging on every VPC network."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list
from checks.gcp.common import cis

ZONE = ("gcp.dns.managed_zone",)
DNS_POLICY = "gcp.dns.policy"

MSG = Messages("gcp.dns", {
    "private_zone": ("private zone (DNSSEC does not apply)", "プライベートゾーンです (DNSSEC は対象外)"),
    "dnssec_off_elsewhere": ("DNSSEC is off (reported by gcp.dns.dnssec_enabled)",
                             "DNSSEC が無効です (gcp.dns.dnssec_enabled で報告します)"),
    "rsasha1": ("{keyType} uses RSASHA1", "{keyType} が RSASHA1 を使用しています"),
    "dnssec_state": ("DNSSEC state is {state}", "DNSSEC の状態が {state} です"),
    "logging_policy": ("DNS policy {policy} logs queries", "DNS ポリシー {policy} がクエリを記録しています"),
    "policy_without_logging": ("DNS policy {policy} does not log queries", "DNS ポリシー {policy} はクエリを記録していません"),
    "no_dns_policy": ("no DNS policy with logging is attached", "ロギング付きの DNS ポリシーが関連付けられていません"),
})


def _private(r: Resource) -> bool:
    return str(r.data.get("visibility", "public")).lower() == "private"


def _rsasha1(r: Resource, key_type: str) -> Result:
    if _private(r):
        return MSG.ok("private_zone")
    cfg = r.data.get("dnssecConfig") or {}
    if str(cfg.get("state", "off")).lower() != "on":
        return MSG.ok("dnssec_off_elsewhere")
    weak = [s for s in as_list(cfg.get("defaultKeySpecs"))
            if s.get("keyType") == key_type and str(s.get("algorithm", "")).lower() == "rsasha1"]
    return MSG.fail("rsasha1", keyType=key_type) if weak else Result.ok()


@check(id="gcp.dns.dnssec_enabled", resource_types=ZONE, severity=Severity.MEDIUM, frameworks=cis("3.3"),
       title={"en": "DNSSEC is enabled on the public DNS zone", "ja": "公開 DNS ゾーンで DNSSEC が有効"},
       description={"en": "Without DNSSEC, resolvers cannot tell forged answers from real ones (cache poisoning, "
                          "man-in-the-middle).",
                    "ja": "DNSSEC がないと、リゾルバは偽の応答を見分けられません（キャッシュポイズニング・中間者攻撃）。"},
       remediation={"en": "gcloud dns managed-zones update ZONE --dnssec-state on",
                    "ja": "gcloud dns managed-zones update ZONE --dnssec-state on を実行してください。"})
def dnssec_enabled(r: Resource) -> Result:
    if _private(r):
        return MSG.ok("private_zone")
    state = str((r.data.get("dnssecConfig") or {}).get("state", "off")).lower()
    return Result.ok() if state == "on" else MSG.fail("dnssec_state", state=state)


@check(id="gcp.dns.ksk_not_rsasha1", resource_types=ZONE, severity=Severity.MEDIUM, frameworks=cis("3.4"),
       title={"en": "DNSSEC key-signing key does not use RSASHA1", "ja": "DNSSEC の鍵署名鍵（KSK）に RSASHA1 を使用していない"},
       description={"en": "RSASHA1 is a deprecated, weak signing algorithm.",
                    "ja": "RSASHA1 は非推奨の弱い署名アルゴリズムです。"},
       remediation={"en": "Turn DNSSEC off, change the keySigning algorithm to RSASHA256 or ECDSAP256SHA256, and turn "
                          "it on again.",
                    "ja": "DNSSEC を一旦無効にし、keySigning のアルゴリズムを RSASHA256 か ECDSAP256SHA256 に変更して"
                          "再度有効にしてください。"})
def ksk_not_rsasha1(r: Resource) -> Result:
    return _rsasha1(r, "keySigning")


@check(id="gcp.dns.zsk_not_rsasha1", resource_types=ZONE, severity=Severity.MEDIUM, frameworks=cis("3.5"),
       title={"en": "DNSSEC zone-signing key does not use RSASHA1", "ja": "DNSSEC のゾーン署名鍵（ZSK）に RSASHA1 を使用していない"},
       description={"en": "RSASHA1 is a deprecated, weak signing algorithm.",
                    "ja": "RSASHA1 は非推奨の弱い署名アルゴリズムです。"},
       remediation={"en": "Turn DNSSEC off, change the zoneSigning algorithm to RSASHA256 or ECDSAP256SHA256, and "
                          "turn it on again.",
                    "ja": "DNSSEC を一旦無効にし、zoneSigning のアルゴリズムを RSASHA256 か ECDSAP256SHA256 に変更して"
                          "再度有効にしてください。"})
def zsk_not_rsasha1(r: Resource) -> Result:
    return _rsasha1(r, "zoneSigning")


def _network_path(url: str) -> str:
    """``projects/P/global/networks/N`` from a network URL or Cloud Asset name."""
    return "projects/" + url.split("projects/", 1)[-1] if "projects/" in url else url


@check(id="gcp.dns.network_dns_logging", resource_types=("gcp.compute.network",), severity=Severity.LOW,
       frameworks=cis("2.12"), needs_inventory=True, inputs=(DNS_POLICY,),
       title=T("Cloud DNS logging is enabled for the VPC network", "VPC ネットワークで Cloud DNS のロギングが有効"),
       description=T("DNS query logs show which names workloads resolve: command-and-control domains and data "
                     "exfiltration through DNS show up there first.",
                     "DNS クエリログはワークロードが解決した名前を示し、C2 ドメインや DNS 経由のデータ持ち出しが最初に現れる"
                     "場所です。"),
       remediation=T("gcloud dns policies create POLICY --networks=NETWORK --enable-logging (or update the existing "
                     "policy with --enable-logging).",
                     "gcloud dns policies create POLICY --networks=NETWORK --enable-logging を実行してください"
                     "（既存のポリシーがあれば --enable-logging で更新）。"))
def network_dns_logging(r: Resource, inventory: Inventory) -> Result:
    me = _network_path(r.id)
    for policy in inventory.in_account("gcp", r.account, DNS_POLICY):
        if any(_network_path(str(n.get("networkUrl", ""))) == me for n in as_list(policy.data.get("networks"))):
            if policy.data.get("enableLogging"):
                return MSG.ok("logging_policy", policy=policy.name)
            return MSG.fail("policy_without_logging", policy=policy.name)
    return MSG.fail("no_dns_policy")
