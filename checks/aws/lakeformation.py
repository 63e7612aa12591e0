"""Lake Formation data lake settings: administrators named, and new databases and tables not
granted to IAM_ALLOWED_PRINCIPALS by default (which leaves access to IAM policies alone)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

SETTINGS = ("aws.lakeformation.data_lake_settings",)
IAM_ALLOWED = "IAM_ALLOWED_PRINCIPALS"


def _grants_iam_allowed(v: Any) -> bool:
    return any(((p or {}).get("Principal") or {}).get("DataLakePrincipalIdentifier") == IAM_ALLOWED for p in v or [])


setting_check(Setting(
    "aws.lakeformation.new_databases_not_granted_to_iam_allowed_principals", SETTINGS, "CreateDatabaseDefaultPermissions",
    lambda v, r: not _grants_iam_allowed(v),
    ("Lake Formation does not grant new databases to IAM_ALLOWED_PRINCIPALS",
     "Lake Formation が新しいデータベースを IAM_ALLOWED_PRINCIPALS に付与しない"),
    ("While new databases get ALL for IAM_ALLOWED_PRINCIPALS, Lake Formation permissions do not govern them: any "
     "IAM policy allowing Glue access reads them.",
     "新しいデータベースに IAM_ALLOWED_PRINCIPALS への ALL が付与される間は Lake Formation の権限が適用されず、Glue を許可する"
     "任意の IAM ポリシーで読めます。"),
    ("Lake Formation > Data Catalog settings: clear 'Use only IAM access control for new databases'.",
     "Lake Formation のデータカタログ設定で「新しいデータベースには IAM アクセス制御のみを使用する」を解除してください。"),
    Severity.MEDIUM, shows=lambda v: IAM_ALLOWED if _grants_iam_allowed(v) else "none"), __name__)

setting_check(Setting(
    "aws.lakeformation.new_tables_not_granted_to_iam_allowed_principals", SETTINGS, "CreateTableDefaultPermissions",
    lambda v, r: not _grants_iam_allowed(v),
    ("Lake Formation does not grant new tables to IAM_ALLOWED_PRINCIPALS",
     "Lake Formation が新しいテーブルを IAM_ALLOWED_PRINCIPALS に付与しない"),
    ("While new tables get ALL for IAM_ALLOWED_PRINCIPALS, Lake Formation permissions do not govern them.",
     "新しいテーブルに IAM_ALLOWED_PRINCIPALS への ALL が付与される間は、Lake Formation の権限が適用されません。"),
    ("Lake Formation > Data Catalog settings: clear 'Use only IAM access control for new tables in new databases'.",
     "Lake Formation のデータカタログ設定で「新しいデータベースの新しいテーブルには IAM アクセス制御のみを使用する」を解除してください。"),
    Severity.MEDIUM, shows=lambda v: IAM_ALLOWED if _grants_iam_allowed(v) else "none"), __name__)

setting_check(Setting(
    "aws.lakeformation.data_lake_admins_set", SETTINGS, "DataLakeAdmins",
    lambda v, r: bool(v),
    ("Lake Formation has data lake administrators", "Lake Formation にデータレイク管理者が設定されている"),
    ("Without an administrator nobody can grant Lake Formation permissions, so access falls back to IAM alone.",
     "管理者がいないと誰も Lake Formation の権限を付与できず、アクセス制御は IAM だけになります。"),
    ("Lake Formation > Administrative roles and tasks: add a data lake administrator (a role, not the root user).",
     "Lake Formation の「管理ロールとタスク」でデータレイク管理者（ルートユーザーではなくロール）を追加してください。"),
    Severity.LOW, shows=lambda v: "none"), __name__)
