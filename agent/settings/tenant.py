"""Tenant configuration: one validated YAML file per tenant.

Validation is layered: YAML syntax and duplicate keys (``agent.core.yamlload``), then the pydantic
models below.  Every problem is reported at once, each naming file, line and key path.
Sections owned by other rooms (notifications, remediation, daemon/throttle) are defined next to
their code and imported here, so this file stays the index of the config, not its whole text.
"""

from __future__ import annotations

import fnmatch
import os
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agent.core.errors import ConfigError, Problem
from agent.core.model import Severity
from agent.core.yamlload import dotted, line_for, load_file, load_text
from agent.settings.compliance import ComplianceSettings, known_frameworks
from agent.settings.daemon import DaemonSettings, IntakeSettings, ThrottleSettings
from agent.settings.engine import EngineSettings
from agent.settings.gcp import GcpProvider
from agent.settings.notifications import NotificationSettings
from agent.settings.products import ProductSettings
from agent.settings.realtime import RealtimeSettings
from agent.settings.remediation import RemediationSettings
from agent.settings.scan import ScanSettings
from agent.settings.threats import ThreatSettings


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


SeverityName = Annotated[str, Field(pattern=r"^(?i:info|low|medium|high|critical)$")]


# a tenant id names files (store, outputs) and rows: lower-case letters, digits, "_" and "-" only
TENANT_ID = r"^[a-z0-9][a-z0-9_-]{0,62}$"


def check_tenant_id(value: str) -> str:
    """``value`` if it is a valid tenant id, else ValueError saying what one looks like."""
    if not re.fullmatch(TENANT_ID, value):
        raise ValueError(f"{value[:80]!r} is not a tenant id: 1-63 lower-case letters, digits, '_' or '-', "
                         "starting with a letter or digit")
    return value


class Tenant(StrictModel):
    id: str = Field(pattern=TENANT_ID)
    name: str = ""
    timezone: str = "UTC"
    language: Literal["en", "ja"] = "en"

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r} (use an IANA name such as Asia/Tokyo)") from None
        return v


class Licence(StrictModel):
    product: str
    key: str = ""
    expires: date


class Menus(StrictModel):
    options: list[str] = Field(default_factory=list)


class AwsAssumeRole(StrictModel):
    role_arn: str = Field(pattern=r"^arn:aws[a-z-]*:iam::\d{12}:role/.+$")
    external_id: str | None = None
    session_name: str = "ucs-agent"
    source_profile: str | None = None


class AwsCredentials(StrictModel):
    profile: str | None = None
    env: bool = False
    assume_role: AwsAssumeRole | None = None

    @model_validator(mode="after")
    def _one_source(self) -> AwsCredentials:
        if self.profile and self.env:
            raise ValueError("give either profile or env, not both")
        return self


