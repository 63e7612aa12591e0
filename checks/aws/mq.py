"""Amazon MQ broker checks."""

from __future__ import annotations

from datetime import date

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

MSG = Messages("aws.mq", {
    "public": ("the broker is publicly accessible", "ブローカーがパブリックアクセス可能です"),
    "other_engine": ("{engine} brokers are judged by another check", "{engine} ブローカーは別のチェックで判定します"),
    "single": ("the {engine} broker is deployed as {mode}", "{engine} ブローカーのデプロイモードは {mode} です"),
    "no_audit": ("audit logs are not sent to CloudWatch Logs", "監査ログが CloudWatch Logs に送信されていません"),
    "no_audit_support": ("{engine} brokers have no audit log", "{engine} ブローカーには監査ログがありません"),
    "version_ended": ("{engine} {version} reached end of support on {end}", "{engine} {version} は {end} にサポートが終了しました"),
    "version_too_old": ("{engine} {version} is older than every version Amazon MQ supports",
                        "{engine} {version} は Amazon MQ がサポートするどのバージョンよりも古いです"),
    "version_supported": ("{engine} {version} is supported", "{engine} {version} はサポート対象です"),
    "unknown_version": ("engine version {version!r} cannot be read", "エンジンバージョン {version!r} を解釈できません"),
    "no_scan_time": ("no scan time to compare the end of support ({end}) with",
                     "サポート終了日（{end}）と比較するスキャン時刻がありません"),
})


@check(id="aws.mq.broker_not_publicly_accessible", resource_types=("aws.mq.broker",), severity=Severity.HIGH,
       title=T("Amazon MQ broker is not publicly accessible", "Amazon MQ ブローカーがパブリックアクセス可能でない"),
       description=T("A broker created publicly accessible has an internet-resolvable endpoint for its console and "
                     "wire protocols.",
                     "パブリックアクセス可能として作成されたブローカーは、コンソールとプロトコルのエンドポイントがインターネットから"
                     "解決できます。"),
       remediation=T("Public accessibility cannot be changed in place: recreate the broker with PubliclyAccessible "
                     "false in private subnets.",
                     "パブリックアクセス可否は後から変更できないため、PubliclyAccessible を false にしてプライベートサブネットに"
                     "ブローカーを作り直してください。"))
def broker_not_publicly_accessible(r: Resource) -> Result:
    return MSG.fail("public") if need(r, "PubliclyAccessible") else Result.ok()


def _engine(r: Resource) -> str:
    return str(need(r, "EngineType")).upper()


@check(id="aws.mq.broker_audit_logging_enabled", resource_types=("aws.mq.broker",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["MQ.2"]},
       title=T("ActiveMQ broker streams audit logs to CloudWatch Logs", "ActiveMQ ブローカーが監査ログを CloudWatch Logs に送信する"),
       description=T("Audit logs record management actions made through JMX and the ActiveMQ web console.",
                     "監査ログには、JMX と ActiveMQ ウェブコンソールで行われた管理操作が記録されます。"),
       remediation=T("aws mq update-broker --broker-id ID --logs Audit=true,General=true",
                     "aws mq update-broker --broker-id ID --logs Audit=true,General=true を実行してください。"))
def broker_audit_logging_enabled(r: Resource) -> Result:
    engine = _engine(r)
    if engine != "ACTIVEMQ":
        return MSG.ok("no_audit_support", engine=engine)
    return Result.ok() if (need(r, "Logs") or {}).get("Audit") else MSG.fail("no_audit")


setting_check(Setting(
    "aws.mq.broker_general_logging_enabled", ("aws.mq.broker",), "Logs",
    lambda v, r: bool((v or {}).get("General")),
    ("Amazon MQ broker sends general logs to CloudWatch Logs", "Amazon MQ ブローカーが一般ログを CloudWatch Logs に送信する"),
    ("General logs record connections, errors and the broker's own warnings.",
     "一般ログには、接続・エラー・ブローカー自身の警告が記録されます。"),
    ("aws mq update-broker --broker-id ID --logs General=true",
     "aws mq update-broker --broker-id ID --logs General=true を実行してください。"),
    Severity.LOW, shows=lambda v: (v or {}).get("General", False)), __name__)

setting_check(Setting(
    "aws.mq.broker_auto_minor_version_upgrade", ("aws.mq.broker",), "AutoMinorVersionUpgrade",
    lambda v, r: bool(v),
    ("Amazon MQ broker takes minor version upgrades automatically", "Amazon MQ ブローカーがマイナーバージョンアップグレードを自動で適用する"),
    ("Minor engine versions bring security fixes in the maintenance window.",
     "マイナーエンジンバージョンにより、メンテナンスウィンドウでセキュリティ修正が適用されます。"),
    ("aws mq update-broker --broker-id ID --auto-minor-version-upgrade",
     "aws mq update-broker --broker-id ID --auto-minor-version-upgrade を実行してください。"),
    Severity.MEDIUM, ("MQ.3",)), __name__)

