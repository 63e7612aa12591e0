"""A scan never changes an Azure subscription, even when the SDK would like to.

azure-mgmt-core answers 409 MissingSubscriptionRegistration by registering the resource provider
for the caller (a POST to .../providers/<rp>/register).  The clients' read-only policy refuses
that POST before it is sent; the setting reads as unreadable (ERROR), and nothing is written.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from agent.collectors.azure import collect
from agent.collectors.azure.clients import AzureClients, ReadOnlyPolicy, WriteRefused
from agent.core.model import is_unreadable
from agent.settings.tenant import AzureProvider, AzureSubscription
from tests.azure.conftest import load_estate
from tests.azure.standin import AzureStandIn, StaticCredential

SUB_D = "66666666-6666-6666-6666-666666666666"
DIAG = f"/subscriptions/{SUB_D}/providers/Microsoft.Insights/diagnosticSettings"


@pytest.fixture()
def unregistered_standin(tmp_path: Path):
    estate = copy.deepcopy(load_estate())
    estate["failing"][DIAG] = {"status": 409, "error": {
        "code": "MissingSubscriptionRegistration",
        "message": "The subscription is not registered to use namespace 'microsoft.insights'."}}
    standin = AzureStandIn(estate, tmp_path).start()
    yield standin
    standin.stop()


def test_provider_registration_is_refused_not_sent(unregistered_standin: AzureStandIn) -> None:
    scope = AzureProvider(subscriptions=[AzureSubscription(id=SUB_D)], base_url=unregistered_standin.base_url,
                          ca_bundle=unregistered_standin.ca_path, entra=False)
    inv = collect(scope, clients=AzureClients(StaticCredential(), scope.base_url, scope.ca_bundle))
    writes = [(m, p) for m, p in unregistered_standin.requests
              if m != "GET" and not p.endswith(("/oauth2/v2.0/token", "/microsoft.resourcegraph/resources"))
              and "resourcegraph" not in p.lower()]
    assert writes == []
    assert unregistered_standin.count(DIAG) >= 1  # the read itself was made
    diag = [r for r in inv.by_type("azure.monitor.diagnostic_settings") if r.account == SUB_D]
    assert diag and is_unreadable(diag[0].data["settings"])
    assert "refused POST" in diag[0].data["settings"]["__unreadable__"]


class Req:
    """The part of a pipeline request the policy reads."""

    def __init__(self, method: str, url: str) -> None:
        self.http_request = type("H", (), {"method": method, "url": url})()


class Next:
    """The rest of the pipeline: says whether the request got through."""

    def send(self, request):  # noqa: ANN001
        return "sent"


def _policy(writes: bool = False) -> ReadOnlyPolicy:
    policy = ReadOnlyPolicy(writes)
    policy.next = Next()
    return policy


def test_policy_lets_reads_and_graph_queries_through_only() -> None:
    policy = _policy()
    assert policy.send(Req("GET", "https://m/subscriptions/x/resources")) == "sent"
    assert policy.send(Req("POST", "https://m/providers/Microsoft.ResourceGraph/resources?api-version=1")) == "sent"
    for method, url in (("POST", "https://m/subscriptions/x/providers/microsoft.insights/register"),
                        ("PUT", "https://m/subscriptions/x/resourceGroups/rg"),
                        ("DELETE", "https://m/subscriptions/x/resourceGroups/rg"),
                        ("POST", "https://m/subscriptions/x/providers/Microsoft.Storage/storageAccounts/s/listKeys")):
        with pytest.raises(WriteRefused):
            policy.send(Req(method, url))


def test_remediation_clients_write_but_never_register_providers() -> None:
    policy = _policy(writes=True)
    assert policy.send(Req("PATCH", "https://m/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/s")) == "sent"
    with pytest.raises(WriteRefused):
        policy.send(Req("POST", "https://m/subscriptions/x/providers/microsoft.insights/register"))
