"""The Azure collector against the HTTPS stand-in: real management clients, real wire shapes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from agent.collectors.azure import collect
from agent.collectors.azure.clients import AzureClients, credential_for
from agent.core.errors import CollectorError
from agent.core.logging_setup import redact
from agent.core.model import is_unreadable, unreadable_reason
from tests.azure.conftest import SUB_A, SUB_B, SUB_C, SUB_D, SUB_OFF, SUB_X, load_estate
from tests.azure.standin import StaticCredential


def _names(inv, rtype):
    return sorted(r.name for r in inv.by_type(rtype))


def test_every_resource_type_is_collected_from_readable_subscriptions(azure_inventory) -> None:
    inv, _, _ = azure_inventory
    assert _names(inv, "azure.storage.account") == ["stbad", "stfiles", "stgood", "stnoblob", "stother"]
    assert _names(inv, "azure.network.nsg") == ["nsg-good", "nsg-open", "nsg-rdp", "nsg-shadowed", "nsg-ssh", "nsg-udp"]
    assert _names(inv, "azure.compute.vm") == ["vm-bad", "vm-good"]
    assert _names(inv, "azure.sql.database") == ["appdb", "appdb", "master", "master", "notde"]
    assert _names(inv, "azure.keyvault.vault") == ["kv-bad", "kv-good", "kv-nokeys", "kv-nologs", "kv-nosecrets"]
    assert _names(inv, "azure.aks.cluster") == ["aks-bad", "aks-good", "aks-ranges"]
    assert _names(inv, "azure.web.app") == ["app-bad", "app-good", "app-noconfig", "app-nologs"]
    plans = {r.name for r in inv.by_type("azure.security.pricing")}
    assert {"ContainerRegistry", "Containers", "StorageAccounts", "VirtualMachines", "Api", "CloudPosture"} <= plans
    subs = {r.account for r in inv.by_type("azure.monitor.activity_log_alerts")}
    assert subs == {SUB_A, SUB_B, SUB_C, SUB_D}  # the disabled subscription is not collected
    r = next(r for r in inv.by_type("azure.network.nsg") if r.name == "nsg-open")
    assert (r.provider, r.account, r.region) == ("azure", SUB_A, "eastus")


def test_forbidden_subscription_is_a_coverage_gap_and_the_rest_completes(azure_inventory) -> None:
    inv, _, _ = azure_inventory
    failures = inv.coverage.failures
    # SUB_D's activity-log diagnostic settings answer 400: only that resource type is a gap there.
    assert [(f.account, f.region, f.resource_type) for f in failures] == [
        (SUB_OFF, "*", "*"), (SUB_X, "*", "*"), (SUB_D, "*", "azure.monitor.diagnostic_settings")]
    assert failures[0].error == "subscription state is Disabled: not scanned"
    assert "403" in failures[1].error and "AuthorizationFailed" in failures[1].error
    assert "HTTP 400 NoRegisteredProviderFound" in failures[2].error
    assert inv.coverage.includes("azure", SUB_D, "japaneast", "azure.storage.account")
    assert not any(r.account == SUB_X for r in inv)
    assert inv.coverage.includes("azure", SUB_A, "japaneast", "azure.storage.account")
    assert inv.coverage.includes("azure", SUB_C, "global", "azure.monitor.diagnostic_settings")
    assert not inv.coverage.includes("azure", SUB_X, "japaneast", "azure.storage.account")


def test_resource_graph_is_paged_with_skip_token(azure_inventory) -> None:
    inv, clients, requests = azure_inventory
    graph_posts = [p for m, p in requests if m == "POST"]
    estate = load_estate()
    per_sub = {s: sum(1 for r in estate["resources"] if r["subscriptionId"] == s) for s in (SUB_A, SUB_B, SUB_C, SUB_D)}
    pages = lambda n: max(1, math.ceil(n / 7))  # noqa: E731
    # Subscriptions in order [C (configured), A, B, X, D (discovered)]: the query over all five is refused,
    # [C, A] is read in pages of 7, [B, X, D] is refused, [B] is read, [X, D] is refused, [X] is refused,
    # [D] is read; then the securityresources query over the four readable subscriptions, in pages too.
    security = sum(1 for r in estate["securityresources"] if r["subscriptionId"] in (SUB_A, SUB_B, SUB_C, SUB_D))
    expected = 1 + pages(per_sub[SUB_C] + per_sub[SUB_A]) + 1 + pages(per_sub[SUB_B]) + 1 + 1 + pages(per_sub[SUB_D]) + pages(security)
    assert len(graph_posts) == expected
    assert per_sub[SUB_A] > 7 * 3  # so several $skipToken pages were followed
    assert clients.requests == len(requests)  # the pipeline hook counts every request sent
    assert clients.requests_by_kind["inventory"] == len(graph_posts) + 1  # + GET /subscriptions


def test_derived_fields_join_related_rows(azure_inventory) -> None:
    inv, _, _ = azure_inventory
    vm = {r.name: r for r in inv.by_type("azure.compute.vm")}
    assert vm["vm-bad"].data["publicIpAddresses"][0]["ipAddress"] == "198.51.100.7"
    assert vm["vm-good"].data["publicIpAddresses"] == []
    assert {e["publisher"] for e in vm["vm-bad"].data["extensions"]} == {"Microsoft.Compute", "Contoso.Tools"}
    nsg = {r.name: r for r in inv.by_type("azure.network.nsg")}
    assert nsg["nsg-good"].data["flowLogs"][0]["retentionPolicy"]["days"] == 90
    assert nsg["nsg-rdp"].data["flowLogs"] == []
    network = {r.account: r.data for r in inv.by_type("azure.network.subscription")}
    assert network[SUB_A]["watcherRegions"] == ["eastus", "japaneast"]
    assert network[SUB_A]["virtualMachines"] == 2 and network[SUB_A]["bastionHosts"] == []
    assert network[SUB_B] == {"subscriptionId": SUB_B, "regionsInUse": ["japaneast"], "watcherRegions": [],
                              "bastionHosts": ["bastion-staging"], "virtualMachines": 0}


def test_service_sdk_details_and_unreadable_settings(azure_inventory) -> None:
    inv, _, _ = azure_inventory
    st = {r.name: r for r in inv.by_type("azure.storage.account")}
    assert st["stgood"].data["blobServiceProperties"]["deleteRetentionPolicy"] == {"enabled": True, "days": 7}
    assert st["stfiles"].data["blobServiceProperties"] is None  # FileStorage has no blob service: not asked
    assert is_unreadable(st["stnoblob"].data["blobServiceProperties"])  # 404 from the service: ERROR, not FAIL
    sql = {r.name: r for r in inv.by_type("azure.sql.server")}
    assert sql["sql-bad"].data["auditingPolicy"]["state"] == "Disabled"
    assert [x["name"] for x in sql["sql-bad"].data["firewallRules"]] == ["office", "AllowAll"]
    app = {r.name: r for r in inv.by_type("azure.web.app")}
    assert app["app-bad"].data["siteConfig"]["minTlsVersion"] == "1.0"
    assert "appSettings" not in app["app-bad"].data["siteConfig"]  # only the settings the checks read are kept
    assert app["app-good"].data["diagnosticSettings"][0]["name"] == "logs"
    diag = {r.account: r.data["settings"] for r in inv.by_type("azure.monitor.diagnostic_settings")}
    assert diag[SUB_C] == [] and diag[SUB_A][0]["name"] == "to-law"
    assert unreadable_reason(diag[SUB_D]).startswith("HTTP 400 NoRegisteredProviderFound")


def test_a_refused_detail_read_is_unreadable_and_names_the_missing_permission(azure_inventory) -> None:
    """403 on one detail read (a role without that action): only that key is unreadable, with ARM's reason."""
    inv, _, _ = azure_inventory
    by_name = {r.name: r for r in inv if r.type in ("azure.keyvault.vault", "azure.sql.server", "azure.sql.database", "azure.web.app")}
    refused = {("kv-nokeys", "keys"): "Microsoft.KeyVault/vaults/keys/read",
               ("kv-nosecrets", "secrets"): "Microsoft.KeyVault/vaults/secrets/read",
               ("kv-nologs", "diagnosticSettings"): "Microsoft.Insights/diagnosticSettings/read",
               ("sql-noaudit", "auditingPolicy"): "Microsoft.Sql/servers/auditingSettings/read",
               ("sql-nofirewall", "firewallRules"): "Microsoft.Sql/servers/firewallRules/read",
               ("notde", "transparentDataEncryption"): "Microsoft.Sql/servers/databases/transparentDataEncryption/read",
               ("app-noconfig", "siteConfig"): "Microsoft.Web/sites/config/read",
               ("app-nologs", "diagnosticSettings"): "Microsoft.Insights/diagnosticSettings/read"}
    for (name, k), action in refused.items():
        reason = unreadable_reason(by_name[name].data[k])
        assert reason.startswith("HTTP 403 AuthorizationFailed:") and f"'{action}'" in reason, (name, k, reason)
    # the clone's other reads are untouched
    assert by_name["kv-nokeys"].data["secrets"][0]["name"] == "db-password"
    assert by_name["sql-noaudit"].data["firewallRules"][0]["name"] == "office"
    assert by_name["app-nologs"].data["siteConfig"]["minTlsVersion"] == "1.2"


