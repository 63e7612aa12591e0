"""Collectors: read a provider's configuration into Resources + Coverage.  They never mutate.

Every provider package is a :class:`~agent.collectors.contract.Collector`:
``collect(scope, clients=None, progress=None, **options) -> Inventory`` (see
:mod:`agent.collectors.contract`).  :data:`PROVIDERS` maps a provider name to the function that
imports its package; the import happens on first use, so an AWS-only tenant never loads the
Azure or Google SDKs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from agent.collectors.contract import Collector, Progress, Scope
from agent.core.errors import UsageError

if TYPE_CHECKING:
    from kubernetes.client import ApiClient

    from agent.collectors.aws.context import ClientFactory
    from agent.collectors.azure.clients import AzureClients
    from agent.settings.gcp import GcpProvider
    from agent.settings.tenant import AwsAccount, AwsOrganization, AzureProvider, KubernetesCluster

__all__ = ["PROVIDERS", "Collector", "Progress", "Scope", "provider_module"]


def _aws() -> Collector[AwsAccount | AwsOrganization, ClientFactory]:
    from agent.collectors import aws

    return aws


def _kubernetes() -> Collector[KubernetesCluster, ApiClient]:
    from agent.collectors import kubernetes

    return kubernetes


def _azure() -> Collector[AzureProvider, AzureClients]:
    from agent.collectors import azure

    return azure


def _gcp() -> Collector[GcpProvider, Any]:
    from agent.collectors import gcp

    return gcp


PROVIDERS: dict[str, Callable[[], Collector[Any, Any]]] = {
    "aws": _aws,
    "kubernetes": _kubernetes,
    "azure": _azure,
    "gcp": _gcp,
}


def provider_module(name: str) -> Collector[Any, Any]:
    """The collector of provider ``name`` (imported on first use)."""
    try:
        load = PROVIDERS[name]
    except KeyError:
        raise UsageError(f"unknown provider {name!r}", hint=f"use one of: {', '.join(PROVIDERS)}") from None
    return load()
