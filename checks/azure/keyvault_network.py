"""Key Vault network exposure: public network access and the firewall's default action."""

from __future__ import annotations

from agent.core.model import Severity
from checks import Messages
from checks.azure._common import lower, property_check
from checks.common import T

VAULT = ("azure.keyvault.vault",)

MSG = Messages("azure.keyvault_network", {
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
})

property_check(MSG, VAULT, "azure.keyvault.public_network_access_disabled", Severity.MEDIUM, ("publicNetworkAccess",),
               lambda v: lower(v) == "disabled", "Enabled", {},
               T("Key Vault is not reachable from the Internet", "Key Vault にインターネットから到達できない"),
               T("With public network access off, only private endpoints reach the vault's secrets and keys.",
                 "パブリックネットワークアクセスを無効にすると、シークレットとキーにはプライベートエンドポイントからのみ到達できます。"),
               T("az keyvault update -n <vault> --public-network-access Disabled",
                 "az keyvault update -n <コンテナー> --public-network-access Disabled を実行します。"))
property_check(MSG, VAULT, "azure.keyvault.network_default_deny", Severity.MEDIUM, ("networkAcls", "defaultAction"),
               lambda v: lower(v) == "deny", "Allow", {},
               T("Key Vault firewall denies networks not allowed explicitly", "Key Vault のファイアウォールが明示的に許可していないネットワークを拒否する"),
               T("A default Allow lets any network try the vault's data plane.",
                 "既定が Allow だと、任意のネットワークからデータプレーンにアクセスを試みられます。"),
               T("az keyvault update -n <vault> --default-action Deny, then az keyvault network-rule add for the needed ranges.",
                 "az keyvault update -n <コンテナー> --default-action Deny の後、必要な範囲を az keyvault network-rule add で追加します。"))