class AwsAccount(StrictModel):
    id: str | None = Field(default=None, pattern=r"^\d{12}$")
    name: str = ""
    regions: list[str] = Field(default_factory=list)
    credentials: AwsCredentials = Field(default_factory=AwsCredentials)
    endpoint_url: str | None = None
    services: list[str] | None = None

    @field_validator("regions")
    @classmethod
    def _regions(cls, v: list[str]) -> list[str]:
        for r in v:
            if not re.match(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$", r):
                raise ValueError(f"{r!r} is not an AWS region name (like eu-west-1)")
        return v


class AwsOrganization(StrictModel):
    enabled: bool = False
    role_name: str = "UCSAuditRole"
    external_id: str | None = None
    accounts: list[str] | None = None
    exclude_accounts: list[str] = Field(default_factory=list)
    max_concurrent_accounts: int = Field(default=4, ge=1, le=64)
    regions: list[str] = Field(default_factory=list)  # empty: every region enabled in each account

    @field_validator("regions")
    @classmethod
    def _regions(cls, v: list[str]) -> list[str]:
        return AwsAccount._regions(v)


class AwsProvider(StrictModel):
    accounts: list[AwsAccount] = Field(default_factory=list)
    organization: AwsOrganization = Field(default_factory=AwsOrganization)


class KubernetesCluster(StrictModel):
    name: str
    kubeconfig: str | None = None
    context: str | None = None
    in_cluster: bool = False
    host: str | None = None
    registries_allowed: list[str] = Field(default_factory=list)
    manifests: str | None = None  # a directory of YAML/JSON manifests scanned offline instead of a live API
    cloud_id: str | None = None  # EKS ARN / AKS resource id / GKE name linking it to the cloud collector's cluster
    # Not assessed: namespaces matching a glob, and objects (or whole namespaces) carrying a label
    # (value "*": any value).  RBAC is still resolved over everything, so grants stay complete.
    exclude_namespaces: list[str] = Field(default_factory=list)
    exclude_labels: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_source(self) -> KubernetesCluster:
        sources = [k for k, on in (("in_cluster", self.in_cluster), ("kubeconfig", self.kubeconfig or self.context),
                                   ("manifests", self.manifests)) if on]
        if len(sources) > 1:
            raise ValueError(f"give one of in_cluster, kubeconfig/context or manifests, not {' and '.join(sources)}")
        return self


class KubernetesProvider(StrictModel):
    clusters: list[KubernetesCluster] = Field(default_factory=list)


AZURE_GUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class AzureSubscription(StrictModel):
    id: str
    name: str = ""

    @field_validator("id")
    @classmethod
    def _guid(cls, v: str) -> str:
        if not re.match(AZURE_GUID, v):
            raise ValueError(f"{v!r} is not a subscription id (a GUID like 00000000-0000-0000-0000-000000000000)")
        return v


class AzureProvider(StrictModel):
    """Azure: a service principal (secret from an env var, or a certificate) or DefaultAzureCredential."""

    tenant_id: str | None = None
    client_id: str | None = Field(default=None, pattern=AZURE_GUID)
    client_secret_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    certificate_path: str | None = None
    subscriptions: list[AzureSubscription] = Field(default_factory=list)
    discover_subscriptions: bool = False
    # Management group ids: every running subscription beneath each (at any depth) is scanned.
    management_groups: list[str] = Field(default_factory=list)
    base_url: str | None = Field(default=None, pattern=r"^https://")
    authority: str | None = Field(default=None, pattern=r"^https://")
    # A PEM file of CA certificates trusted *in addition to* the usual roots (a TLS-inspecting proxy's CA).
    ca_bundle: str | None = None
    # Microsoft Entra ID through Microsoft Graph: on by default.  graph_url is needed when base_url
    # names another cloud than Azure's public one (sovereign clouds have their own Graph host).
    entra: bool = True
    graph_url: str | None = Field(default=None, pattern=r"^https://")

    @model_validator(mode="after")
    def _one_secret(self) -> AzureProvider:
        if self.client_secret_env and self.certificate_path:
            raise ValueError("give either client_secret_env or certificate_path, not both")
        return self


class Providers(StrictModel):
    aws: AwsProvider | None = None
    kubernetes: KubernetesProvider | None = None
    azure: AzureProvider | None = None
    gcp: GcpProvider | None = None


class CheckSelection(StrictModel):
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)
    min_severity: SeverityName = "info"
    severity_overrides: dict[str, SeverityName] = Field(default_factory=dict)

    def selects(self, check_id: str, severity: Severity, service: str) -> bool:
        if self.include and not any(fnmatch.fnmatchcase(check_id, p) for p in self.include):
            return False
        if any(fnmatch.fnmatchcase(check_id, p) for p in self.exclude):
            return False
        if self.services and service not in self.services:
            return False
        return severity >= Severity.parse(self.min_severity)


class MuteRule(StrictModel):
    check: str = "*"
    resource: str = "*"
    account: str = "*"
    region: str = "*"
    tags: dict[str, str] = Field(default_factory=dict)
    reason: str = Field(min_length=3)
    owner: str = ""  # who accepted the exception (shown in compliance evidence)
    expires: date | None = None


class Storage(StrictModel):
    url: str | None = None

    def resolved_url(self, tenant_id: str) -> str:
        if self.url:
            return os.path.expandvars(self.url)
        data_dir = Path(platformdirs.user_data_dir("ucs"))
        return f"sqlite:///{data_dir / f'{tenant_id}.sqlite'}"


