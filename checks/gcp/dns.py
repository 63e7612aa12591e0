"""Cloud DNS checks: DNSSEC on public zones, no RSASHA1 signing keys."""

from __future__ import annotations

from checks import check
from checks.gcp.common import cis
from agent.core.model import Resource, Result, Severity

ZONE = ("gcp.dns.managed_zone",)


def _private(r: Resource) -> bool:
    return str(r.data.get("visibility", "public")).lower() == "private"


def _rsasha1(r: Resource, key_type: str) -> Result:
    if _private(r):
        return Result.ok("private zone (DNSSEC does not apply)")
    cfg = r.data.get("dnssecConfig") or {}
    if str(cfg.get("state", "off")).lower() != "on":
        return Result.ok("DNSSEC is off (reported by gcp.dns.dnssec_enabled)")
    weak = [s for s in cfg.get("defaultKeySpecs") or []
            if s.get("keyType") == key_type and str(s.get("algorithm", "")).lower() == "rsasha1"]
    return Result.fail(f"{key_type} uses RSASHA1") if weak else Result.ok()


@check(id="gcp.dns.dnssec_enabled", resource_types=ZONE, severity=Severity.MEDIUM, frameworks=cis("3.3"),
       title={"en": "DNSSEC is enabled on the public DNS zone", "ja": "公開 DNS ゾーンで DNSSEC が有効"},
       description={"en": "Without DNSSEC, resolvers cannot tell forged answers from real ones (cache poisoning, "
                          "man-in-the-middle).",
                    "ja": "DNSSEC がないと、リゾルバは偽の応答を見分けられません（キャッシュポイズニング・中間者攻撃）。"},
       remediation={"en": "gcloud dns managed-zones update ZONE --dnssec-state on",
                    "ja": "gcloud dns managed-zones update ZONE --dnssec-state on を実行してください。"})
def dnssec_enabled(r: Resource) -> Result:
    if _private(r):
        return Result.ok("private zone (DNSSEC does not apply)")
    state = str((r.data.get("dnssecConfig") or {}).get("state", "off")).lower()
    return Result.ok() if state == "on" else Result.fail(f"DNSSEC state is {state}")


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
