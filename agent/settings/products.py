"""The ``products:`` config section: which cloud security products the tenant licenses (Art. 3)
and where their findings are read.  Imports nothing from :mod:`agent.settings.tenant` (no cycle).

    products:
      licensed: [securityhub, guardduty, inspector2, macie, access-analyzer, defender, scc]
      securityhub_aggregation_region: eu-west-1   # read Security Hub only there (cross-region aggregation)
      scc_parents: [organizations/123456789012]   # organizations/…, folders/… or projects/…
      schedule: {interval_minutes: 15}            # how often the daemon reads them
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.settings.daemon import Schedule

ProductName = Literal["securityhub", "guardduty", "inspector2", "macie", "access-analyzer", "defender", "scc"]
AWS_PRODUCTS = ("securityhub", "guardduty", "inspector2", "macie", "access-analyzer")


class ProductSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    licensed: list[ProductName] = Field(default_factory=list)
    securityhub_aggregation_region: str | None = Field(default=None, pattern=r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")
    scc_parents: list[str] = Field(default_factory=list, json_schema_extra={"pattern": r"^(organizations|folders|projects)/"})
    scc_endpoint: str | None = Field(default=None, pattern=r"^https?://")  # a private endpoint or a test stand-in
    schedule: Schedule = Field(default_factory=lambda: Schedule(interval_minutes=15))  # the daemon's read