def test_key_vault_items_keep_metadata_never_values(azure_inventory) -> None:
    inv, _, _ = azure_inventory
    kv = {r.name: r for r in inv.by_type("azure.keyvault.vault")}
    secrets = kv["kv-good"].data["secrets"]
    assert secrets[0] == {"name": "db-password", "id": secrets[0]["id"],
                          "attributes": {"enabled": True, "exp": 1893456000, "created": 1700000000, "updated": 1700000000}}
    everything = json.dumps([r.to_dict() for r in inv])
    assert "S3cr3t-Value-Must-Not-Leak" not in everything


def test_client_secret_comes_from_the_named_env_var_and_is_redacted(monkeypatch) -> None:
    from azure.identity import ClientSecretCredential, DefaultAzureCredential

    from agent.settings.tenant import AzureProvider

    monkeypatch.setenv("UCS_TEST_AZURE_SECRET", "azure-client-secret-value-123")
    scope = AzureProvider(tenant_id="t-1", client_id="0a0b0c0d-0000-0000-0000-00000000c001", client_secret_env="UCS_TEST_AZURE_SECRET")
    assert isinstance(credential_for(scope), ClientSecretCredential)
    assert "azure-client-secret-value-123" not in redact("secret=azure-client-secret-value-123")
    assert isinstance(credential_for(AzureProvider()), DefaultAzureCredential)
    monkeypatch.delenv("UCS_TEST_AZURE_SECRET")
    with pytest.raises(CollectorError, match="UCS_TEST_AZURE_SECRET"):
        credential_for(scope)
    with pytest.raises(CollectorError, match="tenant_id and client_id"):
        monkeypatch.setenv("UCS_TEST_AZURE_SECRET", "x" * 8)
        credential_for(AzureProvider(client_secret_env="UCS_TEST_AZURE_SECRET"))


