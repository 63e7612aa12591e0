"""Which estate resource each Azure check passes, fails or errors on (tests/azure/fixtures/estate.json).

Keys name resources: the resource name; ``server/db`` for SQL databases; ``sub-A`` … ``sub-D``
for the per-subscription summaries; ``sub-A/<plan>`` for Defender pricings.

The ERROR cases are resources whose one detail read the stand-in refuses (the estate's ``denied``
paths answer 403 ``AuthorizationFailed``; sub-D's activity-log diagnostic settings answer 400,
because a 403 there makes the collector drop the whole subscription as unreadable).  The Key
Vault, SQL and web ones are clones of their ``*-good`` original, so every other check passes them.
"""

from __future__ import annotations

from agent.core.model import Resource
from checks.azure.security_plans import PLANS
from tests.azure.conftest import SUB_A, SUB_B, SUB_C, SUB_D

SUB_KEYS = {SUB_A: "sub-A", SUB_B: "sub-B", SUB_C: "sub-C", SUB_D: "sub-D"}


def key(r: Resource) -> str:
    if r.type in ("azure.monitor.activity_log_alerts", "azure.monitor.diagnostic_settings", "azure.network.subscription",
                  "azure.rbac.subscription", "azure.security.subscription"):
        return SUB_KEYS[r.account]
    if r.type == "azure.security.pricing":
        return f"{SUB_KEYS[r.account]}/{r.name}"
    if r.type == "azure.sql.database":
        return f"{r.id.split('/')[8]}/{r.name}"
    return r.name


GOOD_STORAGE = ["stgood", "stfiles", "stnoblob", "stother"]
STORAGE = {"pass": GOOD_STORAGE, "fail": ["stbad"]}
SOFT_DELETE = {"pass": ["stgood", "stfiles", "stother"], "fail": ["stbad"], "error": ["stnoblob"]}
VM = {"pass": ["vm-good"], "fail": ["vm-bad"]}
SQL = {"pass": ["sql-good"], "fail": ["sql-bad"]}
KV = {"pass": ["kv-good"], "fail": ["kv-bad"]}
AKS = {"pass": ["aks-good", "aks-ranges"], "fail": ["aks-bad"]}
WEB = {"pass": ["app-good"], "fail": ["app-bad"]}
ALERT = {"pass": ["sub-A"], "fail": ["sub-B", "sub-C", "sub-D"]}
# Each clone is refused one read: keys, secrets, diagnostic settings; auditing, firewall rules; site config, diagnostic settings.
KV_DENIED = ["kv-nokeys", "kv-nosecrets", "kv-nologs"]
SQL_DENIED = ["sql-noaudit", "sql-nofirewall"]
WEB_DENIED = ["app-noconfig", "app-nologs"]


def with_clones(expected: dict[str, list[str]], clones: list[str], error: str | None = None) -> dict[str, list[str]]:
    """``expected`` plus the ``clones`` of its good resource: they pass, but ``error`` is ERROR (its read was refused)."""
    out = {"pass": [*expected["pass"], *(n for n in clones if n != error)], "fail": expected["fail"]}
    return {**out, "error": [error]} if error else out


