"""Lightsail checks: instance firewalls (admin ports and other ports open to everyone), automatic
snapshots, managed databases (public access, backup retention)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

IN, DB = ("aws.lightsail.instance",), ("aws.lightsail.database",)
ADMIN_PORTS = (22, 3389)
WEB_PORTS = (80, 443)
MSG = Messages("aws.lightsail", {
    "admin_open": ("admin ports open to everyone: {ports}", "全員に開放された管理ポート: {ports}"),
    "other_open": ("ports other than 80/443 open to everyone: {ports}", "80/443 以外に全員へ開放されたポート: {ports}"),
    "no_snapshots": ("automatic snapshots are off", "自動スナップショットが無効です"),
    "db_public": ("the database is publicly accessible", "データベースがパブリックアクセス可能です"),
    "no_backups": ("backup retention is off", "バックアップの保持が無効です"),
})


def _open_to_all(p: dict[str, Any]) -> bool:
    return "0.0.0.0/0" in (p.get("cidrs") or []) or "::/0" in (p.get("ipv6Cidrs") or [])


def _covers(p: dict[str, Any], port: int) -> bool:
    if p.get("protocol") == "all":
        return True
    return p.get("protocol") in ("tcp", "udp") and int(p.get("fromPort", -1)) <= port <= int(p.get("toPort", -1))


def _ports(r: Resource) -> list[dict[str, Any]]:
    return list((need(r, "networking") or {}).get("ports") or [])


def _label(p: dict[str, Any]) -> str:
    return f"{p.get('protocol')} {p.get('fromPort')}-{p.get('toPort')}"


@check(id="aws.lightsail.instance_admin_ports_not_open_to_all", resource_types=IN, severity=Severity.HIGH,
       title=T("Lightsail instance does not open SSH/RDP to everyone", "Lightsail インスタンスが SSH/RDP を全員に開放していない"),
       description=T("SSH and RDP open to 0.0.0.0/0 invite password guessing and exploits from the whole internet.",
                     "0.0.0.0/0 に開放された SSH と RDP は、インターネット全体からのパスワード推測や攻撃を招きます。"),
       remediation=T("Restrict the firewall rule for 22/3389 to your addresses, or connect with the Lightsail browser client only.",
                     "22/3389 のファイアウォールルールを自社のアドレスに制限するか、Lightsail のブラウザクライアントのみで接続してください。"))
def instance_admin_ports_not_open_to_all(r: Resource) -> Result:
    bad = [_label(p) for p in _ports(r) if _open_to_all(p) and any(_covers(p, port) for port in ADMIN_PORTS)]
    return MSG.fail("admin_open", ports=bad) if bad else Result.ok()


@check(id="aws.lightsail.instance_only_web_ports_open_to_all", resource_types=IN, severity=Severity.MEDIUM,
       title=T("Lightsail instance opens only ports 80 and 443 to everyone", "Lightsail インスタンスが全員に開放するのは 80 と 443 のみ"),
       description=T("Every other port open to the internet is a service an attacker can probe.",
                     "インターネットに開放された他のポートはすべて、攻撃者が探れるサービスです。"),
       remediation=T("Restrict the instance firewall's other rules to known source addresses.",
                     "インスタンスのファイアウォールのその他のルールを既知の送信元アドレスに制限してください。"))
def instance_only_web_ports_open_to_all(r: Resource) -> Result:
    bad = [_label(p) for p in _ports(r) if _open_to_all(p) and p.get("protocol") != "icmp"
           and not (p.get("protocol") == "tcp" and p.get("fromPort") == p.get("toPort") and p.get("fromPort") in WEB_PORTS)]
    return MSG.fail("other_open", ports=bad) if bad else Result.ok()


@check(id="aws.lightsail.instance_automatic_snapshots_enabled", resource_types=IN, severity=Severity.LOW,
       title=T("Lightsail instance takes automatic snapshots", "Lightsail インスタンスの自動スナップショットが有効"),
       description=T("Daily snapshots are what you restore from after ransomware, a bad change or a deleted disk.",
                     "毎日のスナップショットは、ランサムウェアや誤った変更、ディスク削除からの復旧元になります。"),
       remediation=T("aws lightsail enable-add-on --resource-name <name> --add-on-request addOnType=AutoSnapshot",
                     "aws lightsail enable-add-on --resource-name <name> --add-on-request addOnType=AutoSnapshot を実行してください。"))
def instance_automatic_snapshots_enabled(r: Resource) -> Result:
    need(r, "name")
    on = any(a.get("name") == "AutoSnapshot" and a.get("status") == "Enabled" for a in r.data.get("addOns") or [])
    return Result.ok() if on else MSG.fail("no_snapshots")


@check(id="aws.lightsail.database_not_public", resource_types=DB, severity=Severity.HIGH,
       title=T("Lightsail database is not publicly accessible", "Lightsail データベースがパブリックアクセス可能でない"),
       description=T("A public database endpoint can be reached, and its password guessed, from anywhere on the internet.",
                     "パブリックなデータベースエンドポイントには、インターネット上のどこからでも接続しパスワードを推測できます。"),
       remediation=T("aws lightsail update-relational-database --relational-database-name <name> --no-publicly-accessible",
                     "aws lightsail update-relational-database --relational-database-name <name> --no-publicly-accessible を実行してください。"))
def database_not_public(r: Resource) -> Result:
    return MSG.fail("db_public") if need(r, "publiclyAccessible") else Result.ok()


@check(id="aws.lightsail.database_backup_retention_enabled", resource_types=DB, severity=Severity.MEDIUM,
       title=T("Lightsail database keeps automatic backups", "Lightsail データベースが自動バックアップを保持する"),
       description=T("Without backup retention a deleted or corrupted database cannot be restored to a point in time.",
                     "バックアップを保持しないと、削除・破損したデータベースを特定時点に復元できません。"),
       remediation=T("aws lightsail update-relational-database --relational-database-name <name> --enable-backup-retention",
                     "aws lightsail update-relational-database --relational-database-name <name> --enable-backup-retention を実行してください。"))
def database_backup_retention_enabled(r: Resource) -> Result:
    return Result.ok() if need(r, "backupRetentionEnabled") else MSG.fail("no_backups")
