"""Per log source: how a Sigma field name reads the normalised event, and which field indexes it.

A Sigma rule names fields the way the producer writes them (``eventName``,
``requestParameters.bucketName``, ``objectRef.resource``, ``protoPayload.methodName``): a dotted
path into the record.  A few fields are ours, computed the same way for every source:

    outcome        "success" or "failure", read the way the producer records it
                   (CloudTrail errorCode and responseElements "Failure"; Kubernetes the
                   authorizer's decision and responseStatus.code; Azure status/resultType;
                   Entra status.errorCode / result; GCP status.code)
    caller         CloudTrail: the caller's own name, userIdentity.userName or else the last
                   part of userIdentity.arn (an IAM user's name, an assumed-role session's
                   name), so a rule can tell "on itself" from "on someone else" (|fieldref)

and Azure fields that the Activity Log API wraps as ``{"value", "localizedValue"}`` read the same
as the export's plain strings.  Lists match when any element matches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from checks.threats._event import record_succeeded
from checks.threats._rule import AZURE_ACTIVITY, AZURE_ENTRA, CLOUDTRAIL, GCP_AUDIT, K8S_AUDIT

Getter = Callable[[dict[str, Any]], Any]
_MISSING = object()


def path(record: Any, dotted: str) -> Any:
    """The value at ``a.b.c`` (None when absent); a list on the way reads each element; a key
    that itself holds dots (Kubernetes annotations) is found too."""
    return _walk(record, dotted.split("."))


def _walk(cur: Any, parts: list[str]) -> Any:
    for i, part in enumerate(parts):
        if isinstance(cur, dict):
            if part in cur:
                cur = cur[part]
                continue
            if len(cur) == 1 and "items" in cur:  # CloudTrail's EC2 {"items": [...]} wrapper
                return [_walk(x, parts[i:]) for x in cur["items"] or []]
            for j in range(len(parts), i + 1, -1):  # a dotted key: "service.beta.kubernetes.io/x"
                key = ".".join(parts[i:j])
                if key in cur:
                    return _walk(cur[key], parts[j:])
            return None
        if isinstance(cur, list):
            return [_walk(x, parts[i:]) for x in cur]
        return None
    return cur


def dotted(name: str) -> Getter:
    """:func:`path` for one field name, split once: a record holding each part as a plain key
    (nearly every record) is read by lookups alone; any other shape goes to :func:`_walk`."""
    parts = name.split(".")
    if len(parts) == 2:
        a, b = parts

        def two(r: Any) -> Any:
            x = r.get(a) if type(r) is dict else None
            if type(x) is dict:
                if b in x:
                    return x[b]
                if len(x) != 1 or "items" not in x:
                    return None  # the last part absent from a plain object: what _walk answers
            return _walk(r, parts)
        return two
    if len(parts) == 3:
        a, b, c = parts
        bc = f"{b}.{c}"

        def three(r: Any) -> Any:
            x = r.get(a) if type(r) is dict else None
            if type(x) is dict:
                y = x.get(b)
                if type(y) is dict:
                    if c in y:
                        return y[c]
                    if len(y) != 1 or "items" not in y:
                        return None
                elif y is None and (b in x or bc not in x and (len(x) != 1 or "items" not in x)):
                    return None  # the middle part null, or absent from a plain object: what _walk answers
            return _walk(r, parts)
        return three
    return lambda r: _walk(r, parts)


def _ct_caller(r: dict[str, Any]) -> str | None:
    ident = r.get("userIdentity")
    if type(ident) is not dict:
        return None
    name = ident.get("userName") or str(ident.get("arn") or "").rsplit("/", 1)[-1]
    return str(name) or None


def _k8s_ok(r: dict[str, Any]) -> bool:
    decision = (r.get("annotations") or {}).get("authorization.k8s.io/decision")
    if decision is not None and decision != "allow":
        return False
    code = (r.get("responseStatus") or {}).get("code")
    return not (isinstance(code, int) and code >= 400)


def _plain(v: Any) -> Any:
    return v.get("value") if isinstance(v, dict) and "value" in v else v


_AZURE_OK = {"success", "succeeded", "accept", "accepted"}


def _azure_ok(r: dict[str, Any]) -> bool:
    status = _plain(r.get("status")) or r.get("resultType") or ""
    return str(status).lower() in _AZURE_OK


def _entra_ok(r: dict[str, Any]) -> bool:
    props = r.get("properties") or {}
    if r.get("category") == "AuditLogs" or "activityDisplayName" in props:
        return str(props.get("result") or r.get("resultType") or "").lower() == "success"
    code = (props.get("status") or {}).get("errorCode", r.get("resultType"))
    return str(code) == "0"


def _gcp_ok(r: dict[str, Any]) -> bool:
    status = (r.get("protoPayload") or {}).get("status") or {}
    return not status.get("code")


@dataclass(frozen=True, slots=True)
class LogSource:
    resource_type: str  # the check resource type (event.aws.cloudtrail …)
    key: str  # the rule-id part: threat.<key>.<name>
    succeeded: Callable[[dict[str, Any]], bool]
    index_field: str  # the field rules are indexed by
    aliases: tuple[tuple[str, Getter], ...] = ()
    _index_get: Getter = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index_get", self.getter(self.index_field))  # once, not per event

    def plain_key(self, field: str) -> str | None:
        """The record's own key when :meth:`getter` of ``field`` reads just that (``r.get(field)``),
        for callers that read it inline; else None."""
        if field == "outcome" or "." in field or any(name == field for name, _ in self.aliases):
            return None
        return field

    def getter(self, field: str) -> Getter:
        if field == "outcome":
            ok = self.succeeded
            return lambda r: "success" if ok(r) else "failure"
        for name, get in self.aliases:
            if name == field:
                return get
        if "." not in field:
            return lambda r: r.get(field)
        return dotted(field)

    @property
    def index_getter(self) -> Getter:
        """The index field's getter (:meth:`index_value` is its value as text, lower case)."""
        return self._index_get

    def index_value(self, record: dict[str, Any]) -> str:
        v = self._index_get(record)
        return str(v).lower() if v is not None else ""


def _azure_field(name: str) -> tuple[str, Getter]:
    return name, lambda r: _plain(r.get(name))


SOURCES: dict[str, LogSource] = {s.resource_type: s for s in (
    LogSource(CLOUDTRAIL, "cloudtrail", record_succeeded, "eventName", (("caller", _ct_caller),)),
    LogSource(K8S_AUDIT, "k8s_audit", _k8s_ok, "objectRef.resource"),
    LogSource(AZURE_ACTIVITY, "azure_activity", _azure_ok, "operationName",
              (_azure_field("operationName"), _azure_field("category"), _azure_field("status"))),
    LogSource(AZURE_ENTRA, "azure_entra", _entra_ok, "operationName", (_azure_field("operationName"),)),
    LogSource(GCP_AUDIT, "gcp_audit", _gcp_ok, "protoPayload.methodName"),
)}

# Sigma logsource (product, service) → our resource type
LOGSOURCES: dict[tuple[str, str], str] = {
    ("aws", "cloudtrail"): CLOUDTRAIL,
    ("kubernetes", "audit"): K8S_AUDIT,
    ("azure", "activitylogs"): AZURE_ACTIVITY,
    ("azure", "signinlogs"): AZURE_ENTRA,
    ("azure", "auditlogs"): AZURE_ENTRA,
    ("gcp", "gcp.audit"): GCP_AUDIT,
}
