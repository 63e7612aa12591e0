"""Helpers every provider's checks share: bilingual text pairs, lists, policy statements.

One helper, one name, one signature: provider modules import these instead of writing their own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agent.core.lists import as_list

__all__ = ["T", "as_list", "statements"]


def T(en: str, ja: str) -> dict[str, str]:  # noqa: N802 - reads as a constructor of a text pair
    """A text in English and Japanese (titles, descriptions, remediation)."""
    return {"en": en, "ja": ja}


def iso_time(value: Any) -> datetime | None:
    """An ISO 8601 timestamp as the APIs write it (``...Z`` or ``+00:00``); None when absent."""
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None


def statements(policy: Any) -> list[dict[str, Any]]:
    """The statements of a policy document (one statement or a list); non-dict items dropped."""
    if not isinstance(policy, dict):
        return []
    return [s for s in as_list(policy.get("Statement")) if isinstance(s, dict)]
