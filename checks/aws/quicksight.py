"""QuickSight: the account's sharing and protection settings; data sources over TLS and private
network paths."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

MSG = Messages("aws.quicksight", {
    "ssl_off": ("SSL is disabled for this {type} data source", "この {type} データソースでは SSL が無効です"),
    "no_vpc": ("the {type} data source connects without a VPC connection", "{type} データソースが VPC 接続なしで接続しています"),
    "not_applicable": ("{type} data sources do not connect to a database host", "{type} データソースはデータベースホストに接続しません"),
})
ACCOUNT = ("aws.quicksight.account_settings",)
# Data source types that connect to a database host (SslProperties and VPC connections apply).
DATABASE_TYPES = frozenset({"AURORA", "AURORA_POSTGRESQL", "MARIADB", "MYSQL", "ORACLE", "POSTGRESQL", "PRESTO", "RDS",
                            "REDSHIFT", "SQLSERVER", "TERADATA", "SNOWFLAKE", "SPARK", "EXASOL", "DATABRICKS",
                            "STARBURST", "TRINO", "BIGQUERY"})
PRIVATE_CAPABLE = DATABASE_TYPES - {"SNOWFLAKE", "BIGQUERY", "DATABRICKS"}

setting_check(Setting(
    "aws.quicksight.account_public_sharing_disabled", ACCOUNT, "PublicSharingEnabled",
    lambda v, r: not v,
    ("QuickSight account does not allow public sharing of dashboards", "QuickSight アカウントがダッシュボードの公開共有を許可していない"),
    ("With public sharing on, authors can share dashboards with anyone on the internet, without sign-in.",
     "公開共有が有効だと、作成者はサインインなしでインターネット上の誰とでもダッシュボードを共有できます。"),
    ("aws quicksight update-public-sharing-settings --aws-account-id ID --no-public-sharing-enabled",
     "aws quicksight update-public-sharing-settings --aws-account-id ID --no-public-sharing-enabled を実行してください。"),
    Severity.HIGH), __name__)

setting_check(Setting(
    "aws.quicksight.account_termination_protection_enabled", ACCOUNT, "TerminationProtectionEnabled",
    lambda v, r: bool(v),
    ("QuickSight account has termination protection on", "QuickSight アカウントで削除保護が有効"),
    ("Without it, one API call unsubscribes the account and deletes every dashboard, analysis and data set.",
     "無効の場合、API 呼び出し 1 回でサブスクリプションが解除され、すべてのダッシュボード・分析・データセットが削除されます。"),
    ("aws quicksight update-account-settings --aws-account-id ID --default-namespace default --termination-protection-enabled",
     "aws quicksight update-account-settings --aws-account-id ID --default-namespace default "
     "--termination-protection-enabled を実行してください。"),
    Severity.MEDIUM), __name__)


@check(id="aws.quicksight.data_source_ssl_enabled", resource_types=("aws.quicksight.data_source",), severity=Severity.MEDIUM,
       title=T("QuickSight data source connects over SSL", "QuickSight データソースが SSL で接続する"),
       description=T("A database data source with SSL disabled sends queries, results and credentials in clear text.",
                     "SSL を無効にしたデータベースのデータソースは、クエリ・結果・認証情報を平文で送ります。"),
       remediation=T("Edit the data source and clear 'Disable SSL' (SslProperties DisableSsl false).",
                     "データソースを編集し「SSL を無効化」を解除してください（SslProperties の DisableSsl を false）。"))
def data_source_ssl_enabled(r: Resource) -> Result:
    dtype = str(need(r, "Type"))
    if dtype not in DATABASE_TYPES:
        return MSG.ok("not_applicable", type=dtype)
    return MSG.fail("ssl_off", type=dtype) if (r.data.get("SslProperties") or {}).get("DisableSsl") else Result.ok()


@check(id="aws.quicksight.data_source_uses_vpc_connection", resource_types=("aws.quicksight.data_source",),
       severity=Severity.LOW,
       title=T("QuickSight database data source connects through a VPC connection",
               "QuickSight のデータベースデータソースが VPC 接続を経由する"),
       description=T("Without a VPC connection QuickSight reaches the database over its public endpoint, which must then "
                     "accept connections from QuickSight's public address range.",
                     "VPC 接続がないと QuickSight はパブリックエンドポイント経由でデータベースに接続し、データベースは QuickSight の"
                     "パブリック IP 範囲からの接続を受け付ける必要があります。"),
       remediation=T("Create a QuickSight VPC connection in the database's VPC and set it on the data source.",
                     "データベースの VPC に QuickSight の VPC 接続を作成し、データソースに設定してください。"))
def data_source_uses_vpc_connection(r: Resource) -> Result:
    dtype = str(need(r, "Type"))
    if dtype not in PRIVATE_CAPABLE:
        return MSG.ok("not_applicable", type=dtype)
    vpc = (r.data.get("VpcConnectionProperties") or {}).get("VpcConnectionArn")
    return Result.ok() if vpc else MSG.fail("no_vpc", type=dtype)
