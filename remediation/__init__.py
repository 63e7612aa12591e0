"""Remediation: plan → approve → apply → verify → rollback, keyed by check id.

``remediators()`` maps a check id to the remediator that fixes it (see remediation/registry.py);
the runner (remediation/runner.py) applies modes and safety rails and writes the audit trail
(remediation/store.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remediation.base import Remediator


def remediators() -> dict[str, Remediator]:
    from remediation.registry import remediators as registered

    return registered()
