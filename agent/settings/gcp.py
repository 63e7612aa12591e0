"""The ``providers.gcp`` section of a tenant config: which projects, folders and organisation to read.

A schema, so it lives with the other settings (the collector and the remediators import it from
here); it needs nothing but pydantic, so loading a config never imports the Google SDK.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# https://cloud.google.com/resource-manager/docs/creating-managing-projects: 6-30 characters,
# lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen.  Older
# Google Workspace projects carry a domain prefix (``example.com:my-project``), and Cloud Asset
# also takes a project by its number (``projects/123456789012``).
PROJECT_ID = re.compile(r"^(?:[a-z0-9][a-z0-9.-]{0,252}[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$")
NUMERIC_ID = re.compile(r"^\d{1,32}$")


def _project(value: str) -> str:
    """Accept ``my-proj``, ``example.com:my-proj``, ``123456789012`` or any of them after ``projects/``."""
    bare = value.split("/", 1)[1] if value.startswith("projects/") else value
    if not (PROJECT_ID.match(bare) or NUMERIC_ID.match(bare)):
        raise ValueError(f"{value!r} is not a project id (6-30 lowercase letters, digits, hyphens, like my-project-123, "
                         "optionally after a domain as example.com:my-project) nor a project number (123456789012)")
    return bare


def _numeric(value: str, kind: str) -> str:
    """Accept ``123`` or ``folders/123`` (``organizations/123``) and return the bare number."""
    bare = value.split("/", 1)[1] if value.startswith(f"{kind}/") else value
    if not NUMERIC_ID.match(bare):
        raise ValueError(f"{value!r} is not a {kind[:-1]} id (a number such as 123456789012, or {kind}/123456789012)")
    return bare


class GcpProvider(BaseModel):
    """Google Cloud scope: ListAssets runs once per project, folder and organisation listed here.

    Credentials: ``credentials_file`` (a service-account key JSON) or, when absent, Application
    Default Credentials.  ``anonymous`` sends no credentials at all and exists only for local
    emulators (with ``api_endpoint: http://127.0.0.1:PORT``).
    """

    model_config = ConfigDict(extra="forbid")

    projects: list[str] = Field(default_factory=list)
    folders: list[str] = Field(default_factory=list)
    organization: str | None = None
    credentials_file: str | None = None
    api_endpoint: str | None = None
    anonymous: bool = False
    transport: Literal["rest", "grpc"] = "rest"
    page_size: int = Field(default=1000, ge=1, le=1000)

    @field_validator("projects")
    @classmethod
    def _projects(cls, v: list[str]) -> list[str]:
        return [_project(p) for p in v]

    @field_validator("folders")
    @classmethod
    def _folders(cls, v: list[str]) -> list[str]:
        return [_numeric(f, "folders") for f in v]

    @field_validator("organization")
    @classmethod
    def _organization(cls, v: str | None) -> str | None:
        return None if v is None else _numeric(v, "organizations")

    @model_validator(mode="after")
    def _credentials(self) -> GcpProvider:
        if self.anonymous and self.credentials_file:
            raise ValueError("give either credentials_file or anonymous, not both")
        return self

    def parents(self) -> list[str]:
        """The ListAssets parents, in config order: projects, then folders, then the organisation."""
        out = [f"projects/{p}" for p in self.projects] + [f"folders/{f}" for f in self.folders]
        if self.organization:
            out.append(f"organizations/{self.organization}")
        return out
