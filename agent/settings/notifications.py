"""The ``notifications:`` section of a tenant config: channels, routes, limits.

Secrets (webhook URLs, bot tokens, SMTP passwords, HMAC keys) never appear in the config: a
channel names the environment variable (``*_env``) or file (``*_file``) that holds each one, and
:func:`resolve_secret` reads it only when a message is sent, registering the value for redaction
first so it cannot reach a log line or an error message.
"""

from __future__ import annotations

import fnmatch
import os
from functools import cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent.core.errors import UcsError
from agent.core.logging_setup import register_secret
from agent.core.model import Severity

TRANSITION_KINDS = ("new", "reopened", "resolved", "severity_raised", "muted", "unmuted")
EVENT_KINDS = ("remediation_applied", "remediation_failed", "service_suspended", "service_resumed",
               "compliance_control_changed", "compliance_score_dropped")
COMPLIANCE_EVENTS = ("compliance_control_changed", "compliance_score_dropped")
DEFAULT_TRANSITIONS = ("new", "reopened", "severity_raised")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SecretMissing(UcsError):
    """A channel's secret could not be read; the message names the variable or file, never a value.

    ``str()`` is the message alone: it is what the outbox keeps as the message's last error."""

    exit_code = 2
    hint = ("set the environment variable or file the channel names (notifications.channels in the tenant "
            "config); queued messages wait in the outbox and `ucs notify deliver` sends them")

    def __str__(self) -> str:
        return self.message


def resolve_secret(channel: str, what: str, env: str | None, file: str | None, url: bool = False) -> str:
    """Read a secret from the environment variable or file named in config, and register it for
    redaction.  For URLs the path and query are registered too: HTTP libraries log and raise with
    the path alone, and a Slack or Teams webhook path *is* the credential."""
    if env:
        value = os.environ.get(env, "").strip()
        if not value:
            raise SecretMissing(f"channel {channel}: environment variable {env} ({what}) is not set",
                                hint=f"export {env} in the environment ucs runs in; the channel's messages wait "
                                     "in the outbox until then (`ucs notify deliver` sends them)")
    elif file:
        try:
            value = Path(file).expanduser().read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SecretMissing(f"channel {channel}: cannot read {what} file {file}: {exc.strerror}") from None
        if not value:
            raise SecretMissing(f"channel {channel}: {what} file {file} is empty")
    else:
        raise SecretMissing(f"channel {channel}: no {what} configured")
    register_secret(value)
    if url:
        parts = urlsplit(value)
        for piece in (parts.path, parts.query, parts.path + ("?" + parts.query if parts.query else "")):
            if len(piece) >= 8:  # "/" or "/hook" alone would redact harmless text everywhere
                register_secret(piece)
    return value


class RateLimit(_Strict):
    """At most ``messages`` deliveries per ``seconds`` to one channel; the rest wait."""

    messages: int = Field(default=30, ge=1)
    seconds: int = Field(default=60, ge=1)


class Retry(_Strict):
    """Retries inside one delivery pass (tenacity), then back-off between passes."""

    attempts: int = Field(default=4, ge=1, le=20)
    initial_wait: float = Field(default=1.0, ge=0)
    max_wait: float = Field(default=30.0, ge=0)
    # Longest Retry-After honoured inside a pass; longer ones reschedule the message instead.
    max_retry_after: float = Field(default=60.0, ge=0)
    # Back-off between passes after a pass gave up: initial * 2**(attempts-1), capped.
    backoff_initial: float = Field(default=30.0, ge=0)
    backoff_max: float = Field(default=3600.0, ge=0)


