"""Storage account checks (CIS Azure 2.1 section 3)."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, readable
from checks.azure._common import approved_private_endpoints, cis, props

ACCOUNT = ("azure.storage.account",)

MSG = Messages("azure.storage", {
    "secure_transfer_off": ("secure transfer (supportsHttpsTrafficOnly) is off",
                            "安全な転送 (supportsHttpsTrafficOnly) が無効です"),
    "tls_ok": ("{minimumTlsVersion}", "最小 TLS バージョン: {minimumTlsVersion}"),
    "tls_old": ("minimum TLS version is {minimumTlsVersion}", "最小 TLS バージョンが {minimumTlsVersion} です"),
    "anonymous_blob_access": ("anonymous blob access is allowed", "BLOB の匿名アクセスが許可されています"),
    "public_network": ("public network access is {publicNetworkAccess}",
                       "パブリックネットワークアクセスが {publicNetworkAccess} です"),
    "no_private_endpoint": ("no approved private endpoint connection", "承認済みのプライベートエンドポイント接続がありません"),
    "default_action": ("default network action is {defaultAction}", "ネットワークの既定アクションが {defaultAction} です"),
    "no_bypass": ("AzureServices is not in the network bypass list", "ネットワークのバイパス一覧に AzureServices がありません"),
    "shared_key": ("shared key access is allowed", "共有キーによるアクセスが許可されています"),
    "no_infrastructure_encryption": ("infrastructure encryption is off", "インフラストラクチャ暗号化が無効です"),
    "no_blob_service": ("the account has no blob service", "このアカウントには BLOB サービスがありません"),
    "blob_kept": ("blob kept {days} days", "BLOB を {days} 日間保持します"),
    "blob_off": ("blob soft delete is off", "BLOB の論理的な削除が無効です"),
    "container_kept": ("container kept {days} days", "コンテナーを {days} 日間保持します"),
    "container_off": ("container soft delete is off", "コンテナーの論理的な削除が無効です"),
})


@check(id="azure.storage.https_only", resource_types=ACCOUNT, severity=Severity.HIGH,
       frameworks=cis("3.1"),
       title={"en": "Storage account requires secure transfer (HTTPS)",
              "ja": "ストレージアカウントで安全な転送 (HTTPS) が必須になっている"},
       description={"en": "With 'Secure transfer required' off, the account accepts requests over plain HTTP, so data and "
                          "shared-key signatures can be read on the wire.",
                    "ja": "「安全な転送が必須」が無効だと HTTP の平文リクエストを受け付け、通信路上でデータや署名を盗聴される恐れがあります。"},
       remediation={"en": "az storage account update -n <account> -g <rg> --https-only true",
                    "ja": "az storage account update -n <アカウント> -g <RG> --https-only true を実行します。"})
def https_only(r: Resource) -> Result:
    if props(r).get("supportsHttpsTrafficOnly") is True:
        return Result.ok()
    return MSG.fail("secure_transfer_off", supportsHttpsTrafficOnly=props(r).get("supportsHttpsTrafficOnly"))


@check(id="azure.storage.min_tls_1_2", resource_types=ACCOUNT, severity=Severity.MEDIUM,
       frameworks=cis("3.15"),
       title={"en": "Storage account requires TLS 1.2 or newer", "ja": "ストレージアカウントの最小 TLS バージョンが 1.2 以上"},
       description={"en": "TLS 1.0 and 1.1 have known weaknesses; the account should refuse them.",
                    "ja": "TLS 1.0/1.1 には既知の脆弱性があるため、ストレージアカウントで拒否すべきです。"},
       remediation={"en": "az storage account update -n <account> -g <rg> --min-tls-version TLS1_2",
                    "ja": "az storage account update -n <アカウント> -g <RG> --min-tls-version TLS1_2 を実行します。"})
def min_tls(r: Resource) -> Result:
    version = props(r).get("minimumTlsVersion") or "TLS1_0"
    if version in ("TLS1_2", "TLS1_3"):
        return MSG.ok("tls_ok", minimumTlsVersion=version)
    return MSG.fail("tls_old", minimumTlsVersion=version)


@check(id="azure.storage.blob_public_access_disabled", resource_types=ACCOUNT, severity=Severity.HIGH,
       frameworks=cis("3.17"),
       title={"en": "Storage account disallows anonymous blob access", "ja": "ストレージアカウントで BLOB の匿名アクセスが禁止されている"},
       description={"en": "When 'Allow Blob anonymous access' is on, any container can be made readable by anyone on the Internet.",
                    "ja": "「BLOB の匿名アクセスを許可」が有効だと、任意のコンテナーをインターネットの誰からでも読める状態にできます。"},
       remediation={"en": "az storage account update -n <account> -g <rg> --allow-blob-public-access false",
                    "ja": "az storage account update -n <アカウント> -g <RG> --allow-blob-public-access false を実行します。"})
def blob_public_access(r: Resource) -> Result:
    value = props(r).get("allowBlobPublicAccess")
    if value is False:
        return Result.ok()
    # Older accounts omit the property and then allow anonymous access.
    return MSG.fail("anonymous_blob_access", allowBlobPublicAccess=value)


@check(id="azure.storage.public_network_access_disabled", resource_types=ACCOUNT, severity=Severity.LOW,
       frameworks=cis("3.7"),
       title={"en": "Storage account public network access is disabled", "ja": "ストレージアカウントのパブリックネットワークアクセスが無効"},
       description={"en": "An account reachable from every public network relies on keys and tokens alone; private endpoints "
                          "or selected networks narrow who can even try.",
                    "ja": "すべてのパブリックネットワークから到達できるアカウントはキーとトークンだけが頼りです。"
                          "プライベートエンドポイントや許可ネットワークで接続元を絞ります。"},
       remediation={"en": "az storage account update -n <account> -g <rg> --public-network-access Disabled (after adding private endpoints)",
                    "ja": "プライベートエンドポイントを用意したうえで az storage account update -n <アカウント> -g <RG> --public-network-access "
                          "Disabled を実行します。"})
def public_network(r: Resource) -> Result:
    value = props(r).get("publicNetworkAccess") or "Enabled"
    return Result.ok() if value == "Disabled" else MSG.fail("public_network", publicNetworkAccess=value)


@check(id="azure.storage.private_endpoint_used", resource_types=ACCOUNT, severity=Severity.LOW,
       frameworks=cis("3.10"),
       title={"en": "Storage account is reached through a private endpoint", "ja": "ストレージアカウントにプライベートエンドポイント経由で接続している"},
       description={"en": "A private endpoint keeps storage traffic on the virtual network, over Private Link.",
                    "ja": "プライベートエンドポイントにより、ストレージへの通信を Private Link 経由で仮想ネットワーク内に留めます。"},
       remediation={"en": "az network private-endpoint create --group-id blob --private-connection-resource-id <account id> ...",
                    "ja": "az network private-endpoint create --group-id blob --private-connection-resource-id <アカウント ID> ... で作成します。"})
def private_endpoint(r: Resource) -> Result:
    return Result.ok() if approved_private_endpoints(r) else MSG.fail("no_private_endpoint")


@check(id="azure.storage.default_network_deny", resource_types=ACCOUNT, severity=Severity.MEDIUM,
       frameworks=cis("3.8"),
       title={"en": "Storage account network rules deny by default", "ja": "ストレージアカウントのネットワーク既定アクションが拒否"},
       description={"en": "With the default network action 'Allow', the firewall rules do not restrict anything.",
                    "ja": "ネットワークの既定アクションが「許可」の場合、ファイアウォール規則は何も制限しません。"},
       remediation={"en": "az storage account update -n <account> -g <rg> --default-action Deny, then allow the needed networks",
                    "ja": "az storage account update -n <アカウント> -g <RG> --default-action Deny を実行し、必要なネットワークだけを許可します。"})
def default_deny(r: Resource) -> Result:
    action = (props(r).get("networkAcls") or {}).get("defaultAction") or "Allow"
    return Result.ok() if action == "Deny" else MSG.fail("default_action", defaultAction=action)


@check(id="azure.storage.trusted_services_bypass", resource_types=ACCOUNT, severity=Severity.LOW,
       frameworks=cis("3.9"),
       title={"en": "Storage account lets trusted Azure services through its firewall",
              "ja": "ストレージアカウントのファイアウォールで信頼された Azure サービスを許可している"},
       description={"en": "Services such as Azure Backup and Monitor reach the account from networks that cannot be listed in "
                          "rules; the AzureServices bypass lets them through with strong authentication.",
                    "ja": "Azure Backup や Monitor などは規則に書けないネットワークから接続します。AzureServices のバイパスで強固な認証のもと通過させます。"},
       remediation={"en": "az storage account update -n <account> -g <rg> --bypass AzureServices",
                    "ja": "az storage account update -n <アカウント> -g <RG> --bypass AzureServices を実行します。"})
def trusted_services(r: Resource) -> Result:
    bypass = str((props(r).get("networkAcls") or {}).get("bypass") or "")
    if "azureservices" in bypass.replace(" ", "").lower():
        return Result.ok()
    return MSG.fail("no_bypass", bypass=bypass)


@check(id="azure.storage.shared_key_access_disabled", resource_types=ACCOUNT, severity=Severity.MEDIUM,
       title={"en": "Storage account disallows shared key authorisation", "ja": "ストレージアカウントで共有キー認可が無効"},
       description={"en": "Account keys grant full access and cannot be scoped or audited per user; Entra ID authorisation can.",
                    "ja": "アカウントキーは全権限を持ち、利用者ごとの範囲指定や監査ができません。Entra ID による認可ではそれが可能です。"},
       remediation={"en": "Move clients to Entra ID, then az storage account update -n <account> -g <rg> --allow-shared-key-access false",
                    "ja": "クライアントを Entra ID 認証に移行してから az storage account update -n <アカウント> -g <RG> --allow-shared-key-access "
                          "false を実行します。"})
def shared_key(r: Resource) -> Result:
    value = props(r).get("allowSharedKeyAccess")
    return Result.ok() if value is False else MSG.fail("shared_key", allowSharedKeyAccess=value)


@check(id="azure.storage.infrastructure_encryption_enabled", resource_types=ACCOUNT, severity=Severity.LOW,
       frameworks=cis("3.2"),
       title={"en": "Storage account uses infrastructure (double) encryption", "ja": "ストレージアカウントでインフラストラクチャ暗号化 (二重暗号化) が有効"},
       description={"en": "Infrastructure encryption adds a second layer of encryption with a separate key and algorithm.",
                    "ja": "インフラストラクチャ暗号化は別の鍵とアルゴリズムで二層目の暗号化を加えます。"},
       remediation={"en": "It can only be set at creation: create a new account with --require-infrastructure-encryption and move the data.",
                    "ja": "作成時にしか設定できません。--require-infrastructure-encryption を指定して新しいアカウントを作成し、データを移行します。"})
def infrastructure_encryption(r: Resource) -> Result:
    value = (props(r).get("encryption") or {}).get("requireInfrastructureEncryption")
    return Result.ok() if value is True else MSG.fail("no_infrastructure_encryption")


def _blob_retention(r: Resource, key: str, kept: str, off: str) -> Result:
    """Soft delete as the blob service's ``key`` policy sets it; ``kept`` / ``off`` name the messages."""
    svc = readable(r.data.get("blobServiceProperties"), "blob service properties")
    if svc is None:
        return MSG.ok("no_blob_service")
    policy = svc.get(key) or {}
    if policy.get("enabled") is True:
        return MSG.ok(kept, days=policy.get("days"))
    return MSG.fail(off)


