"""Config section ``engine:``: where a scan's collection runs — in process (default) or sharded over Celery workers.

Imported by :mod:`agent.settings.tenant`; imports nothing from it (no cycle).
"""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class EngineSettings(BaseModel):
    """``kind: celery`` publishes a scan's shards (one per AWS account — organisation members
    included —, Kubernetes cluster, Azure provider, GCP provider) to the tenant's queue
    ``<queue>.<tenant>`` and waits for them; workers (``ucs worker``) collect them with their own
    copy of the tenant config.  The broker URL may carry a password: give it through
    ``broker_url_env`` then."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["embedded", "celery"] = "embedded"
    broker_url: str | None = None
    broker_url_env: str | None = None
    result_backend: str | None = None  # default: the broker (Redis)
    queue: str = Field(default="ucs", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    max_in_flight: int = Field(default=8, ge=1, le=1000)  # this tenant's shards queued or running at once
    shard_timeout_seconds: float = Field(default=900.0, gt=0)  # a shard running longer is killed and retried
    shard_retries: int = Field(default=1, ge=0, le=10)  # then it is a coverage gap
    # A shard whose worker died is delivered again after this long (Redis visibility timeout).
    redelivery_seconds: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _broker(self) -> EngineSettings:
        if self.kind == "celery" and not (self.broker_url or self.broker_url_env):
            raise ValueError("engine.kind celery needs broker_url or broker_url_env (e.g. redis://127.0.0.1:6379/0)")
        return self

    def broker(self) -> str:
        if self.broker_url_env:
            url = os.environ.get(self.broker_url_env, "")
            if not url:
                from agent.core.errors import ConfigError, Problem

                raise ConfigError([Problem("", None, "engine.broker_url_env",
                                           f"environment variable {self.broker_url_env} is not set")])
            return url
        return str(self.broker_url)

    @property
    def redelivery(self) -> float:
        return self.redelivery_seconds or max(60.0, 2 * self.shard_timeout_seconds)
