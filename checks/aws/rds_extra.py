"""RDS instance checks beyond public access/encryption/backups: upgrades, resilience, IAM auth."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T

DB = ("aws.rds.db_instance",)

MSG = Messages("aws.rds_extra", {
    "minor_upgrades_off": ("automatic minor upgrades are off", "自動マイナーバージョンアップグレードが無効です"),
    "aurora_availability": ("Aurora: availability is set on the cluster", "Aurora: 可用性はクラスター側で設定されます"),
    "single_az": ("single-AZ deployment", "シングル AZ 構成です"),
    "aurora_deletion": ("Aurora: deletion protection is set on the cluster",
                        "Aurora: 削除保護はクラスター側で設定されます"),
    "deletion_off": ("deletion protection is off", "削除保護が無効です"),
    "iam_unsupported": ("{engine} does not support IAM authentication", "{engine} は IAM 認証をサポートしていません"),
    "iam_auth_off": ("IAM authentication is off", "IAM 認証が無効です"),
    "tags_not_copied": ("tags are not copied to snapshots", "タグがスナップショットにコピーされていません"),
})


def _aurora(r: Resource) -> bool:
    return bool(r.data.get("DBClusterIdentifier")) or str(r.data.get("Engine", "")).startswith("aurora")


@check(id="aws.rds.auto_minor_version_upgrade_enabled", resource_types=DB, severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["2.3.2"], "aws-fsbp": ["RDS.13"]},
       title=T("RDS automatic minor version upgrade is enabled", "RDS の自動マイナーバージョンアップグレードが有効"),
       description=T("Minor versions carry security fixes; automatic upgrades apply them in the maintenance window.",
                     "マイナーバージョンにはセキュリティ修正が含まれます。自動アップグレードによりメンテナンスウィンドウで適用されます。"),
       remediation=T("Modify the instance with --auto-minor-version-upgrade.", "--auto-minor-version-upgrade を指定してインスタンスを変更してください。"))
def auto_minor_version_upgrade_enabled(r: Resource) -> Result:
    return Result.ok() if r.data.get("AutoMinorVersionUpgrade") else MSG.fail("minor_upgrades_off")


@check(id="aws.rds.multi_az_enabled", resource_types=DB, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["RDS.5"]},
       title=T("RDS instance is deployed across multiple AZs", "RDS インスタンスが複数の AZ に配置されている"),
       description=T("A single-AZ database is unavailable for the whole of an AZ outage.", "シングル AZ のデータベースは AZ 障害の間ずっと利用できません。"),
       remediation=T("Modify the instance with --multi-az.", "--multi-az を指定してインスタンスを変更してください。"))
def multi_az_enabled(r: Resource) -> Result:
    if _aurora(r):
        return MSG.ok("aurora_availability")
    return Result.ok() if r.data.get("MultiAZ") else MSG.fail("single_az")


@check(id="aws.rds.deletion_protection_enabled", resource_types=DB, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["RDS.8"]},
       title=T("RDS instance deletion protection is enabled", "RDS インスタンスの削除保護が有効"),
       description=T("Deletion protection stops a database from being deleted by mistake or by a compromised automation.",
                     "削除保護により、誤操作や侵害された自動化によるデータベース削除を防ぎます。"),
       remediation=T("Modify the instance with --deletion-protection.", "--deletion-protection を指定してインスタンスを変更してください。"))
def deletion_protection_enabled(r: Resource) -> Result:
    if _aurora(r):
        return MSG.ok("aurora_deletion")
    return Result.ok() if r.data.get("DeletionProtection") else MSG.fail("deletion_off")


@check(id="aws.rds.iam_authentication_enabled", resource_types=DB, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["RDS.10"]},
       title=T("RDS IAM database authentication is enabled", "RDS の IAM データベース認証が有効"),
       description=T("IAM authentication replaces long-lived database passwords with short-lived tokens.",
                     "IAM 認証は長期間有効なデータベースパスワードを短期間のトークンに置き換えます。"),
       remediation=T("Modify the instance with --enable-iam-database-authentication.",
                     "--enable-iam-database-authentication を指定してインスタンスを変更してください。"))
def iam_authentication_enabled(r: Resource) -> Result:
    engine = str(r.data.get("Engine", ""))
    if not any(engine.startswith(e) for e in ("mysql", "postgres", "mariadb", "aurora")):
        return MSG.ok("iam_unsupported", engine=engine)
    return Result.ok() if r.data.get("IAMDatabaseAuthenticationEnabled") else MSG.fail("iam_auth_off")


@check(id="aws.rds.copy_tags_to_snapshots", resource_types=DB, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["RDS.17"]},
       title=T("RDS instance copies tags to snapshots", "RDS インスタンスがスナップショットにタグをコピーする"),
       description=T("Untagged snapshots escape the ownership and classification policies their source follows.",
                     "タグのないスナップショットは、元のインスタンスが従う所有者や分類のポリシーから外れます。"),
       remediation=T("Modify the instance with --copy-tags-to-snapshot.", "--copy-tags-to-snapshot を指定してインスタンスを変更してください。"))
def copy_tags_to_snapshots(r: Resource) -> Result:
    return Result.ok() if r.data.get("CopyTagsToSnapshot") else MSG.fail("tags_not_copied")
