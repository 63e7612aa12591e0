"""The typed data that crosses every seam: Resource, Coverage, CheckMeta, Result, Finding.

Collectors produce Resources and Coverage, checks turn one Resource into a Result, the engine
wraps Results into Findings, and the store keeps their lifecycle.  Everything here is plain data
that serialises to JSON without help, so fixtures and stored rows look the same.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from agent.core.messages import Catalogue, render

UNREADABLE_KEY = "__unreadable__"


def unreadable(reason: str) -> dict[str, str]:
    """Marker a collector stores where it could not read a setting.

    It is a plain dict so it survives JSON round trips (fixtures, store); checks test it with
    :func:`is_unreadable` and answer ERROR, never FAIL or PASS.
    """
    return {UNREADABLE_KEY: reason}


def is_unreadable(value: Any) -> bool:
    return isinstance(value, dict) and UNREADABLE_KEY in value


def unreadable_reason(value: Any) -> str:
    return str(value.get(UNREADABLE_KEY, "")) if is_unreadable(value) else ""


class Severity(enum.IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, value: str | int | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        if isinstance(value, int):
            return cls(value)
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Status(enum.StrEnum):
    """Outcome of one check on one resource in one scan."""

    PASS = "PASS"
    FAIL = "FAIL"
    MUTED = "MUTED"
    ERROR = "ERROR"


class State(enum.StrEnum):
    """Lifecycle of a stored finding across scans.

    ``passed`` marks a row whose check has only ever passed; it is not a problem, so it has no
    lifecycle of its own, but it is kept so compliance scores can count passes.
    """

    NEW = "new"
    OPEN = "open"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    MUTED = "muted"
    PASSED = "passed"


ACTIVE_STATES = frozenset({State.NEW, State.OPEN, State.REOPENED})


class FindingKind(enum.StrEnum):
    """What a finding is about (stored as the value; the value is also the JSON/OCSF field)."""

    MISCONFIGURATION = "misconfiguration"  # a configuration check
    THREAT = "threat"  # a threat rule over monitoring logs
    VULNERABILITY = "vulnerability"


UCS = "ucs"
# Where a finding comes from: our own checks, or a cloud security product's own finding.
SOURCES = (UCS, "securityhub", "guardduty", "inspector2", "macie", "access-analyzer", "defender", "scc")


class ScanStatus(enum.StrEnum):
    """How a scan ended (``running`` while it runs); stored in ``scans.status`` as the value."""

    RUNNING = "running"
    COMPLETED = "completed"
    PARTIAL = "partial"  # some coverage failed: findings it did not assess are left as they were
    FAILED = "failed"
    REFUSED = "refused"  # never started: no licence (Art. 3), outside the menus, or suspended (Art. 11)
    INTERRUPTED = "interrupted"  # stopped before its results were written


@dataclass(slots=True)
class Resource:
    provider: str
    account: str
    region: str
    type: str
    id: str
    name: str
    tags: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def service(self) -> str:
        parts = self.type.split(".")
        return parts[1] if len(parts) > 1 else parts[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "account": self.account,
            "region": self.region,
            "type": self.type,
            "id": self.id,
            "name": self.name,
            "tags": dict(self.tags),
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Resource:
        return cls(
            provider=doc["provider"],
            account=str(doc.get("account", "")),
            region=doc.get("region", "global"),
            type=doc["type"],
            id=doc["id"],
            name=doc.get("name", doc["id"]),
            tags=dict(doc.get("tags") or {}),
            data=dict(doc.get("data") or {}),
        )


@dataclass(frozen=True, slots=True)
class CoverageEntry:
    """One unit of assessment: a resource type read (or not) in one account and region."""

    provider: str
    account: str
    region: str
    resource_type: str
    ok: bool = True
    error: str | None = None
    count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "account": self.account,
            "region": self.region,
            "resource_type": self.resource_type,
            "ok": self.ok,
            "error": self.error,
            "count": self.count,
        }


@dataclass(slots=True)
class Coverage:
    """What a scan actually assessed, and what it failed to read (with the error).

    A finding may only be resolved by a scan whose coverage includes its
    (provider, account, region, resource type): see :meth:`includes`.
    """

    entries: list[CoverageEntry] = field(default_factory=list)

    def add(self, provider: str, account: str, region: str, resource_type: str, count: int = 0) -> None:
        self.entries.append(CoverageEntry(provider, account, region, resource_type, True, None, count))

    def fail(self, provider: str, account: str, region: str, resource_type: str, error: str) -> None:
        self.entries.append(CoverageEntry(provider, account, region, resource_type, False, error))

    def extend(self, other: Coverage) -> None:
        self.entries.extend(other.entries)

    def includes(self, provider: str, account: str, region: str, resource_type: str) -> bool:
        return CoverageIndex(self.entries).includes(provider, account, region, resource_type)

    @property
    def failures(self) -> list[CoverageEntry]:
        return [e for e in self.entries if not e.ok]

    def to_list(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.entries]

    @classmethod
    def from_list(cls, items: Iterable[Mapping[str, Any]]) -> Coverage:
        return cls([CoverageEntry(**dict(i)) for i in items])


class CoverageIndex:
    """Answers "did this scan fully assess (provider, account, region, type)?" in O(1).

    A "*" region stands for a global service read once for every region (S3 listing, IAM); a "*"
    type for a whole account or region.  Any failure recorded for the unit wins over success.
    """

    def __init__(self, entries: Iterable[CoverageEntry]) -> None:
        self._ok: set[tuple[str, str, str, str]] = set()
        self._failed: set[tuple[str, str, str, str]] = set()
        for e in entries:
            key = (e.provider, e.account, e.region, e.resource_type)
            (self._ok if e.ok else self._failed).add(key)

    def includes(self, provider: str, account: str, region: str, resource_type: str) -> bool:
        keys = [(provider, account, r, t) for r in (region, "*") for t in (resource_type, "*")]
        if any(k in self._failed for k in keys):
            return False
        return any(k in self._ok for k in keys)


Texts = Mapping[str, str]  # {"en": ..., "ja": ...}


@dataclass(frozen=True, slots=True)
class CheckMeta:
    id: str
    title: Texts
    description: Texts
    remediation: Texts
    severity: Severity
    resource_types: tuple[str, ...]
    frameworks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    kind: FindingKind = FindingKind.MISCONFIGURATION
    # Resource types the answer depends on besides the resource itself (cross-resource reads, and
    # the derived fields a collector computes from them): see Inventory.incomplete().
    inputs: tuple[str, ...] = ()

    @property
    def provider(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def service(self) -> str:
        return self.id.split(".")[1]

    def text(self, field_name: str, lang: str = "en") -> str:
        texts: Texts = getattr(self, field_name)
        return texts.get(lang) or texts.get("en", "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "provider": self.provider,
            "service": self.service,
            "severity": self.severity.label,
            "kind": self.kind,
            "resource_types": list(self.resource_types),
            "title": dict(self.title),
            "description": dict(self.description),
            "remediation": dict(self.remediation),
            "frameworks": {k: list(v) for k, v in self.frameworks.items()},
        }


@dataclass(slots=True)
class Result:
    """What a check function returns for one resource.

    ``message`` is a qualified message id (``"aws.s3:public_acl"``, see :mod:`agent.core.messages`)
    and ``params`` its parameters, which are also the finding's evidence.  Build Results through a
    module's :class:`~agent.core.messages.Messages` (``MSG.fail("public_acl", grantees=...)``);
    :meth:`ok` with no message is the plain pass.
    """

    status: Status
    message: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def evidence(self) -> dict[str, Any]:
        return self.params

    @property
    def detail(self) -> str:
        """The detail in English (what is stored and logged)."""
        return render(self.message, self.params, "en")

    def text(self, lang: str) -> str:
        return render(self.message, self.params, lang)

    @classmethod
    def ok(cls, message: str = "", /, **params: Any) -> Result:
        return cls(Status.PASS, message, params)

    @classmethod
    def fail(cls, message: str, /, **params: Any) -> Result:
        return cls(Status.FAIL, message, params)

    @classmethod
    def error(cls, message: str, /, **params: Any) -> Result:
        return cls(Status.ERROR, message, params)


class Messages(Catalogue):
    """A module's message catalogue with the Result builders checks use (``MSG.fail("key", **params)``)."""

    def ok(self, key: str = "", /, **params: Any) -> Result:
        return Result(Status.PASS, self.qualify(key) if key else "", params)

    def fail(self, key: str, /, **params: Any) -> Result:
        return Result(Status.FAIL, self.qualify(key), params)

    def error(self, key: str, /, **params: Any) -> Result:
        return Result(Status.ERROR, self.qualify(key), params)


