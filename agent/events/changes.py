"""Change events → the resources they change (``config/change_events/*.yaml``).

A successful write event in CloudTrail, the Kubernetes audit log, the Azure Activity Log or a GCP
Cloud Audit Log names a resource whose configuration just changed; :func:`changes_in` says which
(provider, account, resource type, identity) and whether the event deleted it.  The mapping is
data: one file per provider, validated when loaded (a bad file is a :class:`ConfigError` naming
the file and the entry).  Failed calls change nothing and yield nothing.

The identity is what the event carries (a bucket name, a group id, an ARN, a Kubernetes
namespace/name, an Azure resource id); :func:`key_matches` tells whether a collected resource is
the one an identity names.  An empty identity names the one resource of a per-account type
(password policy, Config recorder) in the event's account and region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.core.errors import ConfigError, Problem

PROVIDERS = ("aws", "kubernetes", "azure", "gcp")
Dependency = Literal["references", "scope"]
_VERSION_SUFFIX = re.compile(r"\d{8}(v\d+)?$")  # Lambda's UpdateFunctionConfiguration20150331v2
_GCP_VERSION = re.compile(r"^(v\d+|beta|alpha)\.")  # v1.compute.firewalls.insert


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    resource_type: str | None = None
    resources: dict[str, str] = Field(default_factory=dict)  # Kubernetes: API plural -> type
    service: str | None = None
    operations: list[str] = Field(default_factory=list)
    events: list[str] = Field(default_factory=list)
    deletes: list[str] = Field(default_factory=list)
    key: list[str] | str | None = None
    segments: int | None = Field(default=None, ge=2)
    key_namespace: bool = False
    collect: list[str] = Field(default_factory=list)
    dependents: dict[str, Dependency] = Field(default_factory=dict)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider: Literal["aws", "kubernetes", "azure", "gcp"]
    changes: list[_Entry]


@dataclass(frozen=True, slots=True)
class ChangeRule:
    """One mapping entry, for one resource type."""

    id: str
    provider: str
    resource_type: str
    writes: frozenset[str]
    deletes: frozenset[str]
    key: tuple[str, ...]  # dotted paths; ("account",) = per-account type; () = provider default
    segments: int | None
    key_namespace: bool
    collect: tuple[str, ...]
    dependents: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One resource a successful write event changed (or deleted)."""

    provider: str
    account: str
    region: str  # AWS region / Kubernetes namespace ("cluster" for cluster-scoped) / "" where any
    resource_type: str
    key: str  # the resource's identity as the event gives it; "" for a per-account type
    deleted: bool
    event_time: datetime | None
    event: str  # the event name, for logs and counts
    rule: ChangeRule

    @property
    def target(self) -> tuple[str, str, str, str, str]:
        return (self.provider, self.account, self.region, self.resource_type, self.key)


@dataclass(frozen=True, slots=True)
class ChangeMapping:
    """Every rule, indexed the way events are looked up."""

    rules: tuple[ChangeRule, ...]
    aws: Mapping[tuple[str, str], tuple[ChangeRule, ...]]  # (service, event) ->
    kubernetes: Mapping[tuple[str, str], tuple[ChangeRule, ...]]  # (plural, verb) ->
    azure: Mapping[str, tuple[ChangeRule, ...]]  # lower-case operation ->
    gcp: Mapping[tuple[str, str], tuple[ChangeRule, ...]]  # (service, method) ->

    def types(self) -> set[str]:
        """Every type a change re-assesses: the changed ones and their dependents."""
        return {r.resource_type for r in self.rules} | {t for r in self.rules for t, _ in r.dependents}


def _rules_of(provider: str, e: _Entry) -> list[ChangeRule]:
    key: tuple[str, ...] = (e.key,) if isinstance(e.key, str) else tuple(e.key or ())
    common = {"provider": provider, "key": key, "segments": e.segments, "key_namespace": e.key_namespace,
              "collect": tuple(e.collect), "dependents": tuple(sorted(e.dependents.items()))}
    if provider == "kubernetes":
        if not e.resources:
            raise ValueError("a Kubernetes entry names its API resources (resources: {plural: type})")
        return [ChangeRule(id=f"{e.id}:{plural}", resource_type=rtype, writes=frozenset(e.events),
                           deletes=frozenset(e.deletes), **common) for plural, rtype in e.resources.items()]  # type: ignore[arg-type]
    if not e.resource_type:
        raise ValueError("resource_type is required")
    if provider == "azure":
        if not e.operations or e.segments is None:
            raise ValueError("an Azure entry needs operations and segments")
        return [ChangeRule(id=e.id, resource_type=e.resource_type, writes=frozenset(o.lower() for o in e.operations),
                           deletes=frozenset(o.lower() for o in e.deletes), **common)]  # type: ignore[arg-type]
    if not e.service or not e.events:
        raise ValueError("service and events are required")
    return [ChangeRule(id=e.id, resource_type=e.resource_type, writes=frozenset(e.events), deletes=frozenset(e.deletes),
                       **common)]  # type: ignore[arg-type]


