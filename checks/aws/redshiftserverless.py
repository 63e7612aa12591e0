"""Redshift Serverless workgroups (network exposure, routing, TLS) and namespaces (KMS key, admin
user, audit log exports)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

WG, NS = ("aws.redshiftserverless.workgroup",), ("aws.redshiftserverless.namespace",)


def _param(params: Any, key: str) -> str:
    for p in params or []:
        if isinstance(p, dict) and p.get("parameterKey") == key:
            return str(p.get("parameterValue", "")).lower()
    return ""


setting_check(Setting(
    "aws.redshiftserverless.workgroup_not_publicly_accessible", WG, "publiclyAccessible",
    lambda v, r: not v,
    ("Redshift Serverless workgroup is not publicly accessible", "Redshift Serverless ワークグループがパブリックアクセス可能でない"),
    ("A publicly accessible workgroup gets an Elastic IP reachable from outside its VPC.",
     "パブリックアクセス可能なワークグループには、VPC の外から到達できる Elastic IP が付きます。"),
    ("aws redshift-serverless update-workgroup --workgroup-name NAME --no-publicly-accessible",
     "aws redshift-serverless update-workgroup --workgroup-name NAME --no-publicly-accessible を実行してください。"),
    Severity.HIGH, ("RedshiftServerless.3",)), __name__)

setting_check(Setting(
    "aws.redshiftserverless.workgroup_enhanced_vpc_routing", WG, "enhancedVpcRouting",
    lambda v, r: bool(v),
    ("Redshift Serverless workgroup uses enhanced VPC routing", "Redshift Serverless ワークグループで拡張 VPC ルーティングが有効"),
    ("COPY and UNLOAD traffic then stays in the VPC, where security groups, endpoint policies and flow logs apply.",
     "COPY と UNLOAD の通信が VPC 内にとどまり、セキュリティグループ・エンドポイントポリシー・フローログが適用されます。"),
    ("aws redshift-serverless update-workgroup --workgroup-name NAME --enhanced-vpc-routing",
     "aws redshift-serverless update-workgroup --workgroup-name NAME --enhanced-vpc-routing を実行してください。"),
    Severity.HIGH, ("RedshiftServerless.1",)), __name__)

setting_check(Setting(
    "aws.redshiftserverless.workgroup_requires_ssl", WG, "configParameters",
    lambda v, r: _param(v, "require_ssl") == "true",
    ("Redshift Serverless workgroup requires SSL connections", "Redshift Serverless ワークグループが SSL 接続を必須にしている"),
    ("With require_ssl false, clients may connect and send queries and results in clear text.",
     "require_ssl が false だと、クライアントが平文で接続し、クエリと結果を送受信できます。"),
    ("Set the workgroup's config parameter require_ssl to true (update-workgroup --config-parameters).",
     "ワークグループの設定パラメータ require_ssl を true にしてください（update-workgroup --config-parameters）。"),
    Severity.MEDIUM, ("RedshiftServerless.2",), shows=lambda v: _param(v, "require_ssl") or "unset"), __name__)

setting_check(Setting(
    "aws.redshiftserverless.namespace_encrypted_with_cmk", NS, "kmsKeyId",
    lambda v, r: bool(v) and str(v) != "AWS_OWNED_KMS_KEY",
    ("Redshift Serverless namespace is encrypted with a customer managed KMS key",
     "Redshift Serverless 名前空間がカスタマー管理の KMS キーで暗号化されている"),
    ("With your own key you control its policy, rotation and who may decrypt the namespace's data.",
     "独自のキーを使うと、キーポリシー・ローテーション・名前空間のデータを復号できる人を自分で管理できます。"),
    ("aws redshift-serverless update-namespace --namespace-name NAME --kms-key-id KEY",
     "aws redshift-serverless update-namespace --namespace-name NAME --kms-key-id KEY を実行してください。"),
    Severity.MEDIUM, ("RedshiftServerless.4",)), __name__)

setting_check(Setting(
    "aws.redshiftserverless.namespace_no_default_admin_user", NS, "adminUsername",
    lambda v, r: str(v) != "admin",
    ("Redshift Serverless namespace does not use the default admin user name",
     "Redshift Serverless 名前空間が既定の管理者ユーザー名を使っていない"),
    ("'admin' is the first name a password-guessing attack tries.",
     "'admin' はパスワード推測攻撃が最初に試す名前です。"),
    ("Change the admin user name and password together (update-namespace --admin-username ... --admin-user-password ...).",
     "管理者ユーザー名とパスワードを同時に変更してください（update-namespace --admin-username ... --admin-user-password ...）。"),
    Severity.MEDIUM, ("RedshiftServerless.5",)), __name__)

setting_check(Setting(
    "aws.redshiftserverless.namespace_audit_logs_exported", NS, "logExports",
    lambda v, r: {"connectionlog", "userlog"} <= set(v or []),
    ("Redshift Serverless namespace exports connection and user logs", "Redshift Serverless 名前空間が接続ログとユーザーログをエクスポートする"),
    ("Connection and user logs in CloudWatch Logs record who connected and what accounts changed.",
     "CloudWatch Logs の接続ログとユーザーログには、誰が接続し、どのアカウントが変更されたかが記録されます。"),
    ("aws redshift-serverless update-namespace --namespace-name NAME --log-exports connectionlog userlog useractivitylog",
     "aws redshift-serverless update-namespace --namespace-name NAME --log-exports connectionlog userlog useractivitylog "
     "を実行してください。"),
    Severity.MEDIUM, ("RedshiftServerless.6",), shows=lambda v: ", ".join(v or []) or "none"), __name__)
