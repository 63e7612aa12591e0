"""Settings Resource Graph does not carry, read per resource through the service SDKs.

Each reader takes the clients and one Resource, and stores what it read in ``resource.data``
under a key of its own.  A call that fails for any reason other than "not configured" stores an
:func:`agent.core.model.unreadable` marker there instead, so the checks answer ERROR, never FAIL.

Key Vault keys and secrets are read through the *management* plane, which lists their attributes
(enabled, expiry, dates) and never their values; only those attributes are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from agent.collectors.azure.clients import AzureClients, as_dict, describe_error, status_of
from agent.core.model import Resource, unreadable

log = logging.getLogger(__name__)

DIAGNOSTIC_SETTINGS_API = "2021-05-01-preview"
POSTGRESQL_API = "2022-12-01"
MYSQL_API = "2023-12-30"
SQL_API = "2021-11-01"
SECURITY_CONTACTS_API = "2023-12-01-preview"
AUTO_PROVISIONING_API = "2017-08-01-preview"
SECURITY_SETTINGS_API = "2022-05-01"
# Server parameters the database checks read, one GET each (the full list is hundreds long and paged).
POSTGRESQL_PARAMETERS = ("require_secure_transport", "ssl_min_protocol_version", "log_checkpoints", "log_connections",
                         "log_disconnections", "connection_throttle.enable", "logfiles.retention_days")
MYSQL_PARAMETERS = ("require_secure_transport", "tls_version", "audit_log_enabled", "audit_log_events")
KEYVAULT_ITEM_ATTRIBUTES = ("enabled", "exp", "nbf", "created", "updated")
WEB_CONFIG_KEYS = ("minTlsVersion", "scmMinTlsVersion", "ftpsState", "http20Enabled", "remoteDebuggingEnabled", "linuxFxVersion",
                   "netFrameworkVersion", "phpVersion", "pythonVersion", "nodeVersion", "javaVersion")


def _read(func: Callable[..., Any], *args: Any, missing_ok: bool = False, **kwargs: Any) -> Any:
    """Call one SDK operation; 404 is "not configured" (None) when ``missing_ok``, other errors unreadable."""
    try:
        return func(*args, **kwargs)
    except Exception as exc:  # an SDK error for one setting must not stop the resource or the scan
        if missing_ok and status_of(exc) == 404:
            return None
        log.info("azure: %s failed: %s", getattr(func, "__name__", "call"), describe_error(exc))
        return unreadable(describe_error(exc))


def _rg(resource: Resource) -> str:
    return str(resource.data.get("resourceGroup") or resource.id.split("/")[4])


def _properties(doc: Any) -> Any:
    """The ``properties`` of an ARM document (or the unreadable marker unchanged)."""
    if isinstance(doc, dict) and "__unreadable__" in doc:
        return doc
    return as_dict(doc).get("properties", {}) if doc is not None else None


STORAGE_SERVICES = ("blob", "queue", "table")


def storage_account(clients: AzureClients, r: Resource) -> None:
    kind = str(r.data.get("kind") or "")
    if kind in ("FileStorage",):  # no blob, queue or table service on this kind of account
        r.data["blobServiceProperties"] = None
        r.data["serviceDiagnosticSettings"] = {svc: None for svc in STORAGE_SERVICES}
        return
    # Storage logging (CIS 3.5, 3.13, 3.14) is a diagnostic setting on each service sub-resource.
    r.data["serviceDiagnosticSettings"] = {svc: _diagnostic_settings(clients, r.account, f"{r.id}/{svc}Services/default")
                                           for svc in STORAGE_SERVICES}
    client = clients.storage(r.account)
    r.data["blobServiceProperties"] = _properties(_read(client.blob_services.get_service_properties, _rg(r), r.name))


def sql_server(clients: AzureClients, r: Resource) -> None:
    client = clients.sql(r.account)
    r.data["auditingPolicy"] = _properties(_read(client.server_blob_auditing_policies.get, _rg(r), r.name))
    rules = _read(lambda: [as_dict(x) for x in client.firewall_rules.list_by_server(_rg(r), r.name)])
    r.data["firewallRules"] = rules


def sql_database(clients: AzureClients, r: Resource) -> None:
    server = r.id.split("/")[8]
    client = clients.sql(r.account)
    r.data["transparentDataEncryption"] = _properties(
        _read(client.transparent_data_encryptions.get, _rg(r), server, r.name, "current"))


def _item_metadata(items: Any) -> Any:
    if isinstance(items, dict):  # unreadable marker
        return items
    out = []
    for item in items:
        doc = as_dict(item)
        attrs = (doc.get("properties") or {}).get("attributes") or {}
        out.append({"name": doc.get("name"), "id": doc.get("id"),
                    "attributes": {k: attrs[k] for k in KEYVAULT_ITEM_ATTRIBUTES if k in attrs}})
    return out


def keyvault_vault(clients: AzureClients, r: Resource) -> None:
    client = clients.keyvault(r.account)
    r.data["keys"] = _item_metadata(_read(lambda: list(client.keys.list(_rg(r), r.name))))
    r.data["secrets"] = _item_metadata(_read(lambda: list(client.secrets.list(_rg(r), r.name))))


def web_app(clients: AzureClients, r: Resource) -> None:
    client = clients.web(r.account)
    props = _properties(_read(client.web_apps.get_configuration, _rg(r), r.name))
    if isinstance(props, dict) and "__unreadable__" not in props:
        props = {k: props.get(k) for k in WEB_CONFIG_KEYS}
    r.data["siteConfig"] = props


def _diagnostic_settings(clients: AzureClients, subscription: str, scope_id: str) -> Any:
    """Diagnostic settings of one scope (subscription or resource): a list, or an unreadable marker."""
    path = f"{scope_id}/providers/Microsoft.Insights/diagnosticSettings"
    doc = _read(clients.resources(subscription).resources.get_by_id, path, api_version=DIAGNOSTIC_SETTINGS_API)
    if isinstance(doc, dict) and "__unreadable__" in doc:
        return doc
    return list(as_dict(doc).get("value") or [])


def subscription_diagnostic_settings(clients: AzureClients, subscription: str) -> Any:
    """The subscription's activity-log diagnostic settings."""
    return _diagnostic_settings(clients, subscription, f"/subscriptions/{subscription}")


