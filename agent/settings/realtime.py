"""Config section ``realtime:``: event-driven re-assessment of resources whose change arrives in the logs.

Imported by :mod:`agent.settings.tenant`; imports nothing from it (no cycle).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

PROVIDERS = ("aws", "kubernetes", "azure", "gcp")


class RealtimeSettings(BaseModel):
    """``enabled``: unset means on exactly when the tenant has the monitoring-log intake (option menu
    threat-detection) configured; ``true`` without the intake is a config error.

    A change is re-assessed ``settle_seconds`` after the last event about its resource (a burst of
    changes costs one re-collection), and at the latest ``max_wait_seconds`` after the first.
    Beyond ``max_per_hour_per_account`` / ``max_per_day_per_account`` re-collections, a change
    waits for the next scheduled scan, and that is counted."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    settle_seconds: float = Field(default=10.0, ge=0, le=3600)
    max_wait_seconds: float = Field(default=60.0, gt=0, le=86400)
    max_per_hour_per_account: int = Field(default=600, ge=0)
    max_per_day_per_account: int = Field(default=10000, ge=0)
    providers: list[str] = Field(default_factory=lambda: list(PROVIDERS))
    # Kubernetes audit events do not name their cluster: intake source label -> cluster name
    # (a tenant with one live cluster needs none).
    clusters: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _valid(self) -> RealtimeSettings:
        unknown = [p for p in self.providers if p not in PROVIDERS]
        if unknown:
            raise ValueError(f"unknown provider(s) {unknown}; choose from {list(PROVIDERS)}")
        if self.max_wait_seconds < self.settle_seconds:
            raise ValueError("max_wait_seconds must not be shorter than settle_seconds")
        return self