class NotCollected(Exception):  # noqa: N818 - a signal to the engine, not an error a person sees
    """Raised by :func:`need` inside a check: an input was not collected or could not be read.

    The engine (and :func:`checks.evaluate`) turns it into an ERROR result; a check never catches it.
    """

    def __init__(self, key: str, reason: str | None = None) -> None:
        super().__init__(f"{key}: {reason}" if reason else key)
        self.key = key
        self.reason = reason


_MISSING: Any = object()


def need(source: Resource | Mapping[str, Any], key: str) -> Any:
    """The value of ``key`` in a resource's data (or in a mapping read from it), or raise NotCollected.

    A key absent from the document counts as not collected: a check cannot tell "off" from "not
    read", so it must not answer PASS or FAIL.  A value the collector marked with
    :func:`unreadable` raises with the collector's reason.  ``None`` is a value (the API said so).
    """
    data = source.data if isinstance(source, Resource) else source
    value = data.get(key, _MISSING) if isinstance(data, Mapping) else _MISSING
    if value is _MISSING:
        raise NotCollected(key)
    if is_unreadable(value):
        raise NotCollected(key, unreadable_reason(value))
    return value


def readable(value: Any, key: str) -> Any:
    """``value`` itself, or raise NotCollected when the collector marked it unreadable."""
    if is_unreadable(value):
        raise NotCollected(key, unreadable_reason(value))
    return value


