"""Summary-then-detail reads shared by the AI and identity service modules (not a service module).

Most of these services list summaries and describe each item with a call of its own (no batch
form).  :func:`detail` makes that one call the way :meth:`ServiceContext.read` does: an item gone
between the listing and the call is dropped (``None``); any other fault keeps the summary with the
unreadable marker under ``_detail``, so every check that needs a described field answers ERROR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from agent.collectors.aws.context import ServiceContext
from agent.core.model import is_unreadable

_GONE: Any = object()


def detail(ctx: ServiceContext, summary: dict[str, Any], call: Callable[..., Any], key: str | None = None,
           gone: tuple[str, ...] = ("ResourceNotFoundException",), **kwargs: Any) -> dict[str, Any] | None:
    """The described document (under ``key`` of the answer when given) merged over ``summary``."""
    got = ctx.read(call, missing=gone, default=_GONE, **kwargs)
    if got is _GONE:
        return None
    if is_unreadable(got):
        return {**summary, "_detail": got}
    body = got.get(key) if key else got
    return {**summary, **(body if isinstance(body, dict) else {})}


def with_defaults(doc: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """``doc`` with each of ``keys`` present (``None`` when the API left it out: not configured).

    Only for a document that was read: the API omits an optional field that is not set, while a
    check tells "not read" from "off" by the key's absence.
    """
    if "_detail" in doc:
        return doc
    return {**{k: None for k in keys}, **doc}


def scrub(doc: dict[str, Any], drop: Iterable[str]) -> dict[str, Any]:
    """``doc`` without the top-level ``drop`` keys (values no check needs and that may hold secrets)."""
    gone = set(drop)
    return {k: v for k, v in doc.items() if k not in gone}
