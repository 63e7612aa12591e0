"""Route 53 checks: public zones log queries and sign with DNSSEC, domains are locked and renew,
and no record dangles (an address or S3 website bucket the account no longer holds)."""

from __future__ import annotations

import ipaddress
import re

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

ZONE = ("aws.route53.hosted_zone",)
DOMAIN = ("aws.route53.domain",)
S3_WEBSITE = re.compile(r"^(?P<bucket>.+)\.s3-website[.-][a-z0-9-]+\.amazonaws\.com(?:\.cn)?\.?$", re.IGNORECASE)
ADDRESS_TYPES = ("aws.ec2.elastic_ip", "aws.ec2.instance")
MSG = Messages("aws.route53", {
    "private": ("private hosted zone", "プライベートホストゾーンです"),
    "no_query_logging": ("DNS query logging is off", "DNS クエリログが無効です"),
    "not_signing": ("DNSSEC signing is {status}", "DNSSEC 署名の状態は {status} です"),
    "unlocked": ("transfer lock is off", "移管ロックが無効です"),
    "no_renew": ("auto-renew is off", "自動更新が無効です"),
    "dangling_ip": ("records pointing to public addresses not held in the scanned regions: {records}",
                    "スキャンしたリージョンで保有していないパブリックアドレスを指すレコード: {records}"),
    "addresses_unread": ("the account's addresses ({types}) were not fully collected",
                         "アカウントのアドレス ({types}) を完全には収集できませんでした"),
    "dangling_s3": ("CNAMEs to S3 website buckets not in the account: {records}",
                    "アカウントに存在しない S3 ウェブサイトバケットへの CNAME: {records}"),
})


def _public(r: Resource) -> bool:
    return not (need(r, "Config") or {}).get("PrivateZone")


@check(id="aws.route53.public_zone_query_logging", resource_types=ZONE, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Route53.2"]},
       title=T("Route 53 public hosted zone logs DNS queries", "Route 53 パブリックホストゾーンが DNS クエリを記録する"),
       description=T("Query logs show which names were resolved, from where: evidence for reconnaissance, tunnelling and "
                     "takeover attempts.",
                     "クエリログはどの名前がどこから解決されたかを示し、偵察・トンネリング・乗っ取りの試みの証跡になります。"),
       remediation=T("Create a query logging configuration to a CloudWatch Logs group in us-east-1 "
                     "(aws route53 create-query-logging-config).",
                     "us-east-1 の CloudWatch Logs グループへのクエリログ設定を作成してください (aws route53 create-query-logging-config)。"))
def public_zone_query_logging(r: Resource) -> Result:
    if not _public(r):
        return MSG.ok("private")
    return Result.ok() if need(r, "_query_logging") else MSG.fail("no_query_logging")


@check(id="aws.route53.public_zone_dnssec_signing", resource_types=ZONE, severity=Severity.LOW,
       title=T("Route 53 public hosted zone is signed with DNSSEC", "Route 53 パブリックホストゾーンが DNSSEC で署名されている"),
       description=T("DNSSEC lets resolvers verify that answers come from the zone unaltered, defeating cache poisoning "
                     "and spoofing.",
                     "DNSSEC によりリゾルバーは応答が改ざんされずにゾーンから来たことを検証でき、キャッシュポイズニングや"
                     "なりすましを防げます。"),
       remediation=T("Create a key-signing key with a KMS key in us-east-1, enable DNSSEC signing "
                     "(aws route53 enable-hosted-zone-dnssec) and add the DS record at the parent zone.",
                     "us-east-1 の KMS キーでキー署名キーを作成し、DNSSEC 署名を有効にして (aws route53 enable-hosted-zone-dnssec)、"
                     "親ゾーンに DS レコードを追加してください。"))
def public_zone_dnssec_signing(r: Resource) -> Result:
    if not _public(r):
        return MSG.ok("private")
    status = str(need(r, "_dnssec") or "NOT_SIGNING")
    return Result.ok() if status == "SIGNING" else MSG.fail("not_signing", status=status)


@check(id="aws.route53.domain_transfer_lock", resource_types=DOMAIN, severity=Severity.MEDIUM,
       title=T("Route 53 registered domain has transfer lock on", "Route 53 登録ドメインの移管ロックが有効"),
       description=T("Without the lock a domain can be transferred to another registrar, taking every name in it.",
                     "ロックがないとドメインが別のレジストラに移管され、その配下のすべての名前を奪われる可能性があります。"),
       remediation=T("aws route53domains enable-domain-transfer-lock --domain-name NAME (us-east-1).",
                     "aws route53domains enable-domain-transfer-lock --domain-name NAME (us-east-1) を実行してください。"))
def domain_transfer_lock(r: Resource) -> Result:
    return Result.ok() if need(r, "TransferLock") else MSG.fail("unlocked")