EXPECT: dict[str, dict[str, list[str]]] = {
    "azure.storage.https_only": STORAGE,
    "azure.storage.min_tls_1_2": STORAGE,
    "azure.storage.blob_public_access_disabled": STORAGE,
    "azure.storage.public_network_access_disabled": STORAGE,
    "azure.storage.default_network_deny": STORAGE,
    "azure.storage.private_endpoint_used": STORAGE,
    "azure.storage.trusted_services_bypass": STORAGE,
    "azure.storage.shared_key_access_disabled": STORAGE,
    "azure.storage.infrastructure_encryption_enabled": STORAGE,
    "azure.storage.blob_soft_delete_enabled": SOFT_DELETE,
    "azure.storage.container_soft_delete_enabled": SOFT_DELETE,
    # nsg-shadowed: Deny 22 from the Internet at priority 100 before Allow * from * at 200.
    "azure.network.nsg_ssh_restricted": {"pass": ["nsg-good", "nsg-rdp", "nsg-udp", "nsg-shadowed"],
                                         "fail": ["nsg-ssh", "nsg-open"]},
    "azure.network.nsg_rdp_restricted": {"pass": ["nsg-good", "nsg-ssh", "nsg-udp"], "fail": ["nsg-rdp", "nsg-open", "nsg-shadowed"]},
    # nsg-good publishes HTTPS to the Internet on purpose: CIS 6.4 asks for that to be reviewed, so it is listed.
    "azure.network.nsg_http_restricted": {"pass": ["nsg-ssh", "nsg-rdp", "nsg-udp"],
                                          "fail": ["nsg-good", "nsg-open", "nsg-shadowed"]},
    "azure.network.nsg_all_ports_restricted": {"pass": ["nsg-good", "nsg-ssh", "nsg-rdp", "nsg-udp"],
                                               "fail": ["nsg-open", "nsg-shadowed"]},
    "azure.network.nsg_udp_restricted": {"pass": ["nsg-good", "nsg-ssh", "nsg-rdp"], "fail": ["nsg-udp", "nsg-open", "nsg-shadowed"]},
    "azure.network.nsg_flow_logs_enabled": {"pass": ["nsg-good", "nsg-ssh"],
                                            "fail": ["nsg-rdp", "nsg-open", "nsg-udp", "nsg-shadowed"]},
    "azure.network.nsg_flow_log_retention_90_days": {"pass": ["nsg-good"],
                                                     "fail": ["nsg-ssh", "nsg-rdp", "nsg-open", "nsg-udp", "nsg-shadowed"]},
    "azure.network.watcher_enabled": {"pass": ["sub-A", "sub-C", "sub-D"], "fail": ["sub-B"]},
    "azure.network.bastion_host_exists": {"pass": ["sub-B", "sub-C", "sub-D"], "fail": ["sub-A"]},
    "azure.compute.vm_managed_disks": VM,
    "azure.compute.vm_no_public_ip": VM,
    "azure.compute.vm_extensions_approved": VM,
    "azure.compute.vm_trusted_launch": VM,
    "azure.compute.disk_encrypted_cmk": {"pass": ["disk-cmk"], "fail": ["disk-pmk"]},
    "azure.sql.auditing_enabled": with_clones(SQL, SQL_DENIED, "sql-noaudit"),
    "azure.sql.auditing_retention_90_days": with_clones(SQL, SQL_DENIED, "sql-noaudit"),
    "azure.sql.no_firewall_allow_all": with_clones(SQL, SQL_DENIED, "sql-nofirewall"),
    "azure.sql.entra_admin_configured": with_clones(SQL, SQL_DENIED),
    "azure.sql.tde_enabled": {"pass": ["sql-good/appdb", "sql-good/master", "sql-bad/master"], "fail": ["sql-bad/appdb"],
                              "error": ["sql-good/notde"]},
    **{f"azure.sql.{name}": with_clones(SQL, SQL_DENIED) for name in (
        "tde_protector_cmk", "defender_for_sql_enabled", "vulnerability_assessment_enabled", "public_network_access_disabled",
        "min_tls_1_2")},
    **{f"azure.postgresql.{name}": {"pass": ["pg-good"], "fail": ["pg-bad"]} for name in (
        "ssl_enforced", "log_checkpoints_on", "log_connections_on", "log_disconnections_on", "connection_throttling_on",
        "min_tls_1_2", "log_retention_over_3_days", "no_firewall_allow_all", "public_network_access_disabled",
        "geo_redundant_backup", "cmk_encryption", "entra_authentication_enabled")},
    **{f"azure.mysql.{name}": {"pass": ["mysql-good"], "fail": ["mysql-bad"]} for name in (
        "ssl_enforced", "min_tls_1_2", "audit_log_enabled", "audit_log_connection_events", "no_firewall_allow_all",
        "public_network_access_disabled", "geo_redundant_backup", "cmk_encryption")},
    **{f"azure.cosmosdb.{name}": {"pass": ["cosmos-good"], "fail": ["cosmos-bad"]} for name in (
        "local_auth_disabled", "public_network_access_disabled", "key_based_metadata_write_disabled", "cmk_encryption",
        "min_tls_1_2", "firewall_restricted", "private_endpoint_used")},
    "azure.aks.private_cluster": {"pass": ["aks-good"], "fail": ["aks-ranges", "aks-bad"]},
    **{f"azure.aks.{name}": AKS for name in (
        "entra_integration_enabled", "defender_enabled", "auto_upgrade_channel_set", "azure_policy_addon_enabled",
        "workload_identity_enabled")},
    **{f"azure.acr.{name}": {"pass": ["acrgood"], "fail": ["acrbad"]} for name in (
        "admin_user_disabled", "public_network_access_disabled", "network_default_deny", "content_trust_enabled",
        "anonymous_pull_disabled", "cmk_encryption", "private_endpoint_used")},
    **{f"azure.web.{name}": with_clones(WEB, WEB_DENIED, "app-noconfig") for name in (
        "remote_debugging_disabled", "http2_enabled", "scm_min_tls_1_2", "runtime_supported")},
    **{f"azure.web.{name}": with_clones(WEB, WEB_DENIED) for name in (
        "client_certificates_required", "public_network_access_disabled")},
    **{f"azure.storage.{name}": STORAGE for name in (
        "cross_tenant_replication_disabled", "sas_expiration_policy_set", "key_rotation_reminder_set", "cmk_encryption")},
    **{f"azure.storage.{svc}_logging_enabled": STORAGE for svc in ("blob", "queue", "table")},
    "azure.keyvault.public_network_access_disabled": with_clones(KV, KV_DENIED),
    "azure.keyvault.network_default_deny": with_clones(KV, KV_DENIED),
    "azure.compute.vm_encryption_at_host": VM,
    "azure.compute.vm_endpoint_protection": VM,
    "azure.compute.vm_monitoring_agent_installed": VM,
    "azure.network.application_gateway_waf_enabled": {"pass": ["appgw-good"], "fail": ["appgw-bad", "appgw-custom"]},
    "azure.network.application_gateway_min_tls_1_2": {"pass": ["appgw-good", "appgw-custom"], "fail": ["appgw-bad"]},
    # app-nologs' identity is a Contributor on the subscription; app-bad has no identity.
    "azure.web.managed_identity_not_admin": {"pass": ["app-good", "app-bad", "app-noconfig"], "fail": ["app-nologs"]},
    "azure.keyvault.purge_protection_enabled": with_clones(KV, KV_DENIED),
    "azure.keyvault.soft_delete_enabled": with_clones(KV, KV_DENIED),
    "azure.keyvault.rbac_authorization_enabled": with_clones(KV, KV_DENIED),
    "azure.keyvault.private_endpoint_used": with_clones(KV, KV_DENIED),
    "azure.keyvault.keys_expiry_set": with_clones(KV, KV_DENIED, "kv-nokeys"),
    "azure.keyvault.secrets_expiry_set": with_clones(KV, KV_DENIED, "kv-nosecrets"),
    "azure.keyvault.logging_enabled": with_clones(KV, KV_DENIED, "kv-nologs"),
    "azure.aks.rbac_enabled": {"pass": ["aks-good", "aks-ranges"], "fail": ["aks-bad"]},
    "azure.aks.local_accounts_disabled": AKS,
    "azure.aks.api_server_restricted": AKS,
    "azure.aks.network_policy_configured": AKS,
    "azure.web.https_only": with_clones(WEB, WEB_DENIED),
    "azure.web.min_tls_1_2": with_clones(WEB, WEB_DENIED, "app-noconfig"),
    "azure.web.ftp_disabled": with_clones(WEB, WEB_DENIED, "app-noconfig"),
    "azure.web.managed_identity": with_clones(WEB, WEB_DENIED),
    "azure.web.http_logs_enabled": with_clones(WEB, WEB_DENIED, "app-nologs"),
    "azure.security.defender_plan_on": {
        "pass": ["sub-A/ContainerRegistry", *(f"sub-A/{p}" for p in PLANS)],
        "fail": [f"sub-B/{p}" for p in PLANS]},
    **{f"azure.security_plans.defender_for_{slug}_on": {"pass": ["sub-A"], "fail": ["sub-B", "sub-C", "sub-D"]} for slug in (
        "servers", "app_service", "sql", "sql_vms", "oss_databases", "cosmos_db", "storage", "containers", "key_vault",
        "resource_manager", "apis", "cspm")},
    **{f"azure.security_plans.{name}": {"pass": ["sub-A"], "fail": ["sub-B", "sub-C"], "error": ["sub-D"]} for name in (
        "security_contact_email_set", "alert_notifications_on", "alerts_notify_owners")},
    **{f"azure.security_plans.{name}_integration_on": {"pass": ["sub-A"], "fail": ["sub-B", "sub-C", "sub-D"]}
       for name in ("defender_for_endpoint", "defender_for_cloud_apps")},
    "azure.security_plans.auto_provisioning_on": {"pass": ["sub-A"], "fail": ["sub-B", "sub-C", "sub-D"]},
    "azure.rbac.no_custom_owner_roles": {"pass": ["sub-A", "sub-C", "sub-D"], "fail": ["sub-B"]},
    "azure.rbac.subscription_owners_at_most_3": {"pass": ["sub-A", "sub-C", "sub-D"], "fail": ["sub-B"]},
    "azure.rbac.no_classic_coadministrators": {"pass": ["sub-A", "sub-C"], "fail": ["sub-B"], "error": ["sub-D"]},
    "azure.monitor.diagnostic_setting_exists": {"pass": ["sub-A", "sub-B"], "fail": ["sub-C"], "error": ["sub-D"]},
    "azure.monitor.diagnostic_setting_categories": {"pass": ["sub-A"], "fail": ["sub-B", "sub-C"], "error": ["sub-D"]},
    **{f"azure.monitor.alert_{name}": ALERT for name in (
        "policy_assignment_create", "policy_assignment_delete", "nsg_write", "nsg_delete", "security_solution_write",
        "security_solution_delete", "sql_firewall_write", "sql_firewall_delete", "public_ip_write", "public_ip_delete")},
}