class Channel(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    type: Literal["slack", "email", "webhook", "teams"]
    language: Literal["en", "ja"] | None = None
    enabled: bool = True
    # slack: incoming webhook, or bot token + channel (chat.postMessage, threads)
    webhook_url_env: str | None = None
    webhook_url_file: str | None = None
    token_env: str | None = None
    token_file: str | None = None
    channel: str | None = None
    api_url: str | None = None  # Slack Web API base (default https://slack.com/api/)
    # webhook / teams: the URL (a secret) and, for webhook, the HMAC key
    url_env: str | None = None
    url_file: str | None = None
    secret_env: str | None = None
    secret_file: str | None = None
    # email
    host: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = None
    password_file: str | None = None
    sender: str | None = Field(default=None, alias="from")
    to: list[str] = Field(default_factory=list)
    ca_file: str | None = None
    # common
    timeout: float = Field(default=15.0, gt=0)
    rate_limit: RateLimit = Field(default_factory=RateLimit)
    burst_threshold: int | None = Field(default=None, ge=1)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def secrets(self) -> list[tuple[str, str | None, str | None, bool]]:
        """(what, env var, file, is a URL) of every secret the channel reads when it sends."""
        if self.type == "slack":
            if self.token_env or self.token_file:
                return [("Slack bot token", self.token_env, self.token_file, False)]
            return [("Slack webhook URL", self.webhook_url_env, self.webhook_url_file, True)]
        if self.type == "email":
            return [("SMTP password", self.password_env, self.password_file, False)] if self.username else []
        label = "Teams workflow URL" if self.type == "teams" else "webhook URL"
        out = [(label, self.url_env, self.url_file, True)]
        if self.type == "webhook":
            out.append(("webhook signing key", self.secret_env, self.secret_file, False))
        return out

    @model_validator(mode="after")
    def _needs(self) -> Channel:
        def one(*pairs: tuple[str, str | None]) -> bool:
            return sum(1 for _, v in pairs if v) == 1

        if self.type == "slack":
            hook = [("webhook_url_env", self.webhook_url_env), ("webhook_url_file", self.webhook_url_file)]
            token = [("token_env", self.token_env), ("token_file", self.token_file)]
            if not one(*hook, *token):
                raise ValueError("slack channel needs exactly one of webhook_url_env, webhook_url_file, "
                                 "token_env, token_file")
            if (self.token_env or self.token_file) and not self.channel:
                raise ValueError("slack bot token needs 'channel' (the Slack channel id or #name)")
        elif self.type in ("webhook", "teams"):
            if not one(("url_env", self.url_env), ("url_file", self.url_file)):
                raise ValueError(f"{self.type} channel needs exactly one of url_env, url_file")
            if self.type == "webhook" and not (self.secret_env or self.secret_file):
                raise ValueError("webhook channel needs secret_env or secret_file (HMAC-SHA256 signing key)")
        elif self.type == "email":
            missing = [k for k, v in (("host", self.host), ("from", self.sender), ("to", self.to)) if not v]
            if missing:
                raise ValueError(f"email channel needs {', '.join(missing)}")
            if self.username and not (self.password_env or self.password_file):
                raise ValueError("email username needs password_env or password_file")
        return self


class Match(_Strict):
    """What a route selects.  Empty lists match everything; every given field must match."""

    min_severity: str = Field(default="info", pattern=r"^(?i:info|low|medium|high|critical)$")
    providers: list[str] = Field(default_factory=list)
    accounts: list[str] = Field(default_factory=list)
    checks: list[str] = Field(default_factory=list)  # id globs: aws.s3.*
    services: list[str] = Field(default_factory=list)  # globs on the check's service: s3, iam
    tags: dict[str, str] = Field(default_factory=dict)  # resource tags; values may be globs
    kinds: list[Literal["misconfiguration", "threat", "vulnerability"]] = Field(default_factory=list)
    # who reports it: ucs and/or the cloud security products (agent.products); any one listed matches
    sources: list[Literal["ucs", "securityhub", "guardduty", "inspector2", "macie", "access-analyzer", "defender",
                          "scc"]] = Field(default_factory=list)
    transitions: list[str] = Field(default_factory=lambda: list(DEFAULT_TRANSITIONS))
    # Compliance events of these frameworks (ids of config/frameworks); a route naming frameworks
    # and no transitions receives both compliance events, and never a finding transition.
    frameworks: list[str] = Field(default_factory=list)

    @field_validator("transitions")
    @classmethod
    def _kinds(cls, v: list[str]) -> list[str]:
        known = TRANSITION_KINDS + EVENT_KINDS
        bad = [k for k in v if k not in known]
        if bad:
            raise ValueError(f"unknown transition/event {', '.join(bad)} (known: {', '.join(known)})")
        return v

    def matches(self, kind: str, severity: Severity, doc: dict[str, Any] | None) -> bool:
        """``doc`` is the finding as stored in the payload; events without a finding match on
        kind and severity only."""
        compliance = kind in COMPLIANCE_EVENTS
        wanted = kind in self.transitions or (compliance and bool(self.frameworks)
                                              and "transitions" not in self.model_fields_set)
        if not wanted or severity < _floor(self.min_severity):
            return False
        if self.frameworks and not (compliance and doc is not None and doc.get("framework") in self.frameworks):
            return False
        if doc is None:
            return True
        if compliance:  # no resource to match: a route filtering on resources is not for these
            return not (self.providers or self.accounts or self.checks or self.services or self.tags or self.kinds)
        res = doc.get("resource", {})
        check_id = doc.get("check_id", "")
        service = check_id.split(".")[1] if check_id.count(".") >= 2 else ""
        provider = res.get("provider", "")
        if self.providers and provider not in self.providers and _alias(provider) not in self.providers:
            return False
        if self.accounts and str(res.get("account", "")) not in self.accounts:
            return False
        if self.checks and not any(fnmatch.fnmatchcase(check_id, p) for p in self.checks):
            return False
        if self.services and not any(fnmatch.fnmatchcase(service, p) for p in self.services):
            return False
        if self.kinds and doc.get("kind", "misconfiguration") not in self.kinds:
            return False
        if self.sources and not set(doc.get("sources") or ["ucs"]) & set(self.sources):
            return False
        tags = res.get("tags") or {}
        return all(k in tags and fnmatch.fnmatchcase(str(tags[k]), v) for k, v in self.tags.items())


@cache
def _floor(name: str) -> Severity:
    return Severity.parse(name)


def _alias(provider: str) -> str:
    return {"k8s": "kubernetes", "kubernetes": "k8s"}.get(provider, provider)


class Digest(_Strict):
    cron: str  # crontab: minute hour day month day-of-week
    timezone: str | None = None  # default: the tenant's time zone
    top: int = Field(default=10, ge=1, le=100)

    @field_validator("cron")
    @classmethod
    def _cron(cls, v: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(v, timezone="UTC")
        except ValueError as exc:
            raise ValueError(f"invalid cron expression {v!r}: {exc}") from None
        return v


class Route(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    match: Match = Field(default_factory=Match)
    channels: list[str] = Field(min_length=1)
    digest: Digest | None = None


class NotificationSettings(_Strict):
    channels: list[Channel] = Field(default_factory=list)
    routes: list[Route] = Field(default_factory=list)
    # More than this many messages for one channel from one scan become one summary message.
    burst_threshold: int = Field(default=20, ge=1)
    # Undelivered messages older than this are given up (status "expired", counted in status).
    max_age_hours: float = Field(default=72.0, gt=0)
    # Link to the scan's report in messages: "{tenant}" and "{scan_id}" are filled in.  Without
    # it, the report file written for that scan under output.dir is named.
    report_url: str | None = None
    retry: Retry = Field(default_factory=Retry)

    @model_validator(mode="after")
    def _references(self) -> NotificationSettings:
        names = [c.name for c in self.channels]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"channel names must be unique: {', '.join(dup)}")
        routes = [r.name for r in self.routes]
        dup = sorted({n for n in routes if routes.count(n) > 1})
        if dup:
            raise ValueError(f"route names must be unique: {', '.join(dup)}")
        for r in self.routes:
            unknown = [c for c in r.channels if c not in names]
            if unknown:
                raise ValueError(f"route {r.name}: unknown channel {', '.join(unknown)} "
                                 f"(configured: {', '.join(names) or 'none'})")
        return self

    @property
    def enabled(self) -> bool:
        return bool(self.routes) and any(c.enabled for c in self.channels)

    def channel(self, name: str) -> Channel | None:
        return next((c for c in self.channels if c.name == name), None)

    def missing_secrets(self) -> list[SecretMissing]:
        """The secrets of the enabled channels that routes send to and that cannot be read now,
        each naming what to set.  Reading one registers it for redaction, as sending would."""
        routed = {name for r in self.routes for name in r.channels}
        missing: list[SecretMissing] = []
        for c in self.channels:
            if not c.enabled or c.name not in routed:
                continue
            for what, env, file, url in c.secrets():
                try:
                    resolve_secret(c.name, what, env, file, url)
                except SecretMissing as exc:
                    missing.append(exc)
        return missing
