"""Microsoft Defender for Cloud: its alerts and assessments, read from Resource Graph.

One KQL query over ``securityresources`` per read (``microsoft.security/assessments`` and
``microsoft.security/locations/alerts``), paged by ``$skipToken`` like the inventory
(:func:`agent.collectors.azure.graph.query_rows`).  Incremental: only rows whose status changed
(assessments ``properties.status.statusChangeDate``, alerts ``timeGeneratedUtc``) since the last
read; the filter is in the query and applied again to the answer.  A subscription Resource Graph
refuses raises (a coverage gap); no rows at all is "no findings", not "not enabled" (Defender's
free tier still assesses).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from agent.collectors.azure.graph import query_rows
from agent.products import parse
from agent.products.aws import _newer
from agent.products.model import Reported

ASSESSMENT = "microsoft.security/assessments"
ALERT = "microsoft.security/locations/alerts"


def defender_query(since: str | None) -> str:
    q = (f"securityresources | where type in~ ('{ASSESSMENT}', '{ALERT}')"
         " | extend changed = todatetime(coalesce(properties.status.statusChangeDate, properties.timeGeneratedUtc))")
    if since:
        q += f" | where changed >= datetime({since})"
    else:
        q += (" | where (type =~ 'microsoft.security/assessments' and properties.status.code =~ 'Unhealthy')"
              " or (type =~ 'microsoft.security/locations/alerts' and properties.status in~ ('Active', 'InProgress'))")
    return q + " | project id, name, type, subscriptionId, location, properties"


def _reported(row: dict[str, Any]) -> Reported | None:
    rtype = str(row.get("type") or "").lower()
    if rtype == ASSESSMENT:
        return parse.defender_assessment(row)
    if rtype == ALERT:
        return parse.defender_alert(row)
    return None  # another securityresources row (the stand-in does not evaluate KQL; a real answer never has one)


def defender(graph_client: Any, subscriptions: Sequence[str], since: str | None,
             page_size: int = 1000) -> Iterator[list[Reported]]:
    batch: list[Reported] = []
    for row in query_rows(graph_client, subscriptions, defender_query(since), page_size):
        rep = _reported(row)
        if rep is None or not _newer(rep.updated_at, since) or (since is None and not rep.active):
            continue
        batch.append(rep)
        if len(batch) >= page_size:
            yield batch
            batch = []
    yield batch
