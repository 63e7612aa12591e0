"""One raw monitoring record → :class:`agent.events.Event`, or :class:`Malformed` with the reason.

Recognised: CloudTrail records (``eventName``/``eventSource``), Kubernetes audit events
(``auditID``/``verb``), and generic security-product alerts (``time``/``actor``/``action``/
``target`` or common synonyms).  Anything else that is a JSON object is still taken in, as a
generic event with what could be found.

A recognised record must have its producer's shape where the intake, the threat rules and the
notices read it: a CloudTrail record has ``eventName``, ``eventSource`` and ``eventTime`` strings
and its identity, parameters and elements are objects; a Kubernetes audit event's ``user``,
``objectRef`` … are objects and ``sourceIPs`` a list.  Otherwise it is *malformed* — counted by
reason and skipped, never a crash further down the line.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from agent.events import Event


class Reason(StrEnum):
    """Why a record is malformed (the ``reason`` of the malformed counts; stable, metric labels)."""

    NOT_JSON = "not_json"  # a line or document that does not parse
    TOO_DEEP = "too_deep"  # JSON nested beyond the parser's limit
    CORRUPT_GZIP = "corrupt_gzip"
    TOO_LARGE = "too_large"  # a file or body past its size cap (compressed or decompressed)
    NOT_AN_OBJECT = "not_an_object"  # a string, number, array … where a record belongs
    MISSING_FIELD = "missing_field"  # a recognised record without a field its producer always writes
    WRONG_TYPE = "wrong_type"  # a field of the wrong JSON type
    UNEXPECTED = "unexpected"  # any other fault reading the record (a bug: logged with the trace)


class Malformed(ValueError):
    def __init__(self, reason: Reason, why: str) -> None:
        super().__init__(why)
        self.reason = reason


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}


def json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _strings(r: dict[str, Any], keys: tuple[str, ...], what: str) -> None:
    for k in keys:
        v = r.get(k)
        if type(v) is not str:
            if v is None:
                raise Malformed(Reason.MISSING_FIELD, f"{what} without {k}")
            raise Malformed(Reason.WRONG_TYPE, f"{what} {k} is {json_type(v)}, not a string")


def _optional(r: dict[str, Any], keys: tuple[str, ...], kind: type, what: str) -> None:
    for k in keys:
        v = r.get(k)
        if v is not None and type(v) is not kind:
            raise Malformed(Reason.WRONG_TYPE, f"{what} {k} is {json_type(v)}, not {_JSON_TYPES[kind]}")


_CT_STRINGS = ("eventName", "eventSource", "eventTime")
_CT_OBJECTS = ("requestParameters", "responseElements", "additionalEventData")  # and userIdentity
_K8S_STRINGS = ("auditID", "verb")
_K8S_OBJECTS = ("user", "impersonatedUser", "objectRef", "responseStatus", "annotations", "requestObject")


def check_cloudtrail(r: dict[str, Any]) -> None:
    """Raise :class:`Malformed` unless ``r`` has a CloudTrail record's shape."""
    # Written out for the common, well-formed record (once per event on the intake's hot path);
    # the helpers find the precise reason only when something is off.
    if type(r.get("eventName")) is not str or type(r.get("eventSource")) is not str \
            or type(r.get("eventTime")) is not str:
        _strings(r, _CT_STRINGS, "CloudTrail record")
    ident = r.get("userIdentity")
    if ident is not None:
        if type(ident) is not dict:
            _optional(r, ("userIdentity",), dict, "CloudTrail record")
        ctx = ident.get("sessionContext")
        if ctx is not None and (type(ctx) is not dict or type(ctx.get("sessionIssuer", {})) is not dict):
            _optional(ident, ("sessionContext",), dict, "CloudTrail userIdentity")
            _optional(ctx, ("sessionIssuer",), dict, "CloudTrail sessionContext")
    for k in _CT_OBJECTS:
        v = r.get(k)
        if v is not None and type(v) is not dict:
            _optional(r, (k,), dict, "CloudTrail record")
    res = r.get("resources")
    if res is not None and type(res) is not list:
        _optional(r, ("resources",), list, "CloudTrail record")


def _cloudtrail(r: dict[str, Any]) -> Event:
    check_cloudtrail(r)
    ident = r.get("userIdentity") or {}
    actor = ident.get("arn") or ident.get("principalId") or ident.get("userName") or ident.get("type") or ""
    service = r["eventSource"].split(".", 1)[0]
    target = ""
    res = r.get("resources")
    if res and isinstance(res[0], dict):
        target = res[0].get("ARN") or res[0].get("arn") or ""
    if not target:
        params = r.get("requestParameters")
        if params:
            for key in ("bucketName", "instanceId", "groupId", "userName", "roleName", "functionName", "keyId"):
                if key in params:
                    target = str(params[key])
                    break
    return Event(r["eventTime"], "aws.cloudtrail", str(actor), f"{service}:{r['eventName']}", str(target), r)


def _k8s_audit(r: dict[str, Any]) -> Event:
    _strings(r, _K8S_STRINGS, "Kubernetes audit event")
    _optional(r, _K8S_OBJECTS, dict, "Kubernetes audit event")
    _optional(r, ("sourceIPs",), list, "Kubernetes audit event")
    user = (r.get("user") or {}).get("username", "")
    ref = r.get("objectRef") or {}
    target = "/".join(str(ref[k]) for k in ("namespace", "resource", "name") if ref.get(k))
    resource = ref.get("resource", "")
    return Event(str(r.get("requestReceivedTimestamp") or r.get("stageTimestamp") or ""), "k8s.audit", str(user),
                 f"{r['verb']}:{resource}", target, r)


def _first(r: dict[str, Any], *keys: str) -> str:
    for k in keys:
        v = r.get(k)
        if v not in (None, ""):
            return v if isinstance(v, str) else str(v)
    return ""


def _generic(r: dict[str, Any]) -> Event:
    return Event(_first(r, "time", "timestamp", "eventTime", "@timestamp", "createdAt"),
                 _first(r, "source", "product") or "alert",
                 _first(r, "actor", "user", "principal", "userName"),
                 _first(r, "action", "type", "title", "name", "eventName"),
                 _first(r, "target", "resource", "resourceId", "arn"), r)


def normalise(record: Any) -> Event:
    """The record as an event; raises :class:`Malformed` for a record of the wrong shape."""
    if type(record) is not dict:
        raise Malformed(Reason.NOT_AN_OBJECT, f"{json_type(record)} is not an event record")
    if "eventName" in record and "eventSource" in record:
        return _cloudtrail(record)
    if "auditID" in record and "verb" in record:
        return _k8s_audit(record)
    return _generic(record)
