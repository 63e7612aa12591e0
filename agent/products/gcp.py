"""Google Security Command Center: ListFindings over every source of an organisation, folder or
project (``<parent>/sources/-``), through google-cloud-securitycenter (v1, REST transport).

Full read: ``state="ACTIVE"``; incremental: ``event_time >= "<since>"`` (active or not, so the
store learns what became inactive or muted there).  Pages of 1,000 follow ``nextPageToken``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agent.products import parse
from agent.products.aws import _newer
from agent.products.model import Reported

PAGE = 1000


def client_for(endpoint: str | None = None, credentials: Any = None) -> Any:
    from google.api_core.client_options import ClientOptions
    from google.cloud import securitycenter_v1

    opts = ClientOptions(api_endpoint=endpoint) if endpoint else None
    return securitycenter_v1.SecurityCenterClient(credentials=credentials, transport="rest", client_options=opts)


def scc(client: Any, parent: str, since: str | None) -> Iterator[list[Reported]]:
    from google.cloud import securitycenter_v1

    flt = f'event_time >= "{since}"' if since else 'state="ACTIVE"'
    pager = client.list_findings(request={"parent": f"{parent}/sources/-", "filter": flt, "page_size": PAGE})
    for page in pager.pages:
        out = []
        for r in page.list_findings_results:
            doc = securitycenter_v1.ListFindingsResponse.ListFindingsResult.to_dict(
                r, use_integers_for_enums=False, preserving_proto_field_name=False)
            rep = parse.scc(doc)
            if _newer(rep.updated_at, since) and (since is not None or rep.active):
                out.append(rep)
        yield out
