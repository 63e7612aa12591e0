"""The ``remediation:`` section of the tenant config.

Kept free of imports from the rest of the package so ``agent.settings.tenant`` can import it without
pulling in the SDK clients the remediators use.
"""

from __future__ import annotations

import fnmatch
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Mode = Literal["off", "dry-run", "approval", "auto"]


class RemediationSettings(BaseModel):
    """Modes, safety rails and the destinations some fixes need.

    ``checks`` overrides the mode per check id (globs allowed, first match in file order wins);
    ``auto`` only takes effect for checks also listed in ``auto_allow`` — anything else set to
    auto falls back to approval, so nothing changes unattended by accident.
    """

    model_config = ConfigDict(extra="forbid")

    mode: Mode = "dry-run"
    checks: dict[str, Mode] = Field(default_factory=dict)
    auto_allow: list[str] = Field(default_factory=list)
    exempt_tag: str = Field(default="ucs-remediation-exempt", min_length=1)
    max_changes_per_run: int = Field(default=10, ge=0)
    approval_expiry_hours: int = Field(default=72, ge=1)
    s3_access_log_bucket: str | None = None
    s3_access_log_prefix: str = "s3-access-logs/"
    flow_log_destination: str | None = Field(default=None, pattern=r"^arn:aws[a-z-]*:(s3|logs):.+$")
    flow_log_role_arn: str | None = None
    unused_key_days: int = Field(default=45, ge=0)
    psa_enforce_level: Literal["baseline", "restricted"] = "baseline"

    @field_validator("mode", mode="before")
    @classmethod
    def _yaml_off(cls, v: Any) -> Any:
        # YAML 1.1 reads a bare `off` as false; a person writing `mode: off` means the mode "off".
        return "off" if v is False else v

    @field_validator("checks", mode="before")
    @classmethod
    def _yaml_off_per_check(cls, v: Any) -> Any:
        return {k: ("off" if m is False else m) for k, m in v.items()} if isinstance(v, dict) else v

    def mode_for(self, check_id: str) -> Mode:
        mode: Mode = self.mode
        for pattern, m in self.checks.items():
            if fnmatch.fnmatchcase(check_id, pattern):
                mode = m
                break
        if mode == "auto" and not any(fnmatch.fnmatchcase(check_id, p) for p in self.auto_allow):
            return "approval"
        return mode