def load_mapping(files: Iterable[tuple[str, str]] | None = None) -> ChangeMapping:
    """The mapping from ``files`` ((name, YAML text) pairs; default: the shipped ones)."""
    if files is None:
        files = shipped_files()
    rules: list[ChangeRule] = []
    aws: dict[tuple[str, str], list[ChangeRule]] = {}
    k8s: dict[tuple[str, str], list[ChangeRule]] = {}
    azure: dict[str, list[ChangeRule]] = {}
    gcp: dict[tuple[str, str], list[ChangeRule]] = {}
    seen: set[str] = set()
    for name, text in files:
        try:
            doc = _File.model_validate(yaml.safe_load(text))
        except (yaml.YAMLError, ValidationError) as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ConfigError([Problem(name, mark.line + 1 if mark else None, "",
                                       f"not a valid change-event mapping: {_short(exc)} "
                                       "(see config/change_events/README.md)")]) from None
        for i, entry in enumerate(doc.changes):
            if entry.id in seen:
                raise ConfigError([Problem(name, None, f"changes[{i}].id", f"{entry.id!r} is used twice")])
            seen.add(entry.id)
            try:
                found = _rules_of(doc.provider, entry)
            except ValueError as exc:
                raise ConfigError([Problem(name, None, f"changes[{i}]", f"{entry.id}: {exc}")]) from None
            for rule in found:
                rules.append(rule)
                for ev in rule.writes | rule.deletes:
                    if doc.provider == "aws":
                        aws.setdefault((entry.service or "", ev), []).append(rule)
                    elif doc.provider == "gcp":
                        gcp.setdefault((entry.service or "", ev), []).append(rule)
                    elif doc.provider == "azure":
                        azure.setdefault(ev, []).append(rule)
                    else:
                        plural = rule.id.rsplit(":", 1)[1]
                        k8s.setdefault((plural, ev), []).append(rule)

    def frozen(d: Mapping[Any, list[ChangeRule]]) -> dict[Any, tuple[ChangeRule, ...]]:
        return {k: tuple(v) for k, v in d.items()}

    return ChangeMapping(tuple(rules), frozen(aws), frozen(k8s), frozen(azure), frozen(gcp))


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
    return str(exc).splitlines()[0]


def shipped_files() -> list[tuple[str, str]]:
    folder = resources.files("config").joinpath("change_events")
    return [(f"config/change_events/{f.name}", f.read_text(encoding="utf-8"))
            for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".yaml")]


@cache
def mapping() -> ChangeMapping:
    return load_mapping()


# ----------------------------------------------------------------------------- reading events
def _walk(value: Any, path: str) -> list[Any]:
    """The values at a dotted path; ``name[]`` walks every item of a list."""
    current = [value]
    for part in path.split("."):
        many = part.endswith("[]")
        name = part[:-2] if many else part
        nxt: list[Any] = []
        for v in current:
            if not isinstance(v, dict) or name not in v:
                continue
            got = v[name]
            if many:
                nxt.extend(got if isinstance(got, list) else [])
            else:
                nxt.append(got)
        current = nxt
    return current


