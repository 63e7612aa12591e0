"""Small helpers shared by the service modules added for full AWS coverage."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any, TypeVar

from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.model import Resource, is_unreadable

GLOBAL_REGION = "global"
PER_RESOURCE_WORKERS = 8
T = TypeVar("T")
R = TypeVar("R")


def bounded_map(func: Callable[[T], R], items: Iterable[T], workers: int = PER_RESOURCE_WORKERS) -> list[R]:
    """``map`` over a small thread pool, for per-resource API calls that have no batch form
    (GetQueueAttributes, GetTopicAttributes, DescribeTable, ...): thousands of queues would
    otherwise be read one after another in the service's single collector thread."""
    items = list(items)
    if len(items) <= 1:
        return [func(i) for i in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items)), thread_name_prefix="ucs-aws-item") as pool:
        return list(pool.map(func, items))


def jsonable(obj: Any) -> Any:
    """API documents as plain JSON values: datetimes become ISO strings, raw bytes are dropped."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items() if k != "ResponseMetadata"}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, (bytes, bytearray)):
        return None
    return obj


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


def batched(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def arn(ctx: ServiceContext, service: str, resource: str, region: str | None = None) -> str:
    return f"arn:aws:{service}:{ctx.region if region is None else region}:{ctx.account}:{resource}"


def call_or(ctx: ServiceContext, func: Callable[..., Any], *args: Any, missing: tuple[str, ...] = (),
            default: Any = None, **kwargs: Any) -> Any:
    return ctx.read(func, *args, missing=missing, default=default, **kwargs)
