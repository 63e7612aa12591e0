"""A tenant scan over Azure: the multi-cloud option menu gates it, a 403 subscription makes it partial."""

from __future__ import annotations

import pytest

from agent.core.errors import ConfigError, MenuError
from agent.core.model import Status
from agent.engine.scan import run_scan
from agent.settings.tenant import parse_settings
from tests.azure.conftest import SUB_C, SUB_D, SUB_OFF, SUB_X, tenant_yaml
from tests.azure.standin import StaticCredential


def _settings(tenant_id: str, standin, options: str) -> object:
    return parse_settings(tenant_yaml(standin, tenant_id, options, discover_subscriptions=True,
                                      subscriptions=[{"id": SUB_C, "name": "empty"}]), "tenant.yaml")


def test_azure_needs_the_multi_cloud_menu(azure_standin, store, tenant_id) -> None:
    settings = _settings(tenant_id, azure_standin, "remediation")
    azure_standin.reset_log()
    with pytest.raises(MenuError, match="multi-cloud"):
        run_scan(settings, store, collect_options={"azure": {"credential": StaticCredential()}})
    assert azure_standin.requests == []  # refused before any call to Azure


def test_tenant_scan_over_azure_is_partial_and_stores_findings(azure_standin, store, tenant_id) -> None:
    settings = _settings(tenant_id, azure_standin, "multi-cloud")
    outcome = run_scan(settings, store, collect_options={"azure": {"credential": StaticCredential()}})
    assert outcome.status == "partial"
    assert [(g.account, g.resource_type) for g in outcome.coverage.failures] == [
        (SUB_OFF, "*"), (SUB_X, "*"), (SUB_D, "azure.monitor.diagnostic_settings")]
    failing = {(f.check_id, f.resource.name) for f in outcome.findings if f.status is Status.FAIL}
    assert ("azure.network.nsg_ssh_restricted", "nsg-ssh") in failing
    assert ("azure.storage.https_only", "stgood") not in failing
    assert sum(outcome.changes.values()) == len([f for f in outcome.findings if f.status is Status.FAIL])


def test_bad_azure_config_names_file_line_and_key(azure_standin) -> None:
    with pytest.raises(ConfigError) as err:
        parse_settings("""
tenant: {id: acme}
licence: {product: UCS Cloud Security, expires: 2099-01-01}
providers:
  azure:
    subscriptions:
      - id: not-a-guid
""", "tenant.yaml")
    assert "tenant.yaml:7: providers.azure.subscriptions[0].id: 'not-a-guid' is not a subscription id" in str(err.value)


def test_service_principal_secret_from_env_signs_in_at_the_authority(azure_standin, store, tenant_id, monkeypatch) -> None:
    """No injected credential: ClientSecretCredential gets its token from the stand-in's Entra endpoint."""
    from agent.core.logging_setup import redact

    estate = azure_standin.estate
    estate["app"] = {"client_id": "0a0b0c0d-0000-0000-0000-00000000c001", "client_secret": "sp-secret-value-7f3a"}
    monkeypatch.setenv("UCS_TEST_AZURE_SP_SECRET", "sp-secret-value-7f3a")
    try:
        settings = parse_settings(tenant_yaml(
            azure_standin, tenant_id, tenant_id=estate["tenantId"], client_id=estate["app"]["client_id"],
            client_secret_env="UCS_TEST_AZURE_SP_SECRET", subscriptions=[{"id": SUB_C}],
            authority=azure_standin.base_url), "tenant.yaml")
        azure_standin.token_requests.clear()
        outcome = run_scan(settings, store)
    finally:
        estate.pop("app")
    assert outcome.status == "completed"
    assert {f.check_id for f in outcome.findings if f.status is Status.FAIL} >= {"azure.monitor.diagnostic_setting_exists"}
    (token_request,) = azure_standin.token_requests  # one token, cached for every client
    assert token_request["client_secret"] == "sp-secret-value-7f3a"
    assert token_request["scope"] == f"{azure_standin.base_url}/.default"
    assert "sp-secret-value-7f3a" not in redact("secret: sp-secret-value-7f3a")
    assert "sp-secret-value-7f3a" not in str([f.to_dict() for f in outcome.findings])