@check(id="aws.route53.domain_auto_renew", resource_types=DOMAIN, severity=Severity.MEDIUM,
       title=T("Route 53 registered domain renews automatically", "Route 53 登録ドメインが自動更新される"),
       description=T("An expired domain can be registered by someone else, who then receives its mail and web traffic.",
                     "期限切れのドメインは他者に登録され、そのメールや Web トラフィックを受け取られる可能性があります。"),
       remediation=T("aws route53domains enable-domain-auto-renew --domain-name NAME (us-east-1).",
                     "aws route53domains enable-domain-auto-renew --domain-name NAME (us-east-1) を実行してください。"))
def domain_auto_renew(r: Resource) -> Result:
    return Result.ok() if need(r, "AutoRenew") else MSG.fail("no_renew")


def _held_addresses(inventory: Inventory, account: str) -> set[str] | list[str]:
    """The public addresses the account holds (Elastic IPs, instances), or the address types this
    scan did not collect anywhere (or failed to collect somewhere): then no answer is possible."""
    entries = [e for e in inventory.coverage.entries if e.provider == "aws" and e.account == account]
    unread = [t for t in ADDRESS_TYPES
              if not any(e.ok and e.resource_type in (t, "*") for e in entries)
              or any(not e.ok and e.resource_type in (t, "*") for e in entries)]
    if unread:
        return unread
    held = {str(e.data.get("PublicIp")) for e in inventory.in_account("aws", account, "aws.ec2.elastic_ip")}
    held |= {str(i.data.get("PublicIpAddress")) for i in inventory.in_account("aws", account, "aws.ec2.instance")}
    return held


def _is_public(value: str) -> bool:
    try:
        return ipaddress.ip_address(value).is_global
    except ValueError:
        return False


@check(id="aws.route53.zone_no_dangling_addresses", resource_types=ZONE, severity=Severity.HIGH, needs_inventory=True,
       title=T("Route 53 A/AAAA records point only to addresses the account holds",
               "Route 53 の A/AAAA レコードがアカウントの保有するアドレスだけを指している"),
       description=T("A record left pointing at a released Elastic IP or a stopped instance's public address lets whoever "
                     "gets that address next serve content under the name (subdomain takeover). Addresses of other "
                     "providers also show here: review them.",
                     "解放した Elastic IP や停止したインスタンスのパブリックアドレスを指したままのレコードは、次にそのアドレスを"
                     "得た者がその名前でコンテンツを配信できてしまいます (サブドメイン乗っ取り)。他社のアドレスもここに表示される"
                     "ため確認してください。"),
       remediation=T("Delete or update the records that point to addresses the account no longer holds.",
                     "アカウントがもう保有していないアドレスを指すレコードを削除または更新してください。"))
def zone_no_dangling_addresses(r: Resource, inventory: Inventory | None = None) -> Result:
    if not _public(r):
        return MSG.ok("private")
    records = need(r, "_records") or []
    held = _held_addresses(inventory, r.account) if inventory is not None else list(ADDRESS_TYPES)
    if isinstance(held, list):
        return MSG.error("addresses_unread", types=held)
    dangling = [f"{rec.get('Name')} {v}" for rec in records if rec.get("Type") in ("A", "AAAA")
                for v in rec.get("Values") or [] if _is_public(str(v)) and str(v) not in held]
    return MSG.fail("dangling_ip", records=dangling) if dangling else Result.ok()


@check(id="aws.route53.zone_no_dangling_s3_website", resource_types=ZONE, severity=Severity.HIGH, needs_inventory=True,
       inputs=("aws.s3.bucket",),
       title=T("Route 53 CNAMEs to S3 website endpoints name buckets in the account",
               "Route 53 の S3 ウェブサイトエンドポイントへの CNAME がアカウント内のバケットを指している"),
       description=T("A CNAME to the website endpoint of a deleted bucket lets anyone who creates a bucket of that name "
                     "serve content under the record's name.",
                     "削除したバケットのウェブサイトエンドポイントへの CNAME は、同名のバケットを作成した誰かがそのレコード名で"
                     "コンテンツを配信できてしまいます。"),
       remediation=T("Delete the record, or recreate the bucket in this account.", "レコードを削除するか、このアカウントでバケットを作り直してください。"))
def zone_no_dangling_s3_website(r: Resource, inventory: Inventory | None = None) -> Result:
    if not _public(r):
        return MSG.ok("private")
    buckets = {b.name for b in (inventory.in_account("aws", r.account, "aws.s3.bucket") if inventory else [])}
    dangling = [f"{rec.get('Name')} {v}" for rec in need(r, "_records") or [] if rec.get("Type") == "CNAME"
                for v in rec.get("Values") or [] if (m := S3_WEBSITE.match(str(v))) and m.group("bucket") not in buckets]
    return MSG.fail("dangling_s3", records=dangling) if dangling else Result.ok()
