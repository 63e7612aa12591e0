"""Small helpers shared by the service modules added for full AWS coverage."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from agent.collectors.aws._conventions import (  # noqa: F401 - re-exported for the breadth modules
    bounded_map,
    days_since,
    jsonable,
    now_utc,
    parse_time,
)
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource, is_unreadable, unreadable

GLOBAL_REGION = "global"


def make(ctx: ServiceContext, rtype: str, rid: str, name: str, data: dict[str, Any],
         tags: Any = None, region: str | None = None) -> Resource:
    tag_map = tags if isinstance(tags, dict) else tags_dict(tags)
    return Resource(provider="aws", account=ctx.account, region=region or ctx.region, type=rtype, id=rid,
                    name=name, tags=tag_map, data=jsonable(data))


def read_list(ctx: ServiceContext, client: Any, operation: str, key: str, missing: tuple[str, ...] = (),
              **kwargs: Any) -> Any:
    """Every page of one listing for one resource, or an unreadable marker (``[]`` when ``missing``)."""
    return ctx.read(lambda: list(ctx.paginate(client, operation, key, **kwargs)), missing=missing, default=[])


def kv(items: Any, key: str = "Key", value: str = "Value") -> Any:
    if is_unreadable(items) or not isinstance(items, list):
        return items
    return {str(i.get(key)): i.get(value) for i in items if isinstance(i, dict)}


def days_until(value: Any, now: datetime) -> int | None:
    """Whole days from ``now`` until ``value`` (negative once it is past); None when absent."""
    dt = parse_time(value)
    return None if dt is None else int((dt - now).total_seconds() // 86400)


def batched(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def arn(ctx: ServiceContext, service: str, resource: str, region: str | None = None) -> str:
    return f"arn:aws:{service}:{ctx.region if region is None else region}:{ctx.account}:{resource}"


def policy_field(got: Any, key: str) -> Any:
    """The policy document under ``key`` of an answer (parsed when it is a JSON string), ``None``
    when the answer said "no policy", or the unreadable marker as it came."""
    if got is None or is_unreadable(got):
        return got
    value = got.get(key) if isinstance(got, dict) else None
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return unreadable(f"{key}: not a JSON policy document")
    return value


def token_pages(call: Any, key: str, token: str = "NextToken", out_token: str | None = None, **kwargs: Any) -> list[Any]:
    """Every item under ``key`` of an operation botocore has no paginator for, following its
    continuation token (``token`` in the request, ``out_token`` — by default the same — in the answer)."""
    items: list[Any] = []
    nxt = None
    while True:
        page = call(**kwargs, **({token: nxt} if nxt else {}))
        items.extend(page.get(key, []))
        nxt = page.get(out_token or token)
        if not nxt:
            return items