def resource_diagnostic_settings(clients: AzureClients, r: Resource) -> None:
    r.data["diagnosticSettings"] = _diagnostic_settings(clients, r.account, r.id)


def _assignment(doc: dict[str, Any]) -> dict[str, Any]:
    p = doc.get("properties") or {}
    return {"id": doc.get("id"), "principalId": p.get("principalId"), "principalType": p.get("principalType"),
            "roleDefinitionId": str(p.get("roleDefinitionId") or "").rsplit("/", 1)[-1], "scope": p.get("scope")}


def _listed(func: Callable[..., Any], *args: Any, shape: Callable[[dict[str, Any]], Any] = lambda d: d, **kwargs: Any) -> Any:
    """Every item of a paged SDK list as wire JSON (shaped), or an unreadable marker."""
    # serialize() is the REST wire shape (camelCase, nested "properties"); as_dict() of these
    # flattened models would give the SDK's attribute names instead.
    return _read(lambda: [shape(x.serialize(keep_readonly=True)) for x in func(*args, **kwargs)])


def root_role_assignments(clients: AzureClients, subscription: str) -> Any:
    """Role assignments made at the root scope ``/`` (elevated access; most principals may not read it)."""
    return _listed(clients.authorization(subscription).role_assignments.list_for_scope, "/", filter="atScope()",
                   shape=_assignment)


def rbac(clients: AzureClients, subscription: str) -> dict[str, Any]:
    """Custom role definitions, role assignments and classic administrators of one subscription."""
    client = clients.authorization(subscription)
    scope = f"/subscriptions/{subscription}"
    return {
        "customRoles": _listed(client.role_definitions.list, scope, filter="type eq 'CustomRole'"),
        "roleAssignments": _listed(client.role_assignments.list_for_subscription, shape=_assignment),
        "classicAdministrators": _listed(client.classic_administrators.list),
    }