class Output(StrictModel):
    dir: str = "ucs-out"
    formats: list[Literal["table", "json", "csv", "ocsf", "html", "asff", "sarif", "junit"]] = Field(default_factory=lambda: ["table", "json"])
    language: Literal["en", "ja"] | None = None


class Settings(StrictModel):
    tenant: Tenant
    licence: Licence
    menus: Menus = Field(default_factory=Menus)
    providers: Providers = Field(default_factory=Providers)
    checks: CheckSelection = Field(default_factory=CheckSelection)
    mutelist: list[MuteRule] = Field(default_factory=list)
    storage: Storage = Field(default_factory=Storage)
    output: Output = Field(default_factory=Output)
    scan: ScanSettings = Field(default_factory=ScanSettings)
    # Sections owned by later rooms are kept as free mappings until their models land here.
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    remediation: RemediationSettings = Field(default_factory=RemediationSettings)
    daemon: DaemonSettings = Field(default_factory=DaemonSettings)
    throttle: ThrottleSettings = Field(default_factory=ThrottleSettings)
    intake: IntakeSettings = Field(default_factory=IntakeSettings)
    vulnerabilities: dict[str, Any] = Field(default_factory=dict)
    threats: ThreatSettings = Field(default_factory=ThreatSettings)
    realtime: RealtimeSettings = Field(default_factory=RealtimeSettings)
    engine: EngineSettings = Field(default_factory=EngineSettings)
    compliance: ComplianceSettings = Field(default_factory=ComplianceSettings)
    products: ProductSettings = Field(default_factory=ProductSettings)

    source: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _realtime_needs_intake(self) -> Settings:
        if self.realtime.enabled and not self.intake.configured:
            raise ValueError("realtime.enabled needs a monitoring-log intake (intake.files, intake.s3, "
                             "intake.cloudtrail_lookup or intake.http): change events arrive through it")
        return self

    @property
    def language(self) -> str:
        return self.output.language or self.tenant.language


def _problems(exc: ValidationError, lines: dict[Any, int], file: str) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "missing":
            msg = "required key is missing"
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        out.append(Problem(file, line_for(lines, loc), dotted(loc), msg))
    return out


def _validate(data: Any, lines: dict[Any, int], file: str, early: list[Problem] | None = None) -> Settings:
    early = list(early or [])
    if not isinstance(data, dict):
        raise ConfigError(early + [Problem(file, 1, "", "the config must be a YAML mapping (tenant:, licence:, providers: …)")])
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = early + [p for p in _problems(exc, lines, file) if p.line not in {e.line for e in early}]
        raise ConfigError(sorted(problems, key=lambda p: (p.line or 0, p.path))) from None
    if early:
        raise ConfigError(early)
    settings.source = file
    problems = _semantic_problems(settings, lines, file)
    if problems:
        raise ConfigError(problems)
    return settings


def _semantic_problems(settings: Settings, lines: dict[Any, int], file: str) -> list[Problem]:
    from agent.settings.menus import known_options

    problems = []
    known = known_options()
    for i, opt in enumerate(settings.menus.options):
        if opt not in known:
            problems.append(Problem(file, line_for(lines, ("menus", "options", i)), f"menus.options[{i}]",
                                    f"unknown option menu {opt!r} (known: {', '.join(sorted(known))})"))
    frameworks = known_frameworks()
    for i, fw in enumerate(settings.compliance.frameworks):
        if fw not in frameworks:
            problems.append(Problem(file, line_for(lines, ("compliance", "frameworks", i)), f"compliance.frameworks[{i}]",
                                    f"unknown framework {fw!r} (known: {', '.join(frameworks)})"))
    for r, route in enumerate(settings.notifications.routes):
        for i, fw in enumerate(route.match.frameworks):
            if fw not in frameworks:
                where = ("notifications", "routes", r, "match", "frameworks", i)
                problems.append(Problem(file, line_for(lines, where), dotted(where),
                                        f"unknown framework {fw!r} (known: {', '.join(frameworks)})"))
    return problems


def load_settings(path: str | Path) -> Settings:
    data, lines, early = load_file(path, strict=False)
    return _validate(data, lines, str(path), early)


def parse_settings(text: str, file: str = "<string>") -> Settings:
    data, lines, early = load_text(text, file, strict=False)
    return _validate(data, lines, file, early)