def test_warned_and_past_due_subscriptions_are_scanned_and_a_disabled_one_is_a_gap(tmp_path) -> None:
    """Warned / PastDue subscriptions keep running resources; Disabled ones are gaps, even when configured."""
    from agent.settings.tenant import AzureProvider
    from tests.azure.standin import AzureStandIn

    estate = load_estate()
    states = {SUB_A: "Warned", SUB_B: "PastDue", SUB_C: "Disabled"}
    listed = [s for s in estate["subscriptions"] if s["subscriptionId"] in (SUB_A, SUB_B)]
    listed = [{**s, "state": states[s["subscriptionId"]]} for s in listed]
    listed.append({"id": f"/subscriptions/{SUB_C}", "subscriptionId": SUB_C, "displayName": "empty", "state": "Disabled"})
    standin = AzureStandIn({**estate, "subscriptions": listed}, tmp_path).start()
    try:
        scope = AzureProvider(subscriptions=[{"id": SUB_C}], discover_subscriptions=True,
                              base_url=standin.base_url, ca_bundle=standin.ca_path, entra=False)
        inv = collect(scope, credential=StaticCredential())
    finally:
        standin.stop()
    assert {r.account for r in inv} == {SUB_A, SUB_B}
    assert inv.coverage.includes("azure", SUB_A, "japaneast", "azure.storage.account")
    assert inv.coverage.includes("azure", SUB_B, "japaneast", "azure.storage.account")
    (gap,) = inv.coverage.failures
    assert (gap.account, gap.resource_type, gap.error) == (SUB_C, "*", "subscription state is Disabled: not scanned")
    assert not inv.coverage.includes("azure", SUB_C, "global", "azure.monitor.diagnostic_settings")


