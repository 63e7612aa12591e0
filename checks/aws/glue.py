"""AWS Glue: Data Catalog encryption, connections over TLS, and the security configurations jobs
and dev endpoints run with (the collector resolves each one's EncryptionConfiguration)."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.policies import cross_account_result, cross_account_texts, public_policy_result, public_texts
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

MSG = Messages("aws.glue", {
    "no_config": ("no security configuration is attached", "セキュリティ設定がアタッチされていません"),
    "mode": ("{what} encryption mode is {mode}", "{what} の暗号化モードは {mode} です"),
    "tls_off": ("{prop} is not true on this {type} connection", "この {type} 接続では {prop} が true ではありません"),
    "not_applicable": ("{type} connections have no TLS switch", "{type} 接続には TLS の設定項目がありません"),
    "old_version": ("Glue version {version} is earlier than 3.0", "Glue バージョン {version} は 3.0 より古いです"),
    "no_version": ("the job does not set GlueVersion", "ジョブに GlueVersion が設定されていません"),
    "not_spark": ("{command} jobs are not Spark jobs", "{command} ジョブは Spark ジョブではありません"),
})

setting_check(Setting(
    "aws.glue.data_catalog_encrypted_at_rest", ("aws.glue.data_catalog",), "DataCatalogEncryptionSettings",
    lambda v, r: ((v or {}).get("EncryptionAtRest") or {}).get("CatalogEncryptionMode") in ("SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"),
    ("Glue Data Catalog metadata is encrypted at rest", "Glue データカタログのメタデータが保存時に暗号化されている"),
    ("Databases, tables and partitions in the catalog are encrypted with a KMS key.",
     "カタログのデータベース・テーブル・パーティションが KMS キーで暗号化されていること。"),
    ("Glue console > Data Catalog settings: turn on metadata encryption with a KMS key "
     "(aws glue put-data-catalog-encryption-settings).",
     "Glue コンソールのデータカタログ設定で KMS キーによるメタデータ暗号化を有効にしてください"
     "（aws glue put-data-catalog-encryption-settings）。"),
    Severity.MEDIUM, shows=lambda v: ((v or {}).get("EncryptionAtRest") or {}).get("CatalogEncryptionMode", "DISABLED")), __name__)

setting_check(Setting(
    "aws.glue.data_catalog_connection_passwords_encrypted", ("aws.glue.data_catalog",), "DataCatalogEncryptionSettings",
    lambda v, r: bool(((v or {}).get("ConnectionPasswordEncryption") or {}).get("ReturnConnectionPasswordEncrypted")),
    ("Glue Data Catalog encrypts connection passwords", "Glue データカタログが接続パスワードを暗号化している"),
    ("Without it, anyone allowed GetConnection reads the passwords of the catalog's connections in clear text.",
     "無効の場合、GetConnection を許可された誰もがカタログの接続パスワードを平文で読めます。"),
    ("Data Catalog settings: turn on connection password encryption with a KMS key.",
     "データカタログ設定で KMS キーによる接続パスワードの暗号化を有効にしてください。"),
    Severity.MEDIUM, shows=lambda v: ((v or {}).get("ConnectionPasswordEncryption") or {}).get("ReturnConnectionPasswordEncrypted", False)),
    __name__)

_TLS_SWITCH = {"JDBC": ("JDBC_ENFORCE_SSL", "false"), "KAFKA": ("KAFKA_SSL_ENABLED", "true")}


@check(id="aws.glue.connection_ssl_enforced", resource_types=("aws.glue.connection",), severity=Severity.MEDIUM,
       title=T("Glue JDBC and Kafka connections require TLS", "Glue の JDBC・Kafka 接続が TLS を必須にしている"),
       description=T("A JDBC connection without JDBC_ENFORCE_SSL, or a Kafka connection with KAFKA_SSL_ENABLED false, "
                     "may send data and credentials in clear text.",
                     "JDBC_ENFORCE_SSL のない JDBC 接続や KAFKA_SSL_ENABLED が false の Kafka 接続は、データと認証情報を"
                     "平文で送る可能性があります。"),
       remediation=T("Edit the connection and turn on 'Require SSL connection' (JDBC_ENFORCE_SSL=true) or SSL for Kafka.",
                     "接続を編集し「SSL 接続を必須にする」（JDBC_ENFORCE_SSL=true）または Kafka の SSL を有効にしてください。"))
def connection_ssl_enforced(r: Resource) -> Result:
    ctype = str(need(r, "ConnectionType"))
    if ctype not in _TLS_SWITCH:
        return MSG.ok("not_applicable", type=ctype)
    prop, default = _TLS_SWITCH[ctype]
    value = str((need(r, "ConnectionProperties") or {}).get(prop, default)).lower()
    return Result.ok() if value == "true" else MSG.fail("tls_off", prop=prop, type=ctype)


def _encryption(r: Resource) -> Any:
    """The job's security configuration's EncryptionConfiguration, or None (none attached)."""
    return need(r, "SecurityConfigurationEncryption")


def _mode(block: Any, key: str) -> str:
    items = block if isinstance(block, list) else [block] if isinstance(block, dict) else []
    modes = [str(i.get(key, "DISABLED")) for i in items if isinstance(i, dict)] or ["DISABLED"]
    return next((m for m in modes if m != "DISABLED"), "DISABLED")


def _encryption_check(id_: str, rtype: str, what: tuple[str, str], what_ja: tuple[str, str], block: str, key: str) -> None:
    @check(id=id_, resource_types=(rtype,), severity=Severity.MEDIUM, frameworks=None,
           title=T(f"Glue {what[0]} encrypts {what[1]}", f"Glue {what_ja[0]}が{what_ja[1]}を暗号化している"),
           description=T(f"The security configuration the {what[0]} runs with turns on {what[1]} encryption.",
                         f"{what_ja[0]}が使うセキュリティ設定で{what_ja[1]}の暗号化が有効であること。"),
           remediation=T(f"Attach a security configuration with {what[1]} encryption (SSE-KMS) to the {what[0]}.",
                         f"{what_ja[1]}の暗号化（SSE-KMS）を有効にしたセキュリティ設定を{what_ja[0]}にアタッチしてください。"))
    def evaluate(r: Resource) -> Result:
        enc = _encryption(r)
        if enc is None:
            return MSG.fail("no_config")
        mode = _mode(enc.get(block), key)
        return Result.ok() if mode != "DISABLED" else MSG.fail("mode", what=block, mode=mode)

    evaluate.__name__ = evaluate.__qualname__ = id_.rsplit(".", 1)[1]
    evaluate.__module__ = __name__


for _rt, _what, _ja in (("aws.glue.job", "job", "ジョブ"), ("aws.glue.dev_endpoint", "dev_endpoint", "開発エンドポイント")):
    _encryption_check(f"aws.glue.{_what}_s3_encryption_enabled", _rt, (_what.replace("_", " "), "data written to S3"),
                      (_ja, "S3 に書き込むデータ"), "S3Encryption", "S3EncryptionMode")
    _encryption_check(f"aws.glue.{_what}_cloudwatch_logs_encrypted", _rt, (_what.replace("_", " "), "its CloudWatch logs"),
                      (_ja, "CloudWatch ログ"), "CloudWatchEncryption", "CloudWatchEncryptionMode")
_encryption_check("aws.glue.job_bookmarks_encrypted", "aws.glue.job", ("job", "its job bookmarks"),
                  ("ジョブ", "ジョブブックマーク"), "JobBookmarksEncryption", "JobBookmarksEncryptionMode")


@check(id="aws.glue.job_uses_security_configuration", resource_types=("aws.glue.job",), severity=Severity.MEDIUM,
       title=T("Glue job runs with a security configuration", "Glue ジョブがセキュリティ設定を使って実行される"),
       description=T("Without a security configuration a job's S3 output, logs and bookmarks use no encryption of its own.",
                     "セキュリティ設定がないと、ジョブの S3 出力・ログ・ブックマークは独自の暗号化なしで扱われます。"),
       remediation=T("Create a security configuration and set it on the job (SecurityConfiguration).",
                     "セキュリティ設定を作成し、ジョブに設定してください（SecurityConfiguration）。"))
def job_uses_security_configuration(r: Resource) -> Result:
    return MSG.fail("no_config") if _encryption(r) is None else Result.ok()


@check(id="aws.glue.job_supported_glue_version", resource_types=("aws.glue.job",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Glue.4"]},
       title=T("Glue Spark job runs on a supported Glue version", "Glue Spark ジョブがサポート対象の Glue バージョンで動作する"),
       description=T("Spark jobs on Glue versions before 3.0 run on runtimes that no longer receive security updates.",
                     "Glue 3.0 より前のバージョンで動く Spark ジョブは、セキュリティ更新が提供されないランタイムで動作します。"),
       remediation=T("Migrate the job to Glue 4.0 or later and set GlueVersion.",
                     "ジョブを Glue 4.0 以降に移行し、GlueVersion を設定してください。"))
def job_supported_glue_version(r: Resource) -> Result:
    command = str((need(r, "Command") or {}).get("Name", ""))
    if command not in ("glueetl", "gluestreaming"):
        return MSG.ok("not_spark", command=command or "unknown")
    version = r.data.get("GlueVersion")
    if not version:
        return MSG.fail("no_version")
    try:
        major = float(str(version))
    except ValueError:
        major = 0.0
    return Result.ok() if major >= 3.0 else MSG.fail("old_version", version=version)


setting_check(Setting(
    "aws.glue.dev_endpoint_in_vpc", ("aws.glue.dev_endpoint",), "SubnetId",
    lambda v, r: bool(v) and not r.data.get("PublicAddress"),
    ("Glue dev endpoint runs inside a VPC", "Glue 開発エンドポイントが VPC 内で動作する"),
    ("A dev endpoint created without a subnet gets a public address reachable over SSH from the internet.",
     "サブネットなしで作成した開発エンドポイントには、インターネットから SSH で到達できるパブリックアドレスが付きます。"),
    ("Recreate the dev endpoint in a private subnet with security groups (dev endpoints cannot be moved).",
     "セキュリティグループ付きのプライベートサブネットで開発エンドポイントを作り直してください（移動はできません）。"),
    Severity.HIGH, shows=lambda v: v or "none"), __name__)

setting_check(Setting(
    "aws.glue.ml_transform_encrypted", ("aws.glue.ml_transform",), "TransformEncryption",
    lambda v, r: ((v or {}).get("MlUserDataEncryption") or {}).get("MlUserDataEncryptionMode") == "SSE-KMS",
    ("Glue machine-learning transform encrypts user data at rest", "Glue 機械学習変換がユーザーデータを保存時に暗号化している"),
    ("The labels and training data of the transform are encrypted with a KMS key.",
     "変換のラベルと学習データが KMS キーで暗号化されていること。"),
    ("Update the transform with TransformEncryption MlUserDataEncryptionMode SSE-KMS and a KMS key.",
     "変換の TransformEncryption で MlUserDataEncryptionMode を SSE-KMS にし、KMS キーを指定してください。"),
    Severity.MEDIUM, ("Glue.3",),
    shows=lambda v: ((v or {}).get("MlUserDataEncryption") or {}).get("MlUserDataEncryptionMode", "DISABLED")), __name__)


def _catalog_policy(r: Resource) -> Any:
    return readable(need(r, "Policy"), "Policy")


@check(id="aws.glue.data_catalog_policy_not_public", resource_types=("aws.glue.data_catalog",), severity=Severity.HIGH,
       **public_texts("Glue Data Catalog", "Glue データカタログ"))
def data_catalog_policy_not_public(r: Resource) -> Result:
    return public_policy_result(_catalog_policy(r))


@check(id="aws.glue.data_catalog_not_shared_cross_account", resource_types=("aws.glue.data_catalog",), severity=Severity.MEDIUM,
       needs_inventory=True, **cross_account_texts("Glue Data Catalog", "Glue データカタログ"))
def data_catalog_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return cross_account_result(_catalog_policy(r), r, inventory)
