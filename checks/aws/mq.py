"""Amazon MQ broker checks."""

from __future__ import annotations

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
