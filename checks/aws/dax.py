"""DynamoDB Accelerator (DAX) cluster checks: encryption at rest and of the cluster endpoint."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check, sub

CLUSTER = ("aws.dax.cluster",)

setting_check(Setting(
    "aws.dax.cluster_encrypted_at_rest", CLUSTER, "SSEDescription", lambda v, r: sub("Status")(v) in ("ENABLED", "ENABLING"),
    ("DAX cluster is encrypted at rest", "DAX クラスターが保存時に暗号化されている"),
    ("Without server-side encryption the cached items, logs and configuration on the nodes' disks are plaintext.",
     "サーバー側の暗号化がないと、ノードのディスク上のキャッシュ項目・ログ・設定が平文になります。"),
    ("Encryption at rest is chosen at creation: create a cluster with SSESpecification Enabled=true and move clients to it.",
     "保存時の暗号化は作成時に決まるため、SSESpecification Enabled=true のクラスターを作成してクライアントを移してください。"),
    Severity.MEDIUM, ("DynamoDB.3",), shows=sub("Status", "DISABLED")), __name__)

setting_check(Setting(
    "aws.dax.cluster_encrypted_in_transit", CLUSTER, "ClusterEndpointEncryptionType", lambda v, r: v == "TLS",
    ("DAX cluster endpoint encrypts traffic in transit", "DAX クラスターのエンドポイントが通信を暗号化している"),
    ("With encryption type NONE, queries and the items they return cross the network in clear.",
     "暗号化タイプが NONE だと、クエリと返される項目が平文でネットワークを通ります。"),
    ("The endpoint encryption is chosen at creation: create a cluster with ClusterEndpointEncryptionType TLS.",
     "エンドポイントの暗号化は作成時に決まるため、ClusterEndpointEncryptionType を TLS にしたクラスターを作成してください。"),
    Severity.MEDIUM, ("DynamoDB.7",), shows=lambda v: v or "NONE"), __name__)
