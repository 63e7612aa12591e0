"""The S3 buckets CloudTrail delivers to: not public, with server access logging (cross-resource)."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.aws.exposure import exposure
from checks.common import T

MSG = Messages("aws.cloudtrail_buckets", {
    "public": ("public trail bucket(s): {buckets}", "公開されている証跡バケット: {buckets}"),
    "not_in_inventory": ("trail bucket(s) not in this scan's inventory: {buckets}",
                         "このスキャンのインベントリにない証跡バケット: {buckets}"),
    "logging_off": ("access logging off on {buckets}", "{buckets} でアクセスログが無効です"),
})


def _trail_buckets(r: Resource) -> list[str]:
    trails = r.data.get("Trails")
    return sorted({t["S3BucketName"] for t in trails or [] if isinstance(t, dict) and t.get("S3BucketName")})


def _bucket(inv: Inventory | None, account: str, name: str) -> Resource | None:
    if inv is None:
        return None
    for b in inv.by_type("aws.s3.bucket"):
        if b.name == name and b.account == account:
            return b
    return None


# The trail's buckets are looked up among the collected buckets; whether one is public is derived
# from its own settings and the account-level Block Public Access.
BUCKETS = ("aws.s3.bucket",)


@check(id="aws.cloudtrail.trail_bucket_not_public", resource_types=("aws.cloudtrail.account",), severity=Severity.CRITICAL,
       needs_inventory=True, inputs=BUCKETS + ("aws.s3.account_public_access_block",),
       title=T("No bucket holding CloudTrail logs is public", "CloudTrail ログを保存するバケットが公開されていない"),
       description=T("A public trail bucket hands an attacker the full record of the account's activity and lets them spot gaps in monitoring.",
                     "公開された証跡バケットは、攻撃者にアカウント操作の完全な記録を与え、監視の隙を見つけさせます。"),
       remediation=T("Remove public statements and ACL grants from the trail bucket and turn on Block Public Access.",
                     "証跡バケットから公開ステートメントと ACL 付与を削除し、ブロックパブリックアクセスを有効にしてください。"))
def trail_bucket_not_public(r: Resource, inv: Inventory | None = None) -> Result:
    readable(r.data.get("Trails"), "Trails")
    public, missing = [], []
    for name in _trail_buckets(r):
        b = _bucket(inv, r.account, name)
        if b is None:
            missing.append(name)
        elif (exp := exposure(b)).get("internet_reachable"):
            public.append(f"{name} ({'; '.join(exp.get('path', []))})")
    if public:
        return MSG.fail("public", buckets=public)
    if missing:
        return MSG.error("not_in_inventory", buckets=missing)
    return Result.ok()


@check(id="aws.cloudtrail.trail_bucket_access_logging", resource_types=("aws.cloudtrail.account",),
       severity=Severity.MEDIUM, needs_inventory=True, frameworks={"aws-fsbp": ["CloudTrail.7"], "cis-aws-3.0": ["3.4"]}, inputs=BUCKETS,
       title=T("CloudTrail buckets have server access logging", "CloudTrail バケットでサーバーアクセスログが有効"),
       description=T("Access logs on the trail bucket show who read or tampered with the audit trail itself.",
                     "証跡バケットのアクセスログは、監査証跡そのものを誰が読み取り・改ざんしたかを示します。"),
       remediation=T("Enable server access logging on every bucket that receives CloudTrail logs.",
                     "CloudTrail ログを受け取るすべてのバケットでサーバーアクセスログを有効にしてください。"))
def trail_bucket_access_logging(r: Resource, inv: Inventory | None = None) -> Result:
    readable(r.data.get("Trails"), "Trails")
    off, missing = [], []
    for name in _trail_buckets(r):
        b = _bucket(inv, r.account, name)
        if b is None:
            missing.append(name)
            continue
        logging = readable(b.data.get("Logging", b.data.get("LoggingEnabled")), f"Logging of {name}")
        enabled = logging.get("LoggingEnabled", logging) if isinstance(logging, dict) else logging
        if not enabled:
            off.append(name)
    if off:
        return MSG.fail("logging_off", buckets=off)
    if missing:
        return MSG.error("not_in_inventory", buckets=missing)
    return Result.ok()
