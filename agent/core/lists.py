"""One-item-or-list values, as API documents write them (``"Action": "s3:*"`` or a list)."""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list[Any]:
    """``value`` as a list: ``None`` is empty, a list is itself, a tuple its items, anything else a
    one-item list.  Shared by the policy evaluators and the checks (one helper, one name)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    return [value]
