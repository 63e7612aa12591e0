"""Read-only, incremental readers of the AWS products' own findings, one (account, region) each.

Each reader yields pages of :class:`Reported` and raises on a fault (the caller records the unit
as a coverage gap and moves no cursor).  ``since`` is the last read's cursor (ISO time): None
reads in full (only what is active there), otherwise only what changed since, archived or
resolved included, so the store learns what the product resolved.  Filters are sent to the API
and applied again here: an emulator that ignores them must not turn an incremental read into a
full one.  A product not enabled in the region raises :class:`NotEnabled`.

    Security Hub   GetFindings (pages of 100; Filters UpdatedAt / RecordState + WorkflowStatus)
    GuardDuty      ListDetectors; per detector ListFindings (50 ids, criterion updatedAt) + GetFindings
    Inspector2     ListFindings (filterCriteria updatedAt / findingStatus)
    Macie          GetMacieSession; ListFindings (criterion updatedAt) + GetFindings
    Access Analyzer  ListAnalyzers; per analyzer ListFindingsV2, in full (its filter has no update time)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from datetime import UTC, datetime
from typing import Any

import botocore.exceptions  # type: ignore[import-untyped]

from agent.collectors.aws.context import ClientFactory, error_code
from agent.products import parse
from agent.products.model import Reported

Pages = Iterator[list[Reported]]
FAR_FUTURE = "2999-12-31T23:59:59Z"


class NotEnabled(Exception):
    """The product is not enabled (or not subscribed) in this account and region."""


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def _newer(updated: str, since: str | None) -> bool:
    return since is None or not updated or _ms(updated) >= _ms(since)


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value or "")


def _not_enabled(exc: botocore.exceptions.ClientError, codes: tuple[str, ...]) -> bool:
    return error_code(exc) in codes


def securityhub(factory: ClientFactory, account: str, region: str, since: str | None,
                skip_products: Collection[str] = ()) -> Pages:
    c = factory.client("securityhub", region)
    if since:
        filters: dict[str, Any] = {"UpdatedAt": [{"Start": since, "End": FAR_FUTURE}]}
    else:
        filters = {"RecordState": [{"Value": "ACTIVE", "Comparison": "EQUALS"}],
                   "WorkflowStatus": [{"Value": "NEW", "Comparison": "EQUALS"},
                                      {"Value": "NOTIFIED", "Comparison": "EQUALS"}]}
    pages = c.get_paginator("get_findings").paginate(
        Filters=filters, SortCriteria=[{"Field": "UpdatedAt", "SortOrder": "desc"}],
        PaginationConfig={"PageSize": 100})
    try:
        for page in pages:
            out = []
            for doc in page.get("Findings", []):
                if parse.DIRECT_PRODUCTS.get(str(doc.get("ProductName"))) in skip_products:
                    continue  # read from that product directly: never twice
                if not _newer(str(doc.get("UpdatedAt") or ""), since):
                    continue
                rep = parse.asff(doc)
                if since is None and not rep.active:
                    continue
                out.append(rep)
            yield out
    except botocore.exceptions.ClientError as exc:
        if _not_enabled(exc, ("InvalidAccessException",)):
            raise NotEnabled("Security Hub is not enabled") from None
        raise


def _batched(ids: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def guardduty(factory: ClientFactory, account: str, region: str, since: str | None) -> Pages:
    c = factory.client("guardduty", region)
    detectors = [d for p in c.get_paginator("list_detectors").paginate() for d in p.get("DetectorIds", [])]
    if not detectors:
        raise NotEnabled("GuardDuty has no detector")
    criterion = ({"updatedAt": {"GreaterThanOrEqual": _ms(since)}} if since
                 else {"service.archived": {"Equals": ["false"]}})
    for det in detectors:
        for page in c.get_paginator("list_findings").paginate(
                DetectorId=det, FindingCriteria={"Criterion": criterion},
                SortCriteria={"AttributeName": "updatedAt", "OrderBy": "DESC"}, PaginationConfig={"PageSize": 50}):
            ids = page.get("FindingIds", [])
            if not ids:
                continue
            docs = c.get_findings(DetectorId=det, FindingIds=ids).get("Findings", [])
            reps = [parse.guardduty(d) for d in docs if _newer(str(d.get("UpdatedAt") or ""), since)]
            yield [r for r in reps if since is not None or r.active]


def inspector2(factory: ClientFactory, account: str, region: str, since: str | None) -> Pages:
    c = factory.client("inspector2", region)
    criteria: dict[str, Any] = (
        {"updatedAt": [{"startInclusive": datetime.fromisoformat(since.replace("Z", "+00:00")),
                        "endInclusive": datetime(2999, 1, 1, tzinfo=UTC)}]} if since
        else {"findingStatus": [{"comparison": "EQUALS", "value": "ACTIVE"}]})
    try:
        for page in c.get_paginator("list_findings").paginate(filterCriteria=criteria, PaginationConfig={"PageSize": 100}):
            docs = [{**d, "updatedAt": _iso(d.get("updatedAt"))} for d in page.get("findings", [])]
            reps = [parse.inspector2(d) for d in docs if _newer(d["updatedAt"], since)]
            yield [r for r in reps if since is not None or r.active]
    except botocore.exceptions.ClientError as exc:
        if _not_enabled(exc, ("AccessDeniedException",)) and "not enabled" in str(exc).lower():
            raise NotEnabled("Inspector is not enabled") from None
        raise


def macie(factory: ClientFactory, account: str, region: str, since: str | None) -> Pages:
    c = factory.client("macie2", region)
    try:
        c.get_macie_session()
    except botocore.exceptions.ClientError as exc:
        if _not_enabled(exc, ("AccessDeniedException", "ResourceNotFoundException")):
            raise NotEnabled("Macie is not enabled") from None
        raise
    criterion = {"updatedAt": {"gte": _ms(since)}} if since else {"archived": {"eq": ["false"]}}
    for page in c.get_paginator("list_findings").paginate(findingCriteria={"criterion": criterion},
                                                          PaginationConfig={"PageSize": 50}):
        ids = page.get("findingIds", [])
        if not ids:
            continue
        docs = [{**d, "updatedAt": _iso(d.get("updatedAt"))} for d in c.get_findings(findingIds=ids).get("findings", [])]
        reps = [parse.macie(d) for d in docs if _newer(d["updatedAt"], since)]
        yield [r for r in reps if since is not None or r.active]


def access_analyzer(factory: ClientFactory, account: str, region: str, since: str | None) -> Pages:
    """Always a full read of active findings (``since`` is ignored): absence resolves the rest."""
    c = factory.client("accessanalyzer", region)
    analyzers = [a for p in c.get_paginator("list_analyzers").paginate() for a in p.get("analyzers", [])
                 if a.get("status") == "ACTIVE"]
    if not analyzers:
        raise NotEnabled("no active IAM Access Analyzer")
    for a in analyzers:
        for page in c.get_paginator("list_findings_v2").paginate(
                analyzerArn=a["arn"], filter={"status": {"eq": ["ACTIVE"]}}, PaginationConfig={"PageSize": 100}):
            yield [parse.access_analyzer({**d, "updatedAt": _iso(d.get("updatedAt"))}, account, region)
                   for d in page.get("findings", [])]


# source -> (reader, reads in full every time)
READERS: dict[str, tuple[Callable[..., Pages], bool]] = {
    "securityhub": (securityhub, False),
    "guardduty": (guardduty, False),
    "inspector2": (inspector2, False),
    "macie": (macie, False),
    "access-analyzer": (access_analyzer, True),
}
