"""AWS Backup depth: plans that back something up, vaults locked and encrypted with a customer
managed key, recovery points encrypted and kept long enough."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.backup_depth", {
    "no_selection": ("the plan selects no resources", "プランが対象リソースを選択していません"),
    "selections": ("{count} resource selections", "リソース選択 {count} 件"),
    "not_locked": ("the vault has no vault lock", "ボールトにボールトロックがありません"),
    "aws_key": ("the vault is encrypted with an AWS managed key ({key})", "ボールトは AWS マネージドキー ({key}) で暗号化されています"),
    "no_key": ("the vault reports no encryption key", "ボールトの暗号化キーが報告されていません"),
    "not_encrypted": ("the recovery point is not encrypted", "復旧ポイントが暗号化されていません"),
    "retention": ("the recovery point is deleted after {days} days", "復旧ポイントは {days} 日後に削除されます"),
    "kept": ("kept until deleted by hand", "手動で削除するまで保持されます"),
})

MIN_RETENTION_DAYS = 7


@check(id="aws.backup.plan_has_selection", resource_types=("aws.backup.plan",), severity=Severity.MEDIUM,
       title=T("AWS Backup plan selects resources to back up", "AWS Backup プランがバックアップ対象のリソースを選択している"),
       description=T("A plan without a resource assignment runs on schedule and backs up nothing; the resources it "
                     "was meant for have no recovery points.",
                     "リソース割り当てのないプランはスケジュール通りに動いても何もバックアップせず、本来の対象に復旧ポイントが"
                     "できません。"),
       remediation=T("aws backup create-backup-selection --backup-plan-id ID with the resources or tags to protect.",
                     "保護するリソースまたはタグを指定して aws backup create-backup-selection --backup-plan-id ID を実行して"
                     "ください。"))
def plan_has_selection(r: Resource) -> Result:
    selections = readable(need(r, "_selections"), "_selections") or []
    return MSG.ok("selections", count=len(selections)) if selections else MSG.fail("no_selection")


@check(id="aws.backup.vault_lock_enabled", resource_types=("aws.backup.vault",), severity=Severity.MEDIUM,
       title=T("AWS Backup vault has a vault lock", "AWS Backup ボールトにボールトロックが設定されている"),
       description=T("Without vault lock anyone with backup:DeleteRecoveryPoint (ransomware with stolen admin "
                     "credentials) can delete every backup before encrypting the originals.",
                     "ボールトロックがないと、backup:DeleteRecoveryPoint を持つ者 (管理者認証情報を盗んだランサムウェアなど) が"
                     "元データを暗号化する前にすべてのバックアップを削除できます。"),
       remediation=T("aws backup put-backup-vault-lock-configuration --backup-vault-name NAME --min-retention-days 7 "
                     "(add --changeable-for-days to enter compliance mode).",
                     "aws backup put-backup-vault-lock-configuration --backup-vault-name NAME --min-retention-days 7 を実行"
                     "してください (コンプライアンスモードにするには --changeable-for-days を追加)。"))
def vault_lock_enabled(r: Resource) -> Result:
    return Result.ok() if need(r, "Locked") else MSG.fail("not_locked")


@check(id="aws.backup.vault_encrypted_with_cmk", resource_types=("aws.backup.vault",), severity=Severity.LOW,
       needs_inventory=True, inputs=("aws.kms.key",),
       title=T("AWS Backup vault is encrypted with a customer managed KMS key",
               "AWS Backup ボールトがカスタマー管理の KMS キーで暗号化されている"),
       description=T("With a customer managed key the key policy decides who may restore and copy backups, and "
                     "revoking it is possible; the AWS managed key allows every principal of the account.",
                     "カスタマー管理キーではキーポリシーでバックアップの復元・コピーを許可する相手を決め、取り消すこともできます。"
                     "AWS マネージドキーはアカウントのすべてのプリンシパルを許可します。"),
       remediation=T("Vault encryption cannot be changed: create a vault with --encryption-key-arn of a customer "
                     "managed key and point the plans at it.",
                     "ボールトの暗号化は変更できません。カスタマー管理キーの --encryption-key-arn を指定してボールトを作成し、"
                     "プランの保存先をそこに変更してください。"))
def vault_encrypted_with_cmk(r: Resource, inv: Inventory | None = None) -> Result:
    key = need(r, "EncryptionKeyArn")
    if not key:
        return MSG.fail("no_key")
    if f":{r.account}:" not in str(key):
        return Result.ok()  # a key of another account is never that account's AWS managed key for this vault
    customer = {k.id for k in (inv.in_account("aws", r.account, "aws.kms.key") if inv else [])}
    return Result.ok() if key in customer else MSG.fail("aws_key", key=key)


@check(id="aws.backup.recovery_point_encrypted", resource_types=("aws.backup.recovery_point",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Backup.1"]},
       title=T("AWS Backup recovery point is encrypted", "AWS Backup 復旧ポイントが暗号化されている"),
       description=T("An unencrypted recovery point exposes a full copy of the resource's data to anyone who can "
                     "copy or restore it.",
                     "暗号化されていない復旧ポイントは、コピーや復元ができる人すべてにリソースのデータの完全な複製を晒します。"),
       remediation=T("Back the resource up to a vault with a KMS key (or encrypt the source, e.g. the EBS volume) and "
                     "delete the unencrypted point.",
                     "KMS キーを持つボールトにバックアップし (またはソースの EBS ボリュームなどを暗号化し)、未暗号化の復旧ポイントを"
                     "削除してください。"))
def recovery_point_encrypted(r: Resource) -> Result:
    return Result.ok() if need(r, "IsEncrypted") else MSG.fail("not_encrypted")


@check(id="aws.backup.recovery_point_retained_7_days", resource_types=("aws.backup.recovery_point",), severity=Severity.LOW,
       title=T("AWS Backup recovery point is kept at least 7 days", "AWS Backup 復旧ポイントが 7 日以上保持される"),
       description=T("Points deleted after a few days leave nothing to restore from when corruption or an intrusion "
                     "is noticed a week later.",
                     "数日で削除される復旧ポイントでは、破損や侵入に 1 週間後に気付いたとき復元元がありません。"),
       remediation=T("Set the plan rule's Lifecycle DeleteAfterDays to 7 or more (or the retention your policy requires).",
                     "プランルールの Lifecycle DeleteAfterDays を 7 以上 (またはポリシーが求める保持期間) にしてください。"))
def recovery_point_retained_7_days(r: Resource) -> Result:
    lifecycle = need(r, "Lifecycle") or {}
    days = lifecycle.get("DeleteAfterDays")
    if days is None:
        return MSG.ok("kept")
    return MSG.ok("retention", days=days) if int(days) >= MIN_RETENTION_DAYS else MSG.fail("retention", days=days)
