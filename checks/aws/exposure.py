"""Toxic combinations, from the derived ``_exposure`` / ``_privileged`` fields the AWS collector
computes after collection (see agent/collectors/aws/exposure.py)."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T, unreadable_result

ADMIN_PORTS = (22, 3389)


def _exp(r: Resource) -> dict[str, Any]:
    return r.data.get("_exposure") or {}


@check(id="aws.ec2.reachable_instance_not_privileged", resource_types=("aws.ec2.instance",), severity=Severity.CRITICAL,
       title=T("Internet-reachable instance does not run with a privileged role",
               "インターネットから到達可能なインスタンスが特権ロールで動作していない"),
       description=T("An instance reachable from the internet whose instance profile grants admin or privilege-escalation rights turns one exploited service into a full account takeover.",
                     "インターネットから到達可能で、インスタンスプロファイルが管理者権限や権限昇格を許すインスタンスは、1 つのサービスの侵害をアカウント全体の乗っ取りにつなげます。"),
       remediation=T("Close the internet path (security group, NACL, public IP) or reduce the instance role to the permissions the workload needs.",
                     "インターネットからの経路 (セキュリティグループ、NACL、パブリック IP) を閉じるか、インスタンスロールをワークロードに必要な権限に絞ってください。"))
def reachable_instance_not_privileged(r: Resource) -> Result:
    exp, priv = _exp(r), r.data.get("_privileged") or {}
    if exp.get("internet_reachable") and priv.get("privileged"):
        what = "admin" if priv.get("admin") else ", ".join(priv.get("actions", []))
        return Result.fail(f"reachable on {exp.get('open_ports')} and its role grants {what}",
                           path=exp.get("path", []), roles=priv.get("roles", []))
    return Result.ok()


@check(id="aws.ec2.admin_ports_not_reachable", resource_types=("aws.ec2.instance",), severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["5.2"]},
       title=T("Instance SSH/RDP is not reachable from the internet", "インスタンスの SSH/RDP がインターネットから到達可能ではない"),
       description=T("Port 22 or 3389 open along the whole path (public IP, security group, NACL, route to an internet gateway) invites brute force and exploit attempts.",
                     "経路全体 (パブリック IP、セキュリティグループ、NACL、インターネットゲートウェイへのルート) で 22 または 3389 番ポートが開いていると、総当たりや攻撃の対象になります。"),
       remediation=T("Use Session Manager or a bastion with source restrictions instead of opening 22/3389 to the internet.",
                     "22/3389 をインターネットに開く代わりに、Session Manager や送信元を制限した踏み台を使用してください。"))
def admin_ports_not_reachable(r: Resource) -> Result:
    exp = _exp(r)
    ports = [p for p in exp.get("open_ports", []) if p in ADMIN_PORTS]
    if exp.get("internet_reachable") and ports:
        return Result.fail(f"port(s) {', '.join(map(str, ports))} reachable from the internet", path=exp.get("path", []))
    return Result.ok()


@check(id="aws.rds.instance_not_internet_reachable", resource_types=("aws.rds.db_instance",), severity=Severity.CRITICAL,
       frameworks={"cis-aws-3.0": ["2.3.3"]},
       title=T("RDS instance is neither publicly accessible nor reachable", "RDS インスタンスがパブリックアクセス可能でも到達可能でもない"),
       description=T("PubliclyAccessible gives the endpoint a public address: it is reported even while today's security group happens to be closed, with the exposure level (reachable / public-but-blocked) in the detail.",
                     "PubliclyAccessible はエンドポイントにパブリックアドレスを与えます。現在のセキュリティグループがたまたま閉じていても報告し、露出レベル (到達可能 / 公開だが遮断) を詳細に示します。"),
       remediation=T("Modify the instance with --no-publicly-accessible and keep it in private subnets.",
                     "--no-publicly-accessible を指定してインスタンスを変更し、プライベートサブネットに置いてください。"))
def instance_not_internet_reachable(r: Resource) -> Result:
    exp = _exp(r)
    if r.data.get("PubliclyAccessible"):
        level = exp.get("level", "public (network path not assessed)")
        return Result.fail(f"publicly accessible; exposure: {level}", level=level, path=exp.get("path", []),
                           open_ports=exp.get("open_ports", []))
    return Result.ok()


@check(id="aws.lambda.public_function_not_privileged", resource_types=("aws.lambda.function",), severity=Severity.CRITICAL,
       title=T("Publicly invokable Lambda function does not run with a privileged role",
               "パブリックに呼び出せる Lambda 関数が特権ロールで動作していない"),
       description=T("Anyone can trigger a function with an open URL or public policy; with an admin or escalation-capable role, a code flaw becomes an account takeover.",
                     "URL が公開されているかポリシーが公開されている関数は誰でも実行できます。管理者または権限昇格可能なロールでは、コードの欠陥がアカウント乗っ取りにつながります。"),
       remediation=T("Require authentication for the function or reduce its execution role to what it needs.",
                     "関数に認証を要求するか、実行ロールを必要な権限に絞ってください。"))
def public_function_not_privileged(r: Resource) -> Result:
    exp, priv = _exp(r), r.data.get("_privileged") or {}
    if exp.get("internet_reachable") and priv.get("privileged"):
        return Result.fail(f"public ({', '.join(exp.get('path', []))}) with privileged role", roles=priv.get("roles", []))
    return Result.ok()


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


@check(id="aws.cloudtrail.trail_bucket_not_public", resource_types=("aws.cloudtrail.account",), severity=Severity.CRITICAL,
       needs_inventory=True,
       title=T("No bucket holding CloudTrail logs is public", "CloudTrail ログを保存するバケットが公開されていない"),
       description=T("A public trail bucket hands an attacker the full record of the account's activity and lets them spot gaps in monitoring.",
                     "公開された証跡バケットは、攻撃者にアカウント操作の完全な記録を与え、監視の隙を見つけさせます。"),
       remediation=T("Remove public statements and ACL grants from the trail bucket and turn on Block Public Access.",
                     "証跡バケットから公開ステートメントと ACL 付与を削除し、ブロックパブリックアクセスを有効にしてください。"))
def trail_bucket_not_public(r: Resource, inv: Inventory | None = None) -> Result:
    if (err := unreadable_result(r.data.get("Trails"))):
        return err
    public, missing = [], []
    for name in _trail_buckets(r):
        b = _bucket(inv, r.account, name)
        if b is None:
            missing.append(name)
        elif _exp(b).get("internet_reachable"):
            public.append(f"{name} ({'; '.join(_exp(b).get('path', []))})")
    if public:
        return Result.fail(f"public trail bucket(s): {', '.join(public)}", buckets=public)
    if missing:
        return Result.error(f"trail bucket(s) not in this scan's inventory: {', '.join(missing)}")
    return Result.ok()


@check(id="aws.cloudtrail.trail_bucket_access_logging", resource_types=("aws.cloudtrail.account",),
       severity=Severity.MEDIUM, needs_inventory=True, frameworks={"cis-aws-3.0": ["3.4"]},
       title=T("CloudTrail buckets have server access logging", "CloudTrail バケットでサーバーアクセスログが有効"),
       description=T("Access logs on the trail bucket show who read or tampered with the audit trail itself.",
                     "証跡バケットのアクセスログは、監査証跡そのものを誰が読み取り・改ざんしたかを示します。"),
       remediation=T("Enable server access logging on every bucket that receives CloudTrail logs.",
                     "CloudTrail ログを受け取るすべてのバケットでサーバーアクセスログを有効にしてください。"))
def trail_bucket_access_logging(r: Resource, inv: Inventory | None = None) -> Result:
    if (err := unreadable_result(r.data.get("Trails"))):
        return err
    off, missing = [], []
    for name in _trail_buckets(r):
        b = _bucket(inv, r.account, name)
        if b is None:
            missing.append(name)
            continue
        logging = b.data.get("Logging", b.data.get("LoggingEnabled"))
        if (err := unreadable_result(logging)):
            return err
        enabled = logging.get("LoggingEnabled", logging) if isinstance(logging, dict) else logging
        if not enabled:
            off.append(name)
    if off:
        return Result.fail(f"access logging off on {', '.join(off)}", buckets=off)
    if missing:
        return Result.error(f"trail bucket(s) not in this scan's inventory: {', '.join(missing)}")
    return Result.ok()