def _container(sub: str, state: str, chain: list[str]) -> dict:
    """A ``resourcecontainers`` row of Resource Graph for a subscription, as the service answers it."""
    return {"subscriptionId": sub, "name": sub, "properties": {
        "state": state, "subscriptionPolicies": {"quotaId": "EnterpriseAgreement_2014-09-01", "spendingLimit": "Off"},
        "managementGroupAncestorsChain": [{"displayName": g, "name": g} for g in chain]}}


def test_management_group_scope_scans_the_running_subscriptions_beneath_it(tmp_path) -> None:
    from agent.settings.tenant import AzureProvider
    from tests.azure.standin import AzureStandIn

    containers = [_container(SUB_A, "Enabled", ["ucs-prod", "root-mg"]), _container(SUB_B, "PastDue", ["ucs-stg", "ucs-prod", "root-mg"]),
                  _container(SUB_C, "Disabled", ["ucs-prod", "root-mg"]), _container(SUB_D, "Enabled", ["sandbox", "root-mg"])]
    standin = AzureStandIn({**load_estate(), "resourcecontainers": containers, "forbidden_groups": ["finance-mg"]}, tmp_path).start()
    try:
        scope = AzureProvider(management_groups=["ucs-prod", "finance-mg"], base_url=standin.base_url,
                              ca_bundle=standin.ca_path, entra=False)
        inv = collect(scope, credential=StaticCredential())
    finally:
        standin.stop()
    assert {r.account for r in inv} == {SUB_A, SUB_B}  # nested groups included, the sandbox group not asked for
    assert ("GET", "/subscriptions") not in standin.requests  # no tenant-wide listing was needed
    gaps = {(f.account, f.error.split(":")[0]) for f in inv.coverage.failures}
    assert gaps == {(SUB_C, "subscription state is Disabled"), ("managementGroups/finance-mg", "listing subscriptions")}


def test_configured_subscriptions_only_without_discovery(azure_standin, azure_scope) -> None:
    azure_scope.discover_subscriptions = False
    clients = AzureClients(StaticCredential(), azure_scope.base_url, azure_scope.ca_bundle)
    inv = collect(azure_scope, clients=clients)
    assert {r.account for r in inv} == {SUB_C}
    assert not inv.coverage.failures
    assert len(inv) == 5  # the five per-subscription summaries of an empty subscription


def test_subscription_resource_graph_leaves_out_is_still_a_coverage_gap(tmp_path) -> None:
    """When Resource Graph silently skips an unreadable subscription, its 403 elsewhere makes it a gap."""
    from agent.settings.tenant import AzureProvider
    from tests.azure.standin import AzureStandIn

    standin = AzureStandIn({**load_estate(), "graph_skips_forbidden": True}, tmp_path).start()
    try:
        scope = AzureProvider(discover_subscriptions=True, base_url=standin.base_url, ca_bundle=standin.ca_path, entra=False)
        inv = collect(scope, credential=StaticCredential())
    finally:
        standin.stop()
    assert [(f.account, f.resource_type) for f in inv.coverage.failures] == [
        (SUB_OFF, "*"), (SUB_X, "*"), (SUB_D, "azure.monitor.diagnostic_settings")]
    assert "403" in inv.coverage.failures[1].error
    assert not any(r.account == SUB_X for r in inv)  # no empty summaries that would read as FAIL
    # SUB_D's 400 on the same read is no refusal: the subscription stays, that one setting is a gap
    assert {r.account for r in inv.by_type("azure.monitor.activity_log_alerts")} == {SUB_A, SUB_B, SUB_D}
    assert standin.count("/providers/Microsoft.ResourceGraph/") == 2  # one query each table, no retries