@check(id="azure.storage.blob_soft_delete_enabled", resource_types=ACCOUNT, severity=Severity.MEDIUM,
       frameworks=cis("3.11"),
       title={"en": "Blob soft delete is enabled", "ja": "BLOB の論理的な削除が有効"},
       description={"en": "Without soft delete, a blob deleted or overwritten by mistake or by an attacker is gone.",
                    "ja": "論理的な削除がないと、誤操作や攻撃者により削除・上書きされた BLOB は復元できません。"},
       remediation={"en": "az storage account blob-service-properties update --account-name <account> -g <rg> --enable-delete-retention true "
                          "--delete-retention-days 7",
                    "ja": "az storage account blob-service-properties update --account-name <アカウント> -g <RG> --enable-delete-retention true "
                          "--delete-retention-days 7 を実行します。"})
def blob_soft_delete(r: Resource) -> Result:
    return _blob_retention(r, "deleteRetentionPolicy", "blob_kept", "blob_off")


@check(id="azure.storage.container_soft_delete_enabled", resource_types=ACCOUNT, severity=Severity.MEDIUM,
       frameworks=cis("3.11"),
       title={"en": "Container soft delete is enabled", "ja": "コンテナーの論理的な削除が有効"},
       description={"en": "Without container soft delete, deleting a container removes every blob in it for good.",
                    "ja": "コンテナーの論理的な削除がないと、コンテナーを削除した時点で中の BLOB がすべて失われます。"},
       remediation={"en": "az storage account blob-service-properties update --account-name <account> -g <rg> --enable-container-delete-retention "
                          "true --container-delete-retention-days 7",
                    "ja": "az storage account blob-service-properties update --account-name <アカウント> -g <RG> --enable-container-delete-retention "
                          "true --container-delete-retention-days 7 を実行します。"})
def container_soft_delete(r: Resource) -> Result:
    return _blob_retention(r, "containerDeleteRetentionPolicy", "container_kept", "container_off")
