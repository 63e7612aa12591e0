"""What every provider collector is: the :class:`Collector` protocol and the scope types.

A provider package (``agent.collectors.aws``, ``.azure``, ``.gcp``, ``.kubernetes``) is a module
with one entry point::

    collect(scope, clients=None, progress=None, **options) -> Inventory

``scope``     the provider's section of the tenant config (a settings model, see :data:`Scope`)
``clients``   where the SDK clients come from: the AWS ``ClientFactory``, ``AzureClients``, the GCP
              ``AssetServiceClient``, a Kubernetes ``ApiClient``.  None: built from the scope's
              credentials.  Tests, the demo and the benchmarks pass stand-in clients here.
``progress``  called with one line of text per step (the CLI's status line, the daemon's abandon
              check); may raise to stop the collection.
``options``   provider-specific tuning (services, regions, page sizes, worker counts).

The returned :class:`~agent.core.inventory.Inventory` is the resources and the coverage: what
was assessed and what failed.  A collector only reads; it never changes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from agent.core.inventory import Inventory
from agent.settings.gcp import GcpProvider
from agent.settings.tenant import AwsAccount, AwsOrganization, AzureProvider, KubernetesCluster

Progress = Callable[[str], None]
Scope = AwsAccount | AwsOrganization | KubernetesCluster | AzureProvider | GcpProvider

ScopeT = TypeVar("ScopeT", contravariant=True)
ClientsT = TypeVar("ClientsT", contravariant=True)


class Collector(Protocol[ScopeT, ClientsT]):
    """A provider package, seen as a module with ``collect``."""

    def collect(self, scope: ScopeT, clients: ClientsT | None = None, progress: Progress | None = None,
                **options: Any) -> Inventory: ...
