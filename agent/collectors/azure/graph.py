"""Azure Resource Graph: every resource of every subscription in a few paged queries.

One KQL query over the ``resources`` table (and one over ``securityresources`` for Defender
pricing tiers) returns up to 1,000 rows a page; the ``$skipToken`` of each answer asks for the
next page.  Rows already carry the ARM document (``properties``, ``sku``, ``identity``, tags), so
most checks need nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

# ARM type (lower case, as Resource Graph reports it) -> our resource type.
RESOURCE_TYPES: dict[str, str] = {
    "microsoft.storage/storageaccounts": "azure.storage.account",
    "microsoft.network/networksecuritygroups": "azure.network.nsg",
    "microsoft.network/networkwatchers": "azure.network.watcher",
    "microsoft.network/networkwatchers/flowlogs": "azure.network.flow_log",
    "microsoft.network/publicipaddresses": "azure.network.public_ip",
    "microsoft.network/networkinterfaces": "azure.network.nic",
    "microsoft.network/bastionhosts": "azure.network.bastion",
    "microsoft.compute/virtualmachines": "azure.compute.vm",
    "microsoft.compute/virtualmachines/extensions": "azure.compute.vm_extension",
    "microsoft.compute/disks": "azure.compute.disk",
    "microsoft.sql/servers": "azure.sql.server",
    "microsoft.sql/servers/databases": "azure.sql.database",
    "microsoft.keyvault/vaults": "azure.keyvault.vault",
    "microsoft.containerservice/managedclusters": "azure.aks.cluster",
    "microsoft.web/sites": "azure.web.app",
    "microsoft.insights/activitylogalerts": "azure.monitor.activity_log_alert",
    "microsoft.dbforpostgresql/flexibleservers": "azure.postgresql.flexible_server",
    "microsoft.dbformysql/flexibleservers": "azure.mysql.flexible_server",
    "microsoft.documentdb/databaseaccounts": "azure.cosmosdb.account",
    "microsoft.containerregistry/registries": "azure.acr.registry",
    "microsoft.network/applicationgateways": "azure.network.application_gateway",
}
SECURITY_TYPES: dict[str, str] = {"microsoft.security/pricings": "azure.security.pricing"}

PROJECTION = "id, name, type, location, resourceGroup, subscriptionId, tags, properties, sku, kind, identity"
MAX_SUBSCRIPTIONS_PER_QUERY = 1000  # Resource Graph's limit on the subscriptions list of one request
MAX_PAGE = 1000                     # and on $top


def resources_query() -> str:
    types = ", ".join(f"'{t}'" for t in RESOURCE_TYPES)
    return f"resources | where type in~ ({types}) | project {PROJECTION}"


def security_query() -> str:
    types = ", ".join(f"'{t}'" for t in SECURITY_TYPES)
    return f"securityresources | where type in~ ({types}) | project id, name, type, subscriptionId, properties"


SUBSCRIPTIONS_QUERY = ("resourcecontainers | where type =~ 'microsoft.resources/subscriptions' "
                       "| project subscriptionId, name, properties")


def management_group_rows(graph_client: Any, group: str, page_size: int = MAX_PAGE) -> Iterator[dict[str, Any]]:
    """The subscriptions under management group ``group`` (at any depth), as ``resourcecontainers`` rows."""
    from azure.mgmt.resourcegraph.models import QueryRequest, QueryRequestOptions

    skip_token: str | None = None
    while True:
        options = QueryRequestOptions(top=max(1, min(page_size, MAX_PAGE)), skip_token=skip_token, result_format="objectArray")
        answer = graph_client.resources(QueryRequest(management_groups=[group], query=SUBSCRIPTIONS_QUERY, options=options))
        yield from (row for row in (answer.data or []) if isinstance(row, dict))
        skip_token = answer.skip_token
        if not skip_token:
            break


def query_rows(graph_client: Any, subscriptions: Sequence[str], query: str, page_size: int = MAX_PAGE) -> Iterator[dict[str, Any]]:
    """Yield every row of ``query`` over ``subscriptions``, following ``$skipToken`` pages."""
    from azure.mgmt.resourcegraph.models import QueryRequest, QueryRequestOptions

    page_size = max(1, min(page_size, MAX_PAGE))
    for start in range(0, len(subscriptions), MAX_SUBSCRIPTIONS_PER_QUERY):
        batch = list(subscriptions[start:start + MAX_SUBSCRIPTIONS_PER_QUERY])
        skip_token: str | None = None
        while True:
            options = QueryRequestOptions(top=page_size, skip_token=skip_token, result_format="objectArray")
            answer = graph_client.resources(QueryRequest(subscriptions=batch, query=query, options=options))
            yield from (row for row in (answer.data or []) if isinstance(row, dict))
            skip_token = answer.skip_token
            if not skip_token:
                break
