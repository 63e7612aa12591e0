"""EC2 compute hygiene: long-stopped, unmonitored, unprotected, unmanaged or legacy instances,
unencrypted snapshots, unattached volumes, idle Elastic IPs, serial console access."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

IN, VOL, SNAP, EIP, RS = ("aws.ec2.instance",), ("aws.ec2.volume",), ("aws.ec2.snapshot",), ("aws.ec2.elastic_ip",), \
    ("aws.ec2.region_settings",)
STOPPED_DAYS = 30
# DescribeInstances' StateTransitionReason: "User initiated (2024-01-31 10:20:30 GMT)".
_STOP_TIME = re.compile(r"\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)")

MSG = Messages("aws.ec2_compute", {
    "not_stopped": ("instance is {state}", "インスタンスの状態は {state} です"),
    "stopped_since": ("stopped since {since} ({days} days)", "{since} から停止中です（{days} 日）"),
    "stop_time_unknown": ("stopped, but the stop time cannot be read from {reason!r}",
                          "停止中ですが、停止時刻を {reason!r} から読み取れません"),
    "no_scan_time": ("the scan time is unknown, so the stop time cannot be compared",
                     "スキャン時刻が不明なため、停止時刻と比較できません"),
    "basic_monitoring": ("detailed monitoring is {state}", "詳細モニタリングの状態は {state} です"),
    "no_termination_protection": ("termination protection (DisableApiTermination) is off",
                                  "終了保護 (DisableApiTermination) が無効です"),
    "no_profile": ("no IAM instance profile is attached", "IAM インスタンスプロファイルがアタッチされていません"),
    "not_managed": ("Systems Manager does not manage the instance", "Systems Manager がインスタンスを管理していません"),
    "paravirtual": ("paravirtual instance type {type}", "準仮想化 (paravirtual) のインスタンスタイプ {type} です"),
    "many_enis": ("{count} network interfaces attached", "{count} 個のネットワークインターフェイスがアタッチされています"),
    "snapshot_plain": ("snapshot is not encrypted", "スナップショットが暗号化されていません"),
    "unattached": ("volume is attached to no instance ({state})", "ボリュームがどのインスタンスにもアタッチされていません（{state}）"),
    "idle_eip": ("Elastic IP {ip} is associated with nothing", "Elastic IP {ip} はどこにも関連付けられていません"),
    "serial_on": ("EC2 serial console access is enabled in the region", "リージョンで EC2 シリアルコンソールアクセスが有効です"),
})


def stopped_at(reason: str) -> datetime | None:
    m = _STOP_TIME.search(reason or "")
    return datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC) if m else None


@check(id="aws.ec2.instance_not_stopped_long", resource_types=IN, severity=Severity.LOW, needs_inventory=True,
       frameworks={"aws-fsbp": ["EC2.4"]},
       title=T("EC2 instance has not been stopped for more than 30 days", "EC2 インスタンスが 30 日を超えて停止していない"),
       description=T("Long-stopped instances keep old, unpatched software and credentials around, and start again as they were.",
                     "長期間停止したインスタンスは古く未修正のソフトウェアや認証情報を残したまま、そのままの状態で再起動できます。"),
       remediation=T("Terminate instances no longer needed (keep an AMI or snapshot if required), or patch and restart them.",
                     "不要なインスタンスは（必要なら AMI やスナップショットを残して）終了するか、パッチを適用して再開してください。"))
def instance_not_stopped_long(r: Resource, inventory: Inventory | None = None) -> Result:
    state = (need(r, "State") or {}).get("Name")
    if state != "stopped":
        return MSG.ok("not_stopped", state=state)
    reason = str(r.data.get("StateTransitionReason") or "")
    since = stopped_at(reason)
    if since is None:
        return MSG.error("stop_time_unknown", reason=reason)
    now = inventory.now if inventory is not None else None
    if now is None:
        return MSG.error("no_scan_time")
    days = (now - since).days
    if days > STOPPED_DAYS:
        return MSG.fail("stopped_since", since=since.date().isoformat(), days=days)
    return MSG.ok("stopped_since", since=since.date().isoformat(), days=days)


@check(id="aws.ec2.instance_detailed_monitoring_enabled", resource_types=IN, severity=Severity.LOW,
       title=T("EC2 instance has detailed monitoring enabled", "EC2 インスタンスの詳細モニタリングが有効"),
       description=T("One-minute metrics let alarms catch abuse such as crypto-mining or data exfiltration within minutes.",
                     "1 分間隔のメトリクスにより、暗号資産マイニングやデータ持ち出しなどの不正をアラームで数分以内に検知できます。"),
       remediation=T("aws ec2 monitor-instances --instance-ids <id> (or enable it in the launch template).",
                     "aws ec2 monitor-instances --instance-ids <id> を実行してください（または起動テンプレートで有効化）。"))
def instance_detailed_monitoring_enabled(r: Resource) -> Result:
    state = (need(r, "Monitoring") or {}).get("State", "disabled")
    return Result.ok() if state in ("enabled", "pending") else MSG.fail("basic_monitoring", state=state)


@check(id="aws.ec2.instance_termination_protection_enabled", resource_types=IN, severity=Severity.LOW,
       title=T("EC2 instance has termination protection enabled", "EC2 インスタンスの終了保護が有効"),
       description=T("Termination protection stops an instance from being destroyed by an API call or console click by mistake or in an attack.",
                     "終了保護により、誤操作や攻撃による API 呼び出し・コンソール操作でインスタンスが破棄されるのを防ぎます。"),
       remediation=T("aws ec2 modify-instance-attribute --instance-id <id> --disable-api-termination (not for Auto Scaling members).",
                     "aws ec2 modify-instance-attribute --instance-id <id> --disable-api-termination を実行してください"
                     "（Auto Scaling のインスタンスは除く）。"))
def instance_termination_protection_enabled(r: Resource) -> Result:
    return Result.ok() if need(r, "_termination_protection") else MSG.fail("no_termination_protection")


@check(id="aws.ec2.instance_has_instance_profile", resource_types=IN, severity=Severity.LOW,
       title=T("EC2 instance has an IAM instance profile", "EC2 インスタンスに IAM インスタンスプロファイルがある"),
       description=T("Without a role, software on the instance needs long-lived access keys stored on disk to call AWS.",
                     "ロールがないと、インスタンス上のソフトウェアは AWS を呼び出すために長期のアクセスキーをディスクに置く必要があります。"),
       remediation=T("Attach an instance profile with a least-privilege role (aws ec2 associate-iam-instance-profile).",
                     "最小権限のロールを持つインスタンスプロファイルをアタッチしてください (aws ec2 associate-iam-instance-profile)。"))
def instance_has_instance_profile(r: Resource) -> Result:
    need(r, "InstanceId")
    return Result.ok() if (r.data.get("IamInstanceProfile") or {}).get("Arn") else MSG.fail("no_profile")


@check(id="aws.ec2.instance_managed_by_ssm", resource_types=IN, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SSM.1"]},
       title=T("EC2 instance is managed by Systems Manager", "EC2 インスタンスが Systems Manager で管理されている"),
       description=T("Managed instances can be inventoried, patched and reached without open SSH ports.",
                     "管理対象のインスタンスはインベントリ収集・パッチ適用ができ、SSH ポートを開けずに接続できます。"),
       remediation=T("Install the SSM Agent and attach a role with AmazonSSMManagedInstanceCore (or enable Default Host Management).",
                     "SSM Agent をインストールし、AmazonSSMManagedInstanceCore を持つロールをアタッチしてください（またはデフォルトのホスト管理を有効化）。"))
def instance_managed_by_ssm(r: Resource) -> Result:
    state = (need(r, "State") or {}).get("Name")
    if state != "running":
        return MSG.ok("not_stopped", state=state)
    return Result.ok() if need(r, "_ssm_managed") else MSG.fail("not_managed")


@check(id="aws.ec2.instance_not_paravirtual", resource_types=IN, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EC2.24"]},
       title=T("EC2 instance does not use paravirtual virtualization", "EC2 インスタンスが準仮想化 (paravirtual) を使用していない"),
       description=T("Paravirtual (PV) instances run on retired instance families and kernels that get no more security fixes.",
                     "準仮想化 (PV) インスタンスは廃止済みのインスタンスファミリーとカーネルで動作し、セキュリティ修正が提供されません。"),
       remediation=T("Migrate the workload to an HVM AMI on a current instance type.",
                     "ワークロードを現行インスタンスタイプ上の HVM AMI に移行してください。"))
def instance_not_paravirtual(r: Resource) -> Result:
    if need(r, "VirtualizationType") == "paravirtual":
        return MSG.fail("paravirtual", type=r.data.get("InstanceType"))
    return Result.ok()


@check(id="aws.ec2.instance_single_network_interface", resource_types=IN, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["EC2.17"]},
       title=T("EC2 instance uses a single network interface", "EC2 インスタンスのネットワークインターフェイスが 1 つ"),
       description=T("Several ENIs can bridge subnets and security boundaries the network design keeps apart.",
                     "複数の ENI は、ネットワーク設計で分離しているサブネットやセキュリティ境界を橋渡しする可能性があります。"),
       remediation=T("Detach the extra network interfaces unless the instance is an appliance designed for several.",
                     "複数を前提とするアプライアンスでない限り、追加のネットワークインターフェイスをデタッチしてください。"))
def instance_single_network_interface(r: Resource) -> Result:
    count = len(need(r, "NetworkInterfaces") or [])
    return MSG.fail("many_enis", count=count) if count > 1 else Result.ok()


@check(id="aws.ec2.snapshot_encrypted", resource_types=SNAP, severity=Severity.MEDIUM,
       title=T("EBS snapshot is encrypted", "EBS スナップショットが暗号化されている"),
       description=T("An unencrypted snapshot holds the volume's data in clear and can be copied or shared as such.",
                     "暗号化されていないスナップショットはボリュームのデータを平文で保持し、そのままコピーや共有ができます。"),
       remediation=T("Copy the snapshot with --encrypted (and a KMS key), then delete the unencrypted one; turn on EBS default encryption.",
                     "--encrypted（と KMS キー）を指定してスナップショットをコピーし、暗号化されていないものを削除してください。"
                     "EBS のデフォルト暗号化も有効にしてください。"))
def snapshot_encrypted(r: Resource) -> Result:
    return Result.ok() if need(r, "Encrypted") else MSG.fail("snapshot_plain")


@check(id="aws.ec2.volume_attached", resource_types=VOL, severity=Severity.LOW,
       title=T("EBS volume is attached to an instance", "EBS ボリュームがインスタンスにアタッチされている"),
       description=T("Forgotten unattached volumes keep old data nobody watches, and cost money.",
                     "放置された未アタッチのボリュームは、誰も見ていない古いデータを保持し、費用もかかります。"),
       remediation=T("Snapshot the volume if its data is needed, then delete it.",
                     "データが必要ならスナップショットを取得し、ボリュームを削除してください。"))
def volume_attached(r: Resource) -> Result:
    state = need(r, "State")
    return MSG.fail("unattached", state=state) if state == "available" and not r.data.get("Attachments") else Result.ok()


@check(id="aws.ec2.elastic_ip_in_use", resource_types=EIP, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["EC2.12"]},
       title=T("Elastic IP address is associated with a resource", "Elastic IP アドレスがリソースに関連付けられている"),
       description=T("An idle Elastic IP is an address attackers or old DNS records may still point at, and it is billed.",
                     "使われていない Elastic IP は、古い DNS レコードが指したままになりうるアドレスで、料金もかかります。"),
       remediation=T("Release the address (aws ec2 release-address) or associate it with the resource that needs it.",
                     "アドレスを解放する (aws ec2 release-address) か、必要なリソースに関連付けてください。"))
def elastic_ip_in_use(r: Resource) -> Result:
    ip = need(r, "PublicIp")
    if r.data.get("AssociationId") or r.data.get("InstanceId") or r.data.get("NetworkInterfaceId"):
        return Result.ok()
    return MSG.fail("idle_eip", ip=ip)


@check(id="aws.ec2.serial_console_access_disabled", resource_types=RS, severity=Severity.MEDIUM,
       title=T("EC2 serial console access is disabled", "EC2 シリアルコンソールアクセスが無効"),
       description=T("The serial console gives a root-capable console to any instance, bypassing the network controls.",
                     "シリアルコンソールはネットワーク制御を迂回して、任意のインスタンスへ root 操作が可能なコンソールを提供します。"),
       remediation=T("aws ec2 disable-serial-console-access in each region (enable it only while troubleshooting).",
                     "各リージョンで aws ec2 disable-serial-console-access を実行してください（トラブル対応中のみ有効化）。"))
def serial_console_access_disabled(r: Resource) -> Result:
    return MSG.fail("serial_on") if need(r, "SerialConsoleAccessEnabled") else Result.ok()
