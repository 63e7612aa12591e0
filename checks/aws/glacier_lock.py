"""S3 Glacier vault checks beyond access: a locked Vault Lock policy and event notifications."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

VAULT = ("aws.glacier.vault",)

MSG = Messages("aws.glacier_lock", {
    "no_lock": ("no Vault Lock policy", "ボールトロックポリシーがありません"),
    "in_progress": ("the Vault Lock policy is {state}, not Locked (it expires unless completed)",
                    "ボールトロックポリシーは {state} で Locked ではありません (完了しないと失効します)"),
    "no_notifications": ("no SNS notifications", "SNS 通知がありません"),
})


@check(id="aws.glacier.vault_lock_enforced", resource_types=VAULT, severity=Severity.MEDIUM,
       title=T("S3 Glacier vault has a locked Vault Lock policy", "S3 Glacier ボールトにロック済みのボールトロックポリシーがある"),
       description=T("A locked Vault Lock policy (write once, read many; retention) cannot be changed or removed, so "
                     "archives survive a compromised administrator; an access policy alone can be rewritten.",
                     "ロック済みのボールトロックポリシー (WORM・保持期間) は変更も削除もできないため、管理者が侵害されても"
                     "アーカイブが残ります。アクセスポリシーだけでは書き換えられます。"),
       remediation=T("Initiate a Vault Lock with the retention policy (initiate-vault-lock), test it, then complete it "
                     "within 24 hours (complete-vault-lock).",
                     "保持ポリシーでボールトロックを開始し (initiate-vault-lock)、検証してから 24 時間以内に完了してください "
                     "(complete-vault-lock)。"))
def vault_lock_enforced(r: Resource) -> Result:
    lock = need(r, "VaultLock")
    if not lock:
        return MSG.fail("no_lock")
    state = lock.get("State") or "InProgress"
    return Result.ok() if state == "Locked" else MSG.fail("in_progress", state=state)


@check(id="aws.glacier.vault_notifications_configured", resource_types=VAULT, severity=Severity.LOW,
       title=T("S3 Glacier vault sends event notifications", "S3 Glacier ボールトがイベント通知を送信している"),
       description=T("Without notifications, completed archive retrievals and inventory jobs (data leaving the vault) go unseen.",
                     "通知がないと、完了したアーカイブ取得やインベントリジョブ (ボールトからのデータ持ち出し) に気付けません。"),
       remediation=T("Set an SNS topic for ArchiveRetrievalCompleted and InventoryRetrievalCompleted "
                     "(set-vault-notifications).",
                     "ArchiveRetrievalCompleted と InventoryRetrievalCompleted に SNS トピックを設定してください "
                     "(set-vault-notifications)。"))
def vault_notifications_configured(r: Resource) -> Result:
    cfg = need(r, "VaultNotificationConfig") or {}
    return Result.ok() if cfg.get("SNSTopic") and cfg.get("Events") else MSG.fail("no_notifications")
