"""MSK clusters: encryption in transit, public brokers, authentication."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.settings_common import Setting, setting_check
from checks.common import T


def _in_transit(info: Any) -> bool:
    """Client-broker TLS only (the API's default) and in-cluster encryption on (its default)."""
    eit = (info or {}).get("EncryptionInTransit") or {}
    return eit.get("ClientBroker", "TLS") == "TLS" and eit.get("InCluster", True) is not False

setting_check(Setting(
    'aws.kafka.cluster_encrypted_in_transit', ("aws.kafka.cluster",), 'EncryptionInfo',
    lambda v, r: bool(r.data.get("Serverless")) or _in_transit(v),
    ('MSK cluster encrypts traffic in transit', 'MSK クラスターが転送中の通信を暗号化している'),
    ('Client-broker traffic is TLS only and traffic between brokers is encrypted.',
     'クライアントとブローカー間は TLS のみ、ブローカー間の通信も暗号化されていること。'),
    ("Update the cluster's security settings to ClientBroker TLS (in-cluster encryption is set at creation).",
     'クラスターのセキュリティ設定を ClientBroker TLS に更新してください（クラスター内の暗号化は作成時に決まります）。'),
    Severity.HIGH, ('MSK.1',)), __name__)

setting_check(Setting(
    'aws.kafka.cluster_not_public', ("aws.kafka.cluster",), 'PublicAccess',
    lambda v, r: str((v or {}).get("Type", "DISABLED")) == "DISABLED",
    ('MSK cluster brokers are not publicly accessible', 'MSK クラスターのブローカーがパブリックアクセス可能でない'),
    ('Public access gives every broker an internet endpoint.',
     'パブリックアクセスにより、すべてのブローカーがインターネットエンドポイントを持ちます。'),
    ('Turn public access off (update-connectivity PublicAccess Type=DISABLED).',
     'パブリックアクセスを無効にしてください（update-connectivity で PublicAccess Type=DISABLED）。'),
    Severity.HIGH, ('MSK.4',)), __name__)

setting_check(Setting(
    'aws.kafka.cluster_requires_authentication', ("aws.kafka.cluster",), 'ClientAuthentication',
    lambda v, r: r.data.get("Serverless") or not ((v or {}).get("Unauthenticated") or {}).get("Enabled", not ((v or {}).get("Sasl") or (v or {}).get("Tls"))),
    ('MSK cluster does not accept unauthenticated clients', 'MSK クラスターが未認証のクライアントを受け付けない'),
    ('With unauthenticated access any client reaching a broker may produce and consume.',
     '未認証アクセスが有効だと、ブローカーに到達できる任意のクライアントが読み書きできます。'),
    ('Enable IAM, SASL/SCRAM or mutual-TLS authentication and turn unauthenticated access off.',
     'IAM・SASL/SCRAM・相互 TLS のいずれかの認証を有効にし、未認証アクセスを無効にしてください。'),
    Severity.HIGH, ('MSK.6',)), __name__)

setting_check(Setting(
    'aws.kafka.cluster_enhanced_monitoring', ("aws.kafka.cluster",), 'EnhancedMonitoring',
    lambda v, r: bool(r.data.get("Serverless")) or str(v) != "DEFAULT",
    ('MSK cluster has enhanced monitoring', 'MSK クラスターで拡張モニタリングが有効'),
    ('Per-broker (or finer) metrics show disk, network and partition trouble before brokers fail.',
     'ブローカー単位以上の詳細なメトリクスにより、ブローカーが障害になる前にディスク・ネットワーク・パーティションの問題が分かります。'),
    ('aws kafka update-monitoring --cluster-arn ARN --current-version V --enhanced-monitoring PER_BROKER',
     'aws kafka update-monitoring --cluster-arn ARN --current-version V --enhanced-monitoring PER_BROKER を実行してください。'),
    Severity.LOW, ('MSK.2',)), __name__)


def _broker_logs_on(info: Any) -> bool:
    logs = (info or {}).get("BrokerLogs") or {}
    return any(isinstance(d, dict) and d.get("Enabled") for d in logs.values())


setting_check(Setting(
    'aws.kafka.cluster_broker_logging_enabled', ("aws.kafka.cluster",), 'LoggingInfo',
    lambda v, r: bool(r.data.get("Serverless")) or _broker_logs_on(v),
    ('MSK cluster delivers broker logs', 'MSK クラスターがブローカーログを配信する'),
    ('Broker logs (to CloudWatch Logs, S3 or Firehose) record authentication failures and errors on every broker.',
     'ブローカーログ（CloudWatch Logs・S3・Firehose 宛て）には、各ブローカーの認証失敗やエラーが記録されます。'),
    ('aws kafka update-monitoring --cluster-arn ARN --current-version V --logging-info BrokerLogs={CloudWatchLogs={Enabled=true,LogGroup=G}}',
     'aws kafka update-monitoring --cluster-arn ARN --current-version V --logging-info '
     'BrokerLogs={CloudWatchLogs={Enabled=true,LogGroup=G}} を実行してください。'),
    Severity.MEDIUM, shows=lambda v: "off"), __name__)


MSG = Messages("aws.kafka", {
    "serverless": ("serverless clusters are encrypted with keys AWS manages", "サーバーレスクラスターは AWS が管理するキーで暗号化されます"),
    "aws_managed": ("the data volumes use the AWS managed key (aws/kafka)", "データボリュームは AWS マネージドキー（aws/kafka）を使っています"),
    "not_customer_key": ("{key} is not a customer managed key of this account", "{key} はこのアカウントのカスタマー管理キーではありません"),
    "customer_key": ("encrypted with {key}", "{key} で暗号化されています"),
    "foreign_key": ("encrypted with a key of account {account}", "アカウント {account} のキーで暗号化されています"),
})


@check(id="aws.kafka.cluster_encrypted_at_rest_with_cmk", resource_types=("aws.kafka.cluster",), severity=Severity.LOW,
       needs_inventory=True, inputs=("aws.kms.key",),
       title=T("MSK cluster encrypts data at rest with a customer managed KMS key",
               "MSK クラスターが保存データをカスタマー管理の KMS キーで暗号化している"),
       description=T("With your own key you control its policy and rotation and can revoke access to the brokers' "
                     "data volumes; the default aws/kafka key gives no such control.",
                     "独自のキーを使うと、キーポリシーとローテーションを管理し、ブローカーのデータボリュームへのアクセスを取り消せます。"
                     "既定の aws/kafka キーではそれができません。"),
       remediation=T("Create the cluster with EncryptionAtRest DataVolumeKMSKeyId set to a customer managed key (it cannot "
                     "be changed on an existing cluster).",
                     "EncryptionAtRest の DataVolumeKMSKeyId にカスタマー管理キーを指定してクラスターを作成してください"
                     "（既存のクラスターでは変更できません）。"))
def cluster_encrypted_at_rest_with_cmk(r: Resource, inventory: Inventory | None = None) -> Result:
    if r.data.get("Serverless"):
        return MSG.ok("serverless")
    key = str(((need(r, "EncryptionInfo") or {}).get("EncryptionAtRest") or {}).get("DataVolumeKMSKeyId") or "")
    if not key:
        return MSG.fail("aws_managed")
    parts = key.split(":")
    if len(parts) > 4 and parts[4] and parts[4] != r.account:
        return MSG.ok("foreign_key", account=parts[4])  # AWS managed keys live in the cluster's own account
    found = inventory.get(key) if inventory is not None else None
    # The KMS collector keeps customer managed keys only: a key of this account it does not hold is AWS managed.
    if found is not None and found.type == "aws.kms.key":
        return MSG.ok("customer_key", key=found.name)
    return MSG.fail("not_customer_key", key=key)