def not_collected_result(exc: NotCollected) -> Result:
    """The ERROR a check that raised NotCollected answers (engine and registry share it)."""
    if exc.reason:
        return Result(Status.ERROR, "core:unreadable", {"key": exc.key, "reason": exc.reason})
    return Result(Status.ERROR, "core:not_collected", {"key": exc.key})


def fingerprint(check_id: str, provider: str, account: str, region: str, resource_id: str) -> str:
    """Stable identity of a finding: the same check on the same resource, across scans."""
    raw = "\x1f".join((check_id, provider, account, region, resource_id))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass(slots=True)
class Finding:
    check_id: str
    resource: Resource
    status: Status
    severity: Severity
    detail: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    state: State | None = None
    mute_reason: str | None = None
    mute_expires: date | None = None
    kind: FindingKind = FindingKind.MISCONFIGURATION
    message: str = ""  # qualified message id of ``detail`` (agent.core.messages); "" for free text
    # Who says so: "ucs" (our checks and rules) and/or the cloud security products whose own
    # finding about the same thing was merged into this one (agent.products); see SOURCES.
    sources: tuple[str, ...] = (UCS,)
    # Per product source: its finding id, link, status there, severity label and control refs.
    refs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kind = FindingKind(self.kind)  # rows read back from the store carry the plain value
        if not self.fingerprint:
            r = self.resource
            self.fingerprint = fingerprint(self.check_id, r.provider, r.account, r.region, r.id)

    def detail_in(self, lang: str) -> str:
        """The detail in ``lang`` (rendered from its message id; the stored English text otherwise)."""
        if self.message and lang != "en":
            return render(self.message, self.evidence, lang, fallback=self.detail)
        return self.detail

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "check_id": self.check_id,
            "kind": self.kind,
            "status": self.status.value,
            "severity": self.severity.label,
            "state": self.state.value if self.state else None,
            "detail": self.detail,
            "evidence": self.evidence,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "mute_reason": self.mute_reason,
            "mute_expires": self.mute_expires.isoformat() if self.mute_expires else None,
            "sources": list(self.sources),
            "product_refs": self.refs,
            "resource": {
                "provider": self.resource.provider,
                "account": self.resource.account,
                "region": self.resource.region,
                "type": self.resource.type,
                "id": self.resource.id,
                "name": self.resource.name,
                "tags": dict(self.resource.tags),
            },
        }


def utcnow() -> datetime:
    return datetime.now(UTC)