setting_check(Setting(
    "aws.mq.broker_encrypted_with_cmk", ("aws.mq.broker",), "EncryptionOptions",
    lambda v, r: (v or {}).get("UseAwsOwnedKey", True) is False,
    ("Amazon MQ broker encrypts data with a KMS key you control", "Amazon MQ ブローカーが管理可能な KMS キーでデータを暗号化する"),
    ("With an AWS-owned key nobody in the account can audit or revoke the key's use.",
     "AWS 所有キーでは、アカウント内の誰もキーの使用を監査・取り消しできません。"),
    ("Recreate the broker with EncryptionOptions UseAwsOwnedKey false and a KMS key (it cannot be changed in place).",
     "EncryptionOptions の UseAwsOwnedKey を false にし KMS キーを指定してブローカーを作り直してください（後から変更できません）。"),
    Severity.LOW, shows=lambda v: "UseAwsOwnedKey=true"), __name__)


def _deployment(r: Resource, engine: str, wanted: str) -> Result:
    actual = _engine(r)
    if actual != engine:
        return MSG.ok("other_engine", engine=actual)
    mode = str(need(r, "DeploymentMode"))
    return Result.ok() if mode == wanted else MSG.fail("single", engine=actual, mode=mode)


@check(id="aws.mq.activemq_broker_active_standby", resource_types=("aws.mq.broker",), severity=Severity.LOW,
       frameworks={"aws-fsbp": ["MQ.5"]},
       title=T("ActiveMQ broker uses active/standby deployment", "ActiveMQ ブローカーがアクティブ/スタンバイ構成である"),
       description=T("A single-instance broker is unavailable, and may lose messages, when its one Availability Zone fails.",
                     "単一インスタンスのブローカーは、その 1 つのアベイラビリティーゾーンの障害で停止し、メッセージを失う可能性があります。"),
       remediation=T("Recreate the broker with deployment mode ACTIVE_STANDBY_MULTI_AZ.",
                     "デプロイモード ACTIVE_STANDBY_MULTI_AZ でブローカーを作り直してください。"))
def activemq_broker_active_standby(r: Resource) -> Result:
    return _deployment(r, "ACTIVEMQ", "ACTIVE_STANDBY_MULTI_AZ")


@check(id="aws.mq.rabbitmq_broker_cluster_deployment", resource_types=("aws.mq.broker",), severity=Severity.LOW,
       frameworks={"aws-fsbp": ["MQ.6"]},
       title=T("RabbitMQ broker uses cluster deployment", "RabbitMQ ブローカーがクラスター構成である"),
       description=T("A single-instance broker is unavailable, and may lose messages, when its one node fails.",
                     "単一インスタンスのブローカーは、その 1 つのノードの障害で停止し、メッセージを失う可能性があります。"),
       remediation=T("Recreate the broker with deployment mode CLUSTER_MULTI_AZ.",
                     "デプロイモード CLUSTER_MULTI_AZ でブローカーを作り直してください。"))
def rabbitmq_broker_cluster_deployment(r: Resource) -> Result:
    return _deployment(r, "RABBITMQ", "CLUSTER_MULTI_AZ")


# Amazon MQ's version support calendar (Amazon MQ Developer Guide, "Managing … engine versions",
# read 2026-12): the day each minor version's support ends.  A version newer than the table is
# supported; one older than its oldest row ended earlier still.
END_OF_SUPPORT: dict[str, dict[tuple[int, int], date]] = {
    "ACTIVEMQ": {(5, 15): date(2024, 9, 16), (5, 16): date(2024, 11, 15), (5, 17): date(2025, 6, 16)},
    "RABBITMQ": {(3, 9): date(2024, 9, 16), (3, 10): date(2024, 10, 15), (3, 11): date(2025, 2, 17),
                 (3, 12): date(2025, 3, 17)},
}


@check(id="aws.mq.broker_engine_version_supported", resource_types=("aws.mq.broker",), severity=Severity.MEDIUM,
       needs_inventory=True,
       title=T("Amazon MQ broker runs an engine version Amazon MQ still supports",
               "Amazon MQ ブローカーが Amazon MQ のサポート中のエンジンバージョンで動作している"),
       description=T("After a version's end of support it gets no fixes, and Amazon MQ upgrades the broker in a "
                     "maintenance window of its choosing.",
                     "サポート終了後のバージョンには修正が提供されず、Amazon MQ が選んだメンテナンスウィンドウでブローカーが"
                     "アップグレードされます。"),
       remediation=T("aws mq update-broker --broker-id ID --engine-version VERSION (then reboot), or turn on automatic "
                     "minor version upgrades.",
                     "aws mq update-broker --broker-id ID --engine-version VERSION を実行して再起動するか、マイナーバージョン"
                     "の自動アップグレードを有効にしてください。"))
def broker_engine_version_supported(r: Resource, inventory: Inventory | None = None) -> Result:
    engine, version = _engine(r), str(need(r, "EngineVersion"))
    try:
        major, minor = (int(x) for x in version.split(".")[:2])
    except ValueError:
        return MSG.error("unknown_version", version=version)
    table = END_OF_SUPPORT.get(engine, {})
    if table and (major, minor) < min(table):
        return MSG.fail("version_too_old", engine=engine, version=version)
    end = table.get((major, minor))
    if end is None:
        return MSG.ok("version_supported", engine=engine, version=version)
    now = inventory.now if inventory is not None else None
    if now is None:
        return MSG.error("no_scan_time", end=end.isoformat())
    if end <= now.date():
        return MSG.fail("version_ended", engine=engine, version=version, end=end.isoformat())
    return MSG.ok("version_supported", engine=engine, version=version)
