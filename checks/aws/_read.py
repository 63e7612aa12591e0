"""Helpers for reading settings in AWS checks (unreadable → ERROR) and IAM policy statements."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, is_unreadable, unreadable_reason

_MISSING = object()


def setting(resource: Resource, key: str) -> tuple[Any, Result | None]:
    """``(value, None)`` or ``(None, ERROR result)`` when the collector could not read ``key``.

    A key absent from the document counts as unreadable too: the check cannot tell "off" from
    "not collected", so it must not answer PASS or FAIL.
    """
    value = resource.data.get(key, _MISSING)
    if value is _MISSING:
        return None, Result.error(f"{key} was not collected")
    if is_unreadable(value):
        return None, Result.error(f"{key} could not be read: {unreadable_reason(value)}")
    return value, None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def statements(policy: Any) -> list[dict[str, Any]]:
    if not isinstance(policy, dict):
        return []
    return [s for s in as_list(policy.get("Statement")) if isinstance(s, dict)]


def principal_is_everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return "*" in as_list(principal.get("AWS"))
    return False