def _obj(doc: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = doc.get(key)
    return value if isinstance(value, dict) else {}


def _keys(raw: Mapping[str, Any], paths: tuple[str, ...]) -> list[str]:
    for path in paths:
        found = [v for v in _walk(raw, path) if isinstance(v, str) and v]
        if found:
            return list(dict.fromkeys(found))
    return []


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _cloudtrail(raw: Mapping[str, Any], m: ChangeMapping) -> list[Change]:
    if raw.get("errorCode") or raw.get("readOnly") is True:
        return []
    name = str(raw.get("eventName", ""))
    service = str(raw.get("eventSource", "")).split(".", 1)[0]
    rules = m.aws.get((service, name)) or m.aws.get((service, _VERSION_SUFFIX.sub("", name)), ())
    if not rules:
        return []
    ident = _obj(raw, "userIdentity")
    account = str(raw.get("recipientAccountId") or ident.get("accountId") or "")
    region = str(raw.get("awsRegion") or "")
    when = _time(raw.get("eventTime"))
    out: list[Change] = []
    base = _VERSION_SUFFIX.sub("", name)
    for rule in rules:
        deleted = name in rule.deletes or base in rule.deletes
        keys = [""] if rule.key == ("account",) else _keys(raw, rule.key)
        out.extend(Change("aws", account, region, rule.resource_type, k, deleted, when, name, rule) for k in keys)
    return out


def _k8s(raw: Mapping[str, Any], m: ChangeMapping, cluster: str) -> list[Change]:
    if raw.get("stage") not in (None, "ResponseComplete"):
        return []
    status = _obj(raw, "responseStatus")
    code = status.get("code")
    if isinstance(code, int) and code >= 400:
        return []
    ref = _obj(raw, "objectRef")
    verb = str(raw.get("verb", ""))
    if ref.get("subresource") not in (None, "", "status", "scale"):
        return []  # pods/exec, pods/log … are not configuration changes
    rules = m.kubernetes.get((str(ref.get("resource", "")), verb), ())
    out = []
    namespace = str(ref.get("namespace") or "")
    name = str(ref.get("name") or "")
    when = _time(raw.get("stageTimestamp") or raw.get("requestReceivedTimestamp"))
    for rule in rules:
        if rule.key_namespace:  # a policy changes its namespace's conclusion
            if namespace:
                out.append(Change("kubernetes", cluster, "cluster", rule.resource_type, f"cluster/{namespace}", False,
                                  when, verb, rule))
            continue
        if not name:
            continue
        region = namespace or "cluster"
        out.append(Change("kubernetes", cluster, region, rule.resource_type, f"{region}/{name}", verb in rule.deletes,
                          when, verb, rule))
    return out


def _azure(raw: Mapping[str, Any], m: ChangeMapping) -> list[Change]:
    op = raw.get("operationName")
    if isinstance(op, dict):
        op = op.get("value")
    status = raw.get("status")
    if isinstance(status, dict):
        status = status.get("value")
    result = raw.get("resultType", status)
    if str(result or "").lower() not in ("success", "succeeded"):
        return []  # Start / Accept / Failure records change nothing (yet)
    rules = m.azure.get(str(op or "").lower(), ())
    rid = str(raw.get("resourceId") or "")
    parts = [p for p in rid.split("/") if p]
    if not rules or len(parts) < 2 or parts[0].lower() != "subscriptions":
        return []
    account = parts[1].lower()
    when = _time(raw.get("time") or raw.get("eventTimestamp"))
    out: list[Change] = []
    for rule in rules:
        seg = rule.segments or len(parts)
        if len(parts) < seg:
            continue
        key = "" if seg == 2 else ("/" + "/".join(parts[:seg])).lower()  # Azure ids are case-insensitive
        out.append(Change("azure", account, "", rule.resource_type, key, str(op).lower() in rule.deletes, when,
                          str(op), rule))
    return out


def _gcp(raw: Mapping[str, Any], m: ChangeMapping) -> list[Change]:
    proto = raw.get("protoPayload")
    if not isinstance(proto, dict):
        return []
    status = _obj(proto, "status")
    if status.get("code") not in (None, 0):
        return []
    method = _GCP_VERSION.sub("", str(proto.get("methodName", "")))
    service = str(proto.get("serviceName", "")).split(".", 1)[0]
    rules = m.gcp.get((service, method), ())
    if not rules:
        return []
    res = _obj(raw, "resource")
    labels = _obj(res, "labels")
    name = str(proto.get("resourceName") or "")
    project = str(labels.get("project_id") or "")
    if not project and name.startswith("projects/"):
        project = name.split("/")[1]
    when = _time(raw.get("timestamp") or raw.get("receiveTimestamp"))
    out: list[Change] = []
    for rule in rules:
        key = "" if rule.key == ("project",) else name.rstrip("/").rsplit("/", 1)[-1]
        if rule.key != ("project",) and not key:
            continue
        out.append(Change("gcp", project, "", rule.resource_type, key, method in rule.deletes, when, method, rule))
    return out


def changes_in(raw: Any, cluster: str = "", m: ChangeMapping | None = None) -> list[Change]:
    """The resources a raw monitoring record says were changed (nothing for reads or failures)."""
    if not isinstance(raw, dict):
        return []
    m = m or mapping()
    if "eventName" in raw and "eventSource" in raw:
        return _cloudtrail(raw, m)
    if "verb" in raw and isinstance(raw.get("objectRef"), dict):
        return _k8s(raw, m, cluster)
    if "protoPayload" in raw:
        return _gcp(raw, m)
    if "operationName" in raw and "resourceId" in raw:
        return _azure(raw, m)
    return []


# ------------------------------------------------------------------------- matching resources
def _tail(value: str) -> str:
    return value.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def key_matches(provider: str, key: str, resource_id: str, name: str, region: str) -> bool:
    """Whether the resource (its id, name and region) is the one ``key`` names."""
    if not key:
        return True
    if provider == "kubernetes":  # namespaced objects are named "ns/name", cluster-scoped ones by name
        return key in (name, f"{region}/{name}")
    if provider == "azure":
        return resource_id.lower() == key.lower()
    if key in (resource_id, name):
        return True
    tail = _tail(key)
    return bool(tail) and tail in (name, _tail(resource_id))
