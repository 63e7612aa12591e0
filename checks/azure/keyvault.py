"""Key Vault checks (CIS Azure 2.1 section 8).  Keys and secrets are judged on metadata only."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, readable
from checks.azure._common import approved_private_endpoints, cis, logs_enabled, props
from checks.common import as_list

VAULT = ("azure.keyvault.vault",)

MSG = Messages("azure.keyvault", {
    "no_purge_protection": ("purge protection is off", "消去保護が無効です"),
    "no_soft_delete": ("soft delete is off", "論理的な削除が無効です"),
    "access_policies": ("vault access policies are used", "コンテナーのアクセスポリシーが使われています"),
    "no_private_endpoint": ("no approved private endpoint connection", "承認済みのプライベートエンドポイント接続がありません"),
    "keys_without_expiry": ("{count} enabled key(s) without an expiry date", "有効期限のない有効な鍵が {count} 個あります"),
    "keys_checked": ("{count} key(s) checked", "{count} 個の鍵を確認しました"),
    "secrets_without_expiry": ("{count} enabled secret(s) without an expiry date",
                               "有効期限のない有効なシークレットが {count} 個あります"),
    "secrets_checked": ("{count} secret(s) checked", "{count} 個のシークレットを確認しました"),
    "audit_logged": ("setting(s): {settings}", "診断設定: {settings}"),
    "no_audit_log": ("no diagnostic setting exports AuditEvent", "AuditEvent をエクスポートする診断設定がありません"),
})


@check(id="azure.keyvault.purge_protection_enabled", resource_types=VAULT, severity=Severity.MEDIUM,
       frameworks=cis("8.5"),
       title={"en": "Key Vault purge protection is on", "ja": "Key Vault の消去保護が有効"},
       description={"en": "Without purge protection, a deleted vault and its keys can be purged at once, destroying data encrypted with them.",
                    "ja": "消去保護がないと、削除されたコンテナーと鍵を即座に完全消去でき、その鍵で暗号化したデータが失われます。"},
       remediation={"en": "az keyvault update -n <vault> -g <rg> --enable-purge-protection true",
                    "ja": "az keyvault update -n <コンテナー> -g <RG> --enable-purge-protection true を実行します。"})
def purge_protection(r: Resource) -> Result:
    return Result.ok() if props(r).get("enablePurgeProtection") is True else MSG.fail("no_purge_protection")


@check(id="azure.keyvault.soft_delete_enabled", resource_types=VAULT, severity=Severity.MEDIUM,
       frameworks=cis("8.5"),
       title={"en": "Key Vault soft delete is on", "ja": "Key Vault の論理的な削除が有効"},
       description={"en": "Soft delete keeps deleted vaults and objects recoverable for the retention period.",
                    "ja": "論理的な削除により、削除されたコンテナーやオブジェクトを保持期間中は復元できます。"},
       remediation={"en": "az keyvault update -n <vault> -g <rg> --enable-soft-delete true",
                    "ja": "az keyvault update -n <コンテナー> -g <RG> --enable-soft-delete true を実行します。"})
def soft_delete(r: Resource) -> Result:
    # Soft delete is on by default and can no longer be turned off; only an explicit false fails.
    return MSG.fail("no_soft_delete") if props(r).get("enableSoftDelete") is False else Result.ok()


@check(id="azure.keyvault.rbac_authorization_enabled", resource_types=VAULT, severity=Severity.LOW,
       frameworks=cis("8.6"),
       title={"en": "Key Vault uses Azure RBAC for data access", "ja": "Key Vault のデータアクセスに Azure RBAC を使用している"},
       description={"en": "RBAC gives per-object, auditable, centrally managed permissions instead of vault access policies.",
                    "ja": "RBAC ならアクセスポリシーではなく、オブジェクト単位で監査可能かつ一元管理された権限を付与できます。"},
       remediation={"en": "Grant the Key Vault RBAC roles, then az keyvault update -n <vault> -g <rg> --enable-rbac-authorization true",
                    "ja": "Key Vault の RBAC ロールを付与したうえで az keyvault update -n <コンテナー> -g <RG> --enable-rbac-authorization true "
                          "を実行します。"})
def rbac(r: Resource) -> Result:
    return Result.ok() if props(r).get("enableRbacAuthorization") is True else MSG.fail("access_policies")


@check(id="azure.keyvault.private_endpoint_used", resource_types=VAULT, severity=Severity.LOW,
       frameworks=cis("8.7"),
       title={"en": "Key Vault is reached through a private endpoint", "ja": "Key Vault にプライベートエンドポイント経由で接続している"},
       description={"en": "A private endpoint keeps key and secret traffic on the virtual network.",
                    "ja": "プライベートエンドポイントにより、鍵やシークレットの通信を仮想ネットワーク内に留めます。"},
       remediation={"en": "az network private-endpoint create --group-id vault --private-connection-resource-id <vault id> ...",
                    "ja": "az network private-endpoint create --group-id vault --private-connection-resource-id <コンテナー ID> ... で作成します。"})
def private_endpoint(r: Resource) -> Result:
    return Result.ok() if approved_private_endpoints(r) else MSG.fail("no_private_endpoint")


def _without_expiry(r: Resource, key: str, what: str, missing_msg: str, checked_msg: str) -> Result:
    """Enabled ``key`` items (keys or secrets) of the vault without an expiry date; ``what`` names them."""
    items = as_list(readable(r.data.get(key), f"{what} metadata"))
    missing = [i.get("name") for i in items
               if (i.get("attributes") or {}).get("enabled", True) and not (i.get("attributes") or {}).get("exp")]
    if missing:
        return MSG.fail(missing_msg, count=len(missing), names=missing)
    return MSG.ok(checked_msg, count=len(items))


@check(id="azure.keyvault.keys_expiry_set", resource_types=VAULT, severity=Severity.MEDIUM,
       frameworks=cis("8.1", "8.2"),
       title={"en": "Every enabled Key Vault key has an expiry date", "ja": "有効な Key Vault の鍵すべてに有効期限が設定されている"},
       description={"en": "Keys without an expiry date are used for ever, so a leaked key stays valid.",
                    "ja": "有効期限のない鍵は無期限に使われ続け、漏えいした鍵も有効なままになります。"},
       remediation={"en": "az keyvault key set-attributes --vault-name <vault> -n <key> --expires <date>, and set a rotation policy",
                    "ja": "az keyvault key set-attributes --vault-name <コンテナー> -n <鍵> --expires <日時> を実行し、ローテーションポリシーを設定します。"})
def keys_expiry(r: Resource) -> Result:
    return _without_expiry(r, "keys", "key", "keys_without_expiry", "keys_checked")


@check(id="azure.keyvault.secrets_expiry_set", resource_types=VAULT, severity=Severity.MEDIUM,
       frameworks=cis("8.3", "8.4"),
       title={"en": "Every enabled Key Vault secret has an expiry date", "ja": "有効な Key Vault のシークレットすべてに有効期限が設定されている"},
       description={"en": "Secrets without an expiry date are never forced to rotate.",
                    "ja": "有効期限のないシークレットは更新が強制されません。"},
       remediation={"en": "az keyvault secret set-attributes --vault-name <vault> -n <secret> --expires <date>",
                    "ja": "az keyvault secret set-attributes --vault-name <コンテナー> -n <シークレット> --expires <日時> を実行します。"})
def secrets_expiry(r: Resource) -> Result:
    return _without_expiry(r, "secrets", "secret", "secrets_without_expiry", "secrets_checked")


@check(id="azure.keyvault.logging_enabled", resource_types=VAULT, severity=Severity.MEDIUM,
       frameworks=cis("5.1.4"),
       title={"en": "Key Vault audit events are logged", "ja": "Key Vault の監査イベントがログに記録されている"},
       description={"en": "AuditEvent logs record who read or changed which key, secret or certificate, and when.",
                    "ja": "AuditEvent ログは、誰がいつどの鍵・シークレット・証明書を読み取り、変更したかを記録します。"},
       remediation={"en": "az monitor diagnostic-settings create -n audit --resource <vault id> --workspace <id> --logs "
                          "'[{\"categoryGroup\":\"audit\",\"enabled\":true}]'",
                    "ja": "az monitor diagnostic-settings create -n audit --resource <コンテナー ID> --workspace <ID> --logs "
                          "'[{\"categoryGroup\":\"audit\",\"enabled\":true}]' を実行します。"})
def logging_enabled(r: Resource) -> Result:
    names = logs_enabled(readable(r.data.get("diagnosticSettings"), "diagnostic settings"), ("AuditEvent",))
    return MSG.ok("audit_logged", settings=names) if names else MSG.fail("no_audit_log")