def test_throttled_resource_graph_query_is_retried_after_the_advertised_delay(tmp_path) -> None:
    from agent.settings.tenant import AzureProvider
    from tests.azure.standin import AzureStandIn

    standin = AzureStandIn({**load_estate(), "graph_throttle": 1}, tmp_path).start()
    try:
        scope = AzureProvider(subscriptions=[{"id": SUB_A}], base_url=standin.base_url, ca_bundle=standin.ca_path, entra=False)
        inv = collect(scope, credential=StaticCredential())
    finally:
        standin.stop()
    assert not inv.coverage.failures
    assert len(inv.by_type("azure.network.nsg")) == 6
    assert standin.count("/providers/Microsoft.ResourceGraph/") == 3  # the 429, its retry, securityresources


def test_one_refused_subscription_among_many_costs_a_few_queries(azure_standin, azure_scope) -> None:
    from agent.settings.tenant import AzureSubscription

    others = [f"{i:08x}-0000-4000-8000-000000000000" for i in range(63)]
    azure_scope.subscriptions = [AzureSubscription(id=s) for s in others[:40] + [SUB_X] + others[40:]]
    azure_scope.discover_subscriptions = False
    azure_standin.reset_log()
    inv = collect(azure_scope, credential=StaticCredential())
    assert [f.account for f in inv.coverage.failures] == [SUB_X]
    assert len({r.account for r in inv}) == 63
    posts = azure_standin.count("/providers/Microsoft.ResourceGraph/")
    assert posts <= 2 * 6 + 1 + 1  # bisection over 64: ≤ 2·log2(64)+1 resources queries, 1 securityresources


def test_certificate_credential_signs_in_with_a_client_assertion(azure_standin, tmp_path) -> None:
    from agent.settings.tenant import AzureProvider

    estate = azure_standin.estate
    estate["app"] = {"client_id": "0a0b0c0d-0000-0000-0000-00000000c003", "certificate": True}
    try:
        scope = AzureProvider(tenant_id=estate["tenantId"], client_id=estate["app"]["client_id"],
                              certificate_path=azure_standin.issue_client_certificate(tmp_path / "sp.pem"),
                              subscriptions=[{"id": SUB_C}], base_url=azure_standin.base_url,
                              authority=azure_standin.base_url, ca_bundle=azure_standin.ca_path, entra=False)
        azure_standin.token_requests.clear()
        inv = collect(scope)
    finally:
        estate.pop("app")
    (token_request,) = azure_standin.token_requests
    assert token_request["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assert "client_secret" not in token_request
    assert not inv.coverage.failures and len(inv) == 5


def test_ca_bundle_is_added_to_the_default_trust_store_not_in_place_of_it(azure_standin, azure_scope) -> None:
    """The merged store trusts certifi's roots and the stand-in's CA; a scan through it still works."""
    import certifi

    clients = AzureClients(StaticCredential(), azure_scope.base_url, azure_scope.ca_bundle)
    merged = Path(clients.verify).read_text(encoding="ascii")
    ca = Path(azure_standin.ca_path).read_text(encoding="ascii").strip()
    first_root = Path(certifi.where()).read_text(encoding="ascii").split("-----END CERTIFICATE-----")[0]
    assert ca in merged and first_root.split("-----BEGIN CERTIFICATE-----")[1] in merged
    assert credential_for(azure_scope)  # the credential is built with the same merged store
    azure_scope.discover_subscriptions = False
    assert len(collect(azure_scope, clients=clients)) == 5


def test_unreadable_ca_bundle_is_a_clear_error(azure_scope, tmp_path) -> None:
    with pytest.raises(CollectorError, match="ca_bundle") as exc:
        AzureClients(StaticCredential(), azure_scope.base_url, str(tmp_path / "missing.pem"))
    assert exc.value.hint
