"""Config section ``scan:``: how long one scan, and one unit of it, may take.

A unit is what a collector reads as one piece (for AWS: one service in one region, or a global
service once per account).  A unit still running at ``service_deadline_seconds`` — or anything
still running at ``deadline_seconds`` after the scan began — is recorded as a coverage failure
("deadline exceeded after N s") and the scan completes as partial; nothing is resolved there.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ScanSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deadline_seconds: int = Field(default=1800, ge=1)
    service_deadline_seconds: int = Field(default=300, ge=1)
