"""The Azure stand-in, started once per test session, serving tests/azure/fixtures/estate.json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.azure.standin import AzureStandIn, StaticCredential

ESTATE = Path(__file__).parent / "fixtures" / "estate.json"
SUB_A = "11111111-1111-1111-1111-111111111111"  # production: good monitoring
SUB_B = "22222222-2222-2222-2222-222222222222"  # staging: weak monitoring
SUB_C = "44444444-4444-4444-4444-444444444444"  # empty, configured but not listed
SUB_X = "33333333-3333-3333-3333-333333333333"  # answers 403 everywhere
SUB_D = "66666666-6666-6666-6666-666666666666"  # sandbox: its activity-log diagnostic settings answer 400
SUB_OFF = "55555555-5555-5555-5555-555555555555"  # retired: state Disabled, a coverage gap


def load_estate() -> dict:
    return json.loads(ESTATE.read_text(encoding="utf-8"))


def tenant_yaml(standin: AzureStandIn, ucs_tenant: str, options: str = "multi-cloud", extra: str = "",
                **azure: object) -> str:
    """A tenant config whose providers.azure points at the stand-in, plus the given azure keys."""
    keys = {"base_url": standin.base_url, "ca_bundle": standin.ca_path, "entra": False, **azure}
    lines = "\n".join(f"    {k}: {json.dumps(v)}" for k, v in keys.items())  # JSON values are YAML too
    return (f"tenant: {{id: {ucs_tenant}}}\nlicence: {{product: UCS Cloud Security, expires: 2099-01-01}}\n"
            f"menus: {{options: [{options}]}}\nproviders:\n  azure:\n{lines}\n{extra}")


@pytest.fixture(scope="session")
def azure_standin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AzureStandIn]:
    standin = AzureStandIn(load_estate(), tmp_path_factory.mktemp("azure")).start()
    yield standin
    standin.stop()


@pytest.fixture()
def azure_scope(azure_standin: AzureStandIn):
    from agent.settings.tenant import AzureProvider, AzureSubscription

    return AzureProvider(subscriptions=[AzureSubscription(id=SUB_C, name="empty")], discover_subscriptions=True,
                         base_url=azure_standin.base_url, ca_bundle=azure_standin.ca_path, entra=False)


@pytest.fixture(scope="session")
def azure_inventory(azure_standin: AzureStandIn, tmp_path_factory: pytest.TempPathFactory):
    """One collection of the whole estate (small pages, so $skipToken paging is exercised)."""
    from agent.collectors.azure import collect
    from agent.collectors.azure.clients import AzureClients
    from agent.settings.tenant import AzureProvider, AzureSubscription

    scope = AzureProvider(subscriptions=[AzureSubscription(id=SUB_C)], discover_subscriptions=True,
                          base_url=azure_standin.base_url, ca_bundle=azure_standin.ca_path, entra=False)
    clients = AzureClients(StaticCredential(), scope.base_url, scope.ca_bundle)
    azure_standin.reset_log()
    inv = collect(scope, clients=clients, page_size=7)
    return inv, clients, list(azure_standin.requests)


@pytest.fixture(scope="session")
def entra_inventory(azure_standin: AzureStandIn):
    """The four Entra ID tenants of tests/azure/entra_estate.py, each collected through the collector and msgraph-sdk."""
    return collect_entra(azure_standin)


def collect_entra(standin: AzureStandIn):
    from datetime import datetime

    from agent.collectors.azure import collect
    from agent.core.inventory import Inventory
    from agent.settings.tenant import AzureProvider, AzureSubscription
    from tests.azure import entra_estate

    inv = Inventory(now=datetime.fromisoformat(entra_estate.NOW))
    saved = {k: standin.estate.pop(k) for k in list(standin.estate) if k.startswith("graph")}
    try:
        root = entra_estate.ROOT_ASSIGNMENTS.lower()
        sub_roles = f"/subscriptions/{SUB_C}/providers/Microsoft.Authorization/roleAssignments"
        for tenant in entra_estate.TENANTS:
            standin.estate.update(entra_estate.estate(tenant))
            standin.set_document(root, {"value": entra_estate.root_assignments(tenant)},
                                 denied="Microsoft.Authorization/roleAssignments/read" if tenant == entra_estate.DENIED else None)
            standin.set_document(sub_roles, {"value": entra_estate.subscription_assignments(tenant, SUB_C)})
            scope = AzureProvider(tenant_id=tenant, subscriptions=[AzureSubscription(id=SUB_C)], base_url=standin.base_url,
                                  ca_bundle=standin.ca_path, graph_url=standin.base_url)
            got = collect(scope, credential=StaticCredential())
            inv.add_all(r for r in got if r.type.startswith("azure.entra."))
            inv.coverage.extend(got.coverage)
            for k in [k for k in standin.estate if k.startswith("graph")]:
                standin.estate.pop(k)
    finally:
        standin.estate.update(saved)
        standin.set_document(root, None)
        standin.set_document(sub_roles, None)
    return inv
