"""The ``compliance:`` section of a tenant config: which frameworks the tenant is assessed against,
when the daemon stores the daily snapshot, and how far a score may drop before a notification.

```yaml
compliance:
  frameworks: [fisc, ismap, nist-800-53-r5]   # default: every framework file
  score_drop_points: 5                        # notify when a framework's score drops by more
  snapshot: {cron: "55 23 * * *"}             # daily, in the tenant's time zone
```
"""

from __future__ import annotations

from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from agent.settings.daemon import Schedule


def known_frameworks() -> list[str]:
    """The framework ids shipped in ``config/frameworks`` (file names, without ``.yaml``)."""
    folder = resources.files("config").joinpath("frameworks")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


class ComplianceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    frameworks: list[str] = Field(default_factory=list)
    score_drop_points: float = Field(default=5.0, ge=0, le=100)
    snapshot: Schedule = Field(default_factory=lambda: Schedule(cron="55 23 * * *"))

    def selected(self) -> list[str]:
        """The tenant's frameworks, in config order (every known one when none is listed)."""
        return list(self.frameworks) or known_frameworks()
