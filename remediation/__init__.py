"""Remediation: plan → approve → apply → verify → rollback, keyed by check id.

``remediators()`` maps a check id to the remediator that fixes it; the remediation room fills
the registry (see remediation/registry.py once it lands).
"""

from __future__ import annotations

from typing import Any

_REMEDIATORS: dict[str, Any] = {}


def remediators() -> dict[str, Any]:
    return dict(_REMEDIATORS)
