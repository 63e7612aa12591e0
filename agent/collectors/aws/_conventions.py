"""Helpers shared by the AWS service modules (not a service module: its name starts with "_").

Conventions every module follows (see docs/aws.md):

* ``Resource.data`` is the API's own document, made JSON-safe (datetimes → ISO-8601 strings).
* Keys the collector adds start with ``_`` (``_public_acl``, ``_flow_logs``, ``_age_days``…).
* Ages are computed here, at collection time, as whole days (``days_since``); checks compare
  those integers and never read the clock, so JSON fixtures never expire.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import botocore.exceptions
import botocore.parsers

from agent.collectors.aws.context import ServiceContext, describe_error
from agent.core.times import parse_time

T = TypeVar("T")
R = TypeVar("R")

PER_RESOURCE_WORKERS = 8


def jsonable(doc: Any) -> Any:
    """A copy of ``doc`` that ``json.dumps`` accepts without help (datetimes as ISO strings)."""
    if isinstance(doc, dict):
        return {k: jsonable(v) for k, v in doc.items() if k != "ResponseMetadata"}
    if isinstance(doc, (list, tuple)):
        return [jsonable(v) for v in doc]
    if isinstance(doc, datetime):
        return doc.isoformat()
    if isinstance(doc, date):
        return doc.isoformat()
    if isinstance(doc, bytes):
        return doc.decode("utf-8", "replace")
    return doc


def now_utc() -> datetime:
    return datetime.now(UTC)


def days_since(value: Any, now: datetime) -> int | None:
    dt = parse_time(value)
    return None if dt is None else max(0, (now - dt).days)


def bounded_map(func: Callable[[T], R], items: Iterable[T], workers: int = PER_RESOURCE_WORKERS) -> list[R]:
    """``map`` over a small thread pool, for per-resource API calls that have no batch form."""
    items = list(items)
    if len(items) <= 1:
        return [func(i) for i in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items)), thread_name_prefix="ucs-aws-item") as pool:
        return list(pool.map(func, items))


def listed(ctx: ServiceContext, resource_type: str, func: Callable[[], list[T]]) -> list[T]:
    """Run one listing; if it fails, record a coverage gap for ``resource_type`` and go on.

    A module collecting several types keeps the ones it could read when one listing is denied.
    """
    try:
        return func()
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError,
            botocore.parsers.ResponseParserError) as exc:
        ctx.gap(resource_type, f"{ctx.service}: {describe_error(exc)}")
        return []


def name_tag(tags: dict[str, str], default: str) -> str:
    return tags.get("Name") or default
