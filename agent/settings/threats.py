"""The ``threats:`` config section.  Imports nothing from :mod:`agent.settings.tenant` (no cycle)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class ThreatSettings(BaseModel):
    """Art. 13: where the pseudonym key comes from and who may see raw communication data.

    ``pseudonym_key_env`` / ``pseudonym_key_file`` name the per-tenant secret; with neither set
    (or the variable empty) a random key is created once per tenant and kept in the store.
    """

    model_config = ConfigDict(extra="forbid")

    pseudonym_key_env: str | None = None
    pseudonym_key_file: str | None = None
    investigators: list[str] = Field(default_factory=list)
    # pseudonym length in hex digits after the kind prefix (ip:, user:, ua:)
    pseudonym_length: int = Field(default=12, ge=8, le=64)
    # folders of the tenant's own Sigma rules (checks/threats/_pack.py describes the format); a
    # rule that does not load is reported with its file and line, the others still run
    rule_dirs: list[str] = Field(default_factory=list)

    def configured_key(self) -> bytes | None:
        if self.pseudonym_key_file:
            data = Path(self.pseudonym_key_file).expanduser().read_bytes().strip()
            return data or None
        if self.pseudonym_key_env:
            value = os.environ.get(self.pseudonym_key_env, "")
            return value.encode() if value else None
        return None
