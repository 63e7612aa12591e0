"""OpenSearch domain: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts, public_policy_result, public_texts
from checks.aws.settings_common import Setting, setting_check


def _domain_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.opensearch.domain_policy_not_public", resource_types=("aws.opensearch.domain",), severity=Severity.CRITICAL,
       **public_texts("OpenSearch domain", "OpenSearch ドメイン"))
def domain_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_domain_policy(r))


@check(id="aws.opensearch.domain_not_shared_cross_account", resource_types=("aws.opensearch.domain",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("OpenSearch domain", "OpenSearch ドメイン"))
def domain_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_domain_policy(r), r, inventory)


setting_check(Setting(
    'aws.opensearch.domain_encrypted_at_rest', ("aws.opensearch.domain",), 'EncryptionAtRestOptions',
    lambda v, r: bool((v or {}).get("Enabled")),
    ('OpenSearch domain is encrypted at rest', 'OpenSearch ドメインが保存時に暗号化されている'),
    ('Indices, logs, swap files and automated snapshots are encrypted with KMS.',
     'インデックス・ログ・スワップファイル・自動スナップショットが KMS で暗号化されていること。'),
    ('Enable encryption at rest (aws opensearch update-domain-config --encryption-at-rest-options Enabled=true).',
     '保存時の暗号化を有効にしてください（aws opensearch update-domain-config --encryption-at-rest-options Enabled=true）。'),
    Severity.HIGH, ('Opensearch.1',)), __name__)

setting_check(Setting(
    'aws.opensearch.domain_in_vpc', ("aws.opensearch.domain",), 'VPCOptions',
    lambda v, r: bool((v or {}).get("VPCId") or (v or {}).get("SubnetIds")),
    ('OpenSearch domain is in a VPC', 'OpenSearch ドメインが VPC 内にある'),
    ('A domain outside a VPC has a public endpoint guarded only by its access policy.',
     'VPC 外のドメインは、アクセスポリシーだけで守られたパブリックエンドポイントを持ちます。'),
    ('Create the domain in private subnets (VPC access cannot be added to a public domain: migrate).',
     'プライベートサブネットにドメインを作成してください（パブリックドメインに VPC アクセスは追加できないため移行が必要です）。'),
    Severity.HIGH, ('Opensearch.2',)), __name__)

setting_check(Setting(
    'aws.opensearch.domain_node_to_node_encryption', ("aws.opensearch.domain",), 'NodeToNodeEncryptionOptions',
    lambda v, r: bool((v or {}).get("Enabled")),
    ('OpenSearch domain encrypts traffic between nodes', 'OpenSearch ドメインがノード間通信を暗号化している'),
    ('Node-to-node encryption protects data moving inside the cluster with TLS.',
     'ノード間暗号化は、クラスター内を移動するデータを TLS で保護します。'),
    ('Enable node-to-node encryption (update-domain-config --node-to-node-encryption-options Enabled=true).',
     'ノード間暗号化を有効にしてください（update-domain-config --node-to-node-encryption-options Enabled=true）。'),
    Severity.MEDIUM, ('Opensearch.3',)), __name__)

setting_check(Setting(
    'aws.opensearch.domain_https_required', ("aws.opensearch.domain",), 'DomainEndpointOptions',
    lambda v, r: bool((v or {}).get("EnforceHTTPS")),
    ('OpenSearch domain requires HTTPS', 'OpenSearch ドメインが HTTPS を必須にしている'),
    ('Without EnforceHTTPS the endpoint answers plain HTTP, sending credentials and data in clear.',
     'EnforceHTTPS がないとエンドポイントが平文の HTTP に応答し、認証情報やデータが平文で送られます。'),
    ('Set DomainEndpointOptions EnforceHTTPS=true and TLSSecurityPolicy Policy-Min-TLS-1-2-2019-07.',
     'DomainEndpointOptions で EnforceHTTPS=true と TLSSecurityPolicy Policy-Min-TLS-1-2-2019-07 を設定してください。'),
    Severity.MEDIUM), __name__)

setting_check(Setting(
    'aws.opensearch.domain_tls_1_2_minimum', ("aws.opensearch.domain",), 'DomainEndpointOptions',
    lambda v, r: "TLS-1-2" in str((v or {}).get("TLSSecurityPolicy", "")),
    ('OpenSearch domain accepts TLS 1.2 or later only', 'OpenSearch ドメインが TLS 1.2 以降のみを受け付ける'),
    ('Older TLS policies still accept TLS 1.0 and 1.1.',
     '古い TLS ポリシーは TLS 1.0 と 1.1 をまだ受け付けます。'),
    ('Set TLSSecurityPolicy to Policy-Min-TLS-1-2-2019-07 (or the PFS policy).',
     'TLSSecurityPolicy を Policy-Min-TLS-1-2-2019-07（または PFS ポリシー）にしてください。'),
    Severity.MEDIUM, ()), __name__)

setting_check(Setting(
    'aws.opensearch.domain_fine_grained_access_control', ("aws.opensearch.domain",), 'AdvancedSecurityOptions',
    lambda v, r: bool((v or {}).get("Enabled")),
    ('OpenSearch domain uses fine-grained access control', 'OpenSearch ドメインできめ細かなアクセス制御が有効'),
    ('Fine-grained access control adds users, roles and index/document-level permissions in front of the data.',
     'きめ細かなアクセス制御により、データの前にユーザー・ロール・インデックス/ドキュメント単位の権限が加わります。'),
    ('Enable AdvancedSecurityOptions (fine-grained access control) with an IAM or internal master user.',
     'IAM または内部マスターユーザーで AdvancedSecurityOptions（きめ細かなアクセス制御）を有効にしてください。'),
    Severity.MEDIUM, ('Opensearch.7',)), __name__)

setting_check(Setting(
    'aws.opensearch.domain_audit_logging_enabled', ("aws.opensearch.domain",), 'LogPublishingOptions',
    lambda v, r: bool(((v or {}).get("AUDIT_LOGS") or {}).get("Enabled")),
    ('OpenSearch domain publishes audit logs', 'OpenSearch ドメインが監査ログを発行している'),
    ('Audit logs record authentication and index access on the domain.',
     '監査ログには、ドメインでの認証とインデックスへのアクセスが記録されます。'),
    ('Publish AUDIT_LOGS to a CloudWatch Logs group (fine-grained access control must be on).',
     'AUDIT_LOGS を CloudWatch Logs グループに発行してください（きめ細かなアクセス制御が必要です）。'),
    Severity.LOW, ('Opensearch.5',)), __name__)

setting_check(Setting(
    'aws.opensearch.domain_error_logging_enabled', ("aws.opensearch.domain",), 'LogPublishingOptions',
    lambda v, r: bool(((v or {}).get("ES_APPLICATION_LOGS") or {}).get("Enabled")),
    ('OpenSearch domain publishes error logs', 'OpenSearch ドメインがエラーログを発行している'),
    ('Application (error) logs are what an investigation of a failing or attacked domain starts from.',
     'アプリケーション（エラー）ログは、障害や攻撃を受けたドメインの調査の起点になります。'),
    ('Publish ES_APPLICATION_LOGS to a CloudWatch Logs group.',
     'ES_APPLICATION_LOGS を CloudWatch Logs グループに発行してください。'),
    Severity.LOW, ('Opensearch.4',)), __name__)

setting_check(Setting(
    'aws.opensearch.domain_three_data_nodes', ("aws.opensearch.domain",), 'ClusterConfig',
    lambda v, r: int((v or {}).get("InstanceCount") or 0) >= 3 and bool((v or {}).get("ZoneAwarenessEnabled")),
    ('OpenSearch domain has at least three data nodes across zones', 'OpenSearch ドメインに複数ゾーンにまたがる 3 つ以上のデータノードがある'),
    ('Three or more data nodes with zone awareness keep the domain available through a node or zone failure.',
     'ゾーン認識を有効にした 3 つ以上のデータノードにより、ノードやゾーンの障害でもドメインが利用できます。'),
    ('Set InstanceCount to 3 or more and enable ZoneAwareness.',
     'InstanceCount を 3 以上にし、ZoneAwareness を有効にしてください。'),
    Severity.LOW, ('Opensearch.6',)), __name__)