def arm_get(clients: AzureClients, subscription: str, path: str, api_version: str, missing_ok: bool = False) -> Any:
    """One ARM document by path through the resources SDK: its JSON, None (404 when ``missing_ok``), or unreadable."""
    doc = _read(clients.resources(subscription).resources.get_by_id, path, api_version=api_version, missing_ok=missing_ok)
    if doc is None or (isinstance(doc, dict) and "__unreadable__" in doc):
        return doc
    return as_dict(doc)


def arm_list(clients: AzureClients, subscription: str, path: str, api_version: str) -> Any:
    """The ``value`` list an ARM list path answers, or an unreadable marker."""
    doc = arm_get(clients, subscription, path, api_version)
    return doc if isinstance(doc, dict) and "__unreadable__" in doc else list((doc or {}).get("value") or [])


def _parameters(clients: AzureClients, r: Resource, names: tuple[str, ...], api_version: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        doc = arm_get(clients, r.account, f"{r.id}/configurations/{name}", api_version, missing_ok=True)
        # A parameter the server version lacks is None; otherwise its value (or the unreadable marker).
        out[name] = doc if doc is None or "__unreadable__" in doc else (doc.get("properties") or {}).get("value")
    return out


def postgresql_server(clients: AzureClients, r: Resource) -> None:
    r.data["configurations"] = _parameters(clients, r, POSTGRESQL_PARAMETERS, POSTGRESQL_API)
    r.data["firewallRules"] = arm_list(clients, r.account, f"{r.id}/firewallRules", POSTGRESQL_API)


def mysql_server(clients: AzureClients, r: Resource) -> None:
    r.data["configurations"] = _parameters(clients, r, MYSQL_PARAMETERS, MYSQL_API)
    r.data["firewallRules"] = arm_list(clients, r.account, f"{r.id}/firewallRules", MYSQL_API)


def sql_server_security(clients: AzureClients, r: Resource) -> None:
    """TDE protector, Defender for SQL (security alert policy) and vulnerability assessment of one server."""
    for key, path in (("encryptionProtector", "encryptionProtector/current"),
                      ("securityAlertPolicy", "securityAlertPolicies/Default"),
                      ("vulnerabilityAssessment", "vulnerabilityAssessments/Default")):
        r.data[key] = _properties(arm_get(clients, r.account, f"{r.id}/{path}", SQL_API))


def security_settings(clients: AzureClients, subscription: str) -> dict[str, Any]:
    """Defender for Cloud security contacts and auto-provisioning settings of one subscription."""
    base = f"/subscriptions/{subscription}/providers/Microsoft.Security"
    return {"securityContacts": arm_list(clients, subscription, f"{base}/securityContacts", SECURITY_CONTACTS_API),
            "autoProvisioningSettings": arm_list(clients, subscription, f"{base}/autoProvisioningSettings",
                                                 AUTO_PROVISIONING_API),
            # Integrations: WDATP (Defender for Endpoint), MCAS (Defender for Cloud Apps).
            "securitySettings": arm_list(clients, subscription, f"{base}/settings", SECURITY_SETTINGS_API)}


def _both(*readers: Callable[[AzureClients, Resource], None]) -> Callable[[AzureClients, Resource], None]:
    def read(clients: AzureClients, r: Resource) -> None:
        for reader in readers:
            reader(clients, r)
    return read


# resource type -> (reader, the data keys it fills); the collector runs these concurrently.
READERS: dict[str, tuple[Callable[[AzureClients, Resource], None], tuple[str, ...]]] = {
    "azure.storage.account": (storage_account, ("blobServiceProperties", "serviceDiagnosticSettings")),
    "azure.sql.server": (_both(sql_server, sql_server_security), ("auditingPolicy", "firewallRules", "encryptionProtector",
                                                                  "securityAlertPolicy", "vulnerabilityAssessment")),
    "azure.postgresql.flexible_server": (postgresql_server, ("configurations", "firewallRules")),
    "azure.mysql.flexible_server": (mysql_server, ("configurations", "firewallRules")),
    "azure.sql.database": (sql_database, ("transparentDataEncryption",)),
    "azure.keyvault.vault": (_both(keyvault_vault, resource_diagnostic_settings), ("keys", "secrets", "diagnosticSettings")),
    "azure.web.app": (_both(web_app, resource_diagnostic_settings), ("siteConfig", "diagnosticSettings")),
}
