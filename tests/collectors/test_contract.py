"""Every provider package is a Collector: collect(scope, clients=None, progress=None, **options)."""

from __future__ import annotations

import inspect

import pytest

from agent import collectors
from agent.core.inventory import Inventory

SCOPE_TYPES = {
    "aws": "AwsAccount | AwsOrganization",
    "kubernetes": "KubernetesCluster",
    "azure": "AzureProvider",
    "gcp": "GcpProvider",
}


@pytest.mark.parametrize("provider", sorted(collectors.PROVIDERS))
def test_provider_collect_has_the_one_signature(provider: str) -> None:
    collect = collectors.provider_module(provider).collect
    params = list(inspect.signature(collect).parameters.values())
    assert [p.name for p in params[:3]] == ["scope", "clients", "progress"]
    assert params[1].default is None and params[2].default is None
    assert params[-1].kind is inspect.Parameter.VAR_KEYWORD
    # the scope is the provider's settings model, never Any (annotations are strings here)
    assert params[0].annotation == SCOPE_TYPES[provider]
    assert inspect.signature(collect).return_annotation in ("Inventory", Inventory)


def test_every_configurable_provider_has_a_collector() -> None:
    from agent.engine.scan import PROVIDER_FEATURE

    assert set(collectors.PROVIDERS) == set(PROVIDER_FEATURE) == set(SCOPE_TYPES)


def test_unknown_provider_is_a_usage_error() -> None:
    from agent.core.errors import UcsError

    with pytest.raises(UcsError, match="unknown provider 'nope'"):
        collectors.provider_module("nope")
