"""Storage account depth: cross-tenant replication, SAS and key expiry policies, customer-managed keys.

Accounts created before a property existed omit it; omitted reads as the API's default for such
accounts (cross-tenant replication allowed, no SAS or key expiry policy, Microsoft-managed keys).
"""

from __future__ import annotations

from agent.core.model import Severity
from checks import Messages
from checks.azure._common import cis, lower, property_check
from checks.common import T

ACCOUNT = ("azure.storage.account",)

MSG = Messages("azure.storage_depth", {
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
})

property_check(MSG, ACCOUNT, "azure.storage.cross_tenant_replication_disabled", Severity.MEDIUM, ("allowCrossTenantReplication",),
               lambda v: v is False, True, {},
               T("Storage account cannot replicate objects to other tenants", "ストレージアカウントが他テナントへオブジェクトをレプリケートできない"),
               T("Object replication to another tenant's account can quietly copy data out of the organisation.",
                 "他テナントのアカウントへのオブジェクトレプリケーションは、組織外へデータを静かに複製できます。"),
               T("az storage account update -n <account> -g <rg> --allow-cross-tenant-replication false",
                 "az storage account update -n <アカウント> -g <RG> --allow-cross-tenant-replication false を実行します。"))
property_check(MSG, ACCOUNT, "azure.storage.sas_expiration_policy_set", Severity.LOW, ("sasPolicy", "sasExpirationPeriod"),
               lambda v: bool(v), "", {},
               T("Storage account has a SAS expiration policy", "ストレージアカウントに SAS の有効期限ポリシーがある"),
               T("Without a policy, shared access signatures can be minted to last for years.",
                 "ポリシーがないと、何年も有効な共有アクセス署名を発行できます。"),
               T("az storage account update -n <account> -g <rg> --sas-expiration-period 0.01:00:00",
                 "az storage account update -n <アカウント> -g <RG> --sas-expiration-period 0.01:00:00 を実行します。"))
property_check(MSG, ACCOUNT, "azure.storage.key_rotation_reminder_set", Severity.LOW, ("keyPolicy", "keyExpirationPeriodInDays"),
               lambda v: bool(v) and int(v) <= 90, 0, cis("3.3"),
               T("Storage account reminds to rotate its access keys", "ストレージアカウントがアクセスキーの更新を通知する"),
               T("A key expiration policy (90 days or less) flags access keys that were never rotated.",
                 "キーの有効期限ポリシー (90 日以下) は、更新されていないアクセスキーを示します。"),
               T("az storage account update -n <account> -g <rg> --key-exp-days 90",
                 "az storage account update -n <アカウント> -g <RG> --key-exp-days 90 を実行します。"))
property_check(MSG, ACCOUNT, "azure.storage.cmk_encryption", Severity.LOW, ("encryption", "keySource"),
               lambda v: lower(v) == "microsoft.keyvault", "Microsoft.Storage", {},
               T("Storage account is encrypted with a customer-managed key", "ストレージアカウントがカスタマー管理キーで暗号化されている"),
               T("A Key Vault key lets you control, rotate and revoke access to the data at rest.",
                 "Key Vault のキーなら保存データへのアクセスを制御、更新、失効できます。"),
               T("az storage account update -n <account> -g <rg> --encryption-key-source Microsoft.Keyvault --encryption-key-vault <uri> "
                 "--encryption-key-name <key>",
                 "az storage account update -n <アカウント> -g <RG> --encryption-key-source Microsoft.Keyvault --encryption-key-vault <URI> "
                 "--encryption-key-name <キー> を実行します。"))
