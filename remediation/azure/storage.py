"""Azure storage accounts: no public blob access, HTTPS only, TLS 1.2 minimum, no cross-tenant replication.

Each is one ``StorageAccounts.update`` (PATCH) of one property; rollback patches the old value.
"""

from __future__ import annotations

import re
from typing import Any

from agent.core.model import Resource
from remediation.base import ApiCall, Context, Plan, SingleSetting

ARM_ID = re.compile(
    r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.Storage/"
    r"storageAccounts/(?P<name>[^/]+)",
    re.IGNORECASE,
)


def arm_parts(r: Resource) -> tuple[str, str]:
    m = ARM_ID.search(r.id)
    if not m:
        raise ValueError(f"{r.id!r} is not a storage account resource id")
    return m["rg"], m["name"]


class StorageProperty(SingleSetting):
    provider = "azure"
    resource_type = "azure.storage.account"
    # ``key`` is the REST property name; ``attr`` the SDK model's attribute for it.
    attr: str
    az_flag: str
    tf_arg: str

    def read_value(self, ctx: Context, r: Resource) -> Any:
        rg, name = arm_parts(r)
        return getattr(ctx.azure_client(r.account).storage_accounts.get_properties(rg, name), self.attr)

    def set_call(self, r: Resource, value: Any) -> ApiCall:
        rg, name = arm_parts(r)
        return ApiCall(
            "storage",
            "storage_accounts.update",
            {"resource_group_name": rg, "account_name": name, "parameters": {"properties": {self.key: value}}},
        )

    def refresh(self, ctx: Context, plan: Plan) -> Resource:
        rg, name = arm_parts(plan.resource())
        acct = ctx.azure_client(plan.account).storage_accounts.get_properties(rg, name)
        return self.snapshot(plan, properties=acct.as_dict().get("properties", {}))  # REST-shaped, as collected

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        rg, name = arm_parts(r)
        return f"az storage account update --resource-group {rg} --name {name} {self.az_flag}"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"# in the azurerm_storage_account resource for {arm_parts(r)[1]}:\n{self.tf_arg}"


class NoPublicBlobAccess(StorageProperty):
    check_id = "azure.storage.blob_public_access_disabled"
    summary = "Disallow anonymous public blob access on storage account {name}"
    key, attr, desired = "allowBlobPublicAccess", "allow_blob_public_access", False
    az_flag, tf_arg = "--allow-blob-public-access false", "allow_nested_items_to_be_public = false"


class HttpsOnly(StorageProperty):
    check_id = "azure.storage.https_only"
    summary = "Require secure transfer (HTTPS only) on storage account {name}"
    key, attr, desired = "supportsHttpsTrafficOnly", "enable_https_traffic_only", True
    az_flag, tf_arg = "--https-only true", "https_traffic_only_enabled = true"


class MinimumTls12(StorageProperty):
    check_id = "azure.storage.min_tls_1_2"
    summary = "Require TLS 1.2 as the minimum version on storage account {name}"
    key, attr, desired = "minimumTlsVersion", "minimum_tls_version", "TLS1_2"
    az_flag, tf_arg = "--min-tls-version TLS1_2", 'min_tls_version = "TLS1_2"'


class NoCrossTenantReplication(StorageProperty):
    check_id = "azure.storage.cross_tenant_replication_disabled"
    summary = "Disallow object replication to other tenants on storage account {name}"
    key, attr, desired = "allowCrossTenantReplication", "allow_cross_tenant_replication", False
    az_flag, tf_arg = "--allow-cross-tenant-replication false", "cross_tenant_replication_enabled = false"


REMEDIATORS = [NoPublicBlobAccess(), HttpsOnly(), MinimumTls12(), NoCrossTenantReplication()]
