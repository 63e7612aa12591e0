"""One raw monitoring record → :class:`agent.events.Event`, or :class:`Malformed` with the reason.

Recognised: CloudTrail records (``eventName``/``eventSource``), Kubernetes audit events
(``apiVersion: audit.k8s.io/*`` + ``kind: Event``, or ``kind: Event`` / ``auditID`` with ``verb``
— a log shipper may drop apiVersion, auditID or both; GKE's in Cloud Audit Logs and AKS's in its
``kube-audit`` diagnostic records are unwrapped to the same Event, see
:mod:`agent.events.k8s_shapes`), Azure Activity Log and Entra ID sign-in/audit records (the
diagnostic-settings export shape, and the Activity Log REST API's ``EventData``), GCP Cloud Audit Log entries
(``protoPayload`` of type AuditLog), and generic security-product alerts (``time``/``actor``/
``action``/``target`` or common synonyms).  Anything else that is a JSON object is still taken
in, as a generic event with what could be found (the threat detector counts those as unread).

The target is the object the call acted on (a trail, bucket, role, key, snapshot, cluster object,
Azure resource id, GCP resource name), so two tampered trails are two targets.

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
from agent.events.k8s_shapes import from_aks, from_gke, is_aks_audit, is_gke_k8s


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
_K8S_STRINGS = ("verb",)
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
    params, elements, extra = r.get("requestParameters"), r.get("responseElements"), r.get("additionalEventData")
    if params is not None and type(params) is not dict or elements is not None and type(elements) is not dict \
            or extra is not None and type(extra) is not dict:
        _optional(r, _CT_OBJECTS, dict, "CloudTrail record")  # (the first of them in that order is named)
    res = r.get("resources")
    if res is not None and type(res) is not list:
        _optional(r, ("resources",), list, "CloudTrail record")


# requestParameters naming what the call acted on, most specific first.  ``name`` is the trail
# for CloudTrail calls (StopLogging, DeleteTrail, PutEventSelectors …) and the parameter for SSM.
_CT_TARGET_KEYS = ("trailName", "bucketName", "roleName", "userName", "groupName", "policyArn", "keyId",
                   "snapshotId", "imageId", "dBSnapshotIdentifier", "dBClusterSnapshotIdentifier",
                   "dBInstanceIdentifier", "dBClusterIdentifier", "secretId", "functionName", "layerName",
                   "instanceId", "instanceIds", "groupId", "detectorId", "flowLogIds", "resolverQueryLogConfigId",
                   "logGroupName", "configurationRecorderName", "trustAnchorId", "profileId", "clusterName",
                   "hostedZoneId", "volumeId", "networkAclId", "networkInterfaceId", "trafficMirrorTargetId",
                   "trafficMirrorFilterId", "trafficMirrorSessionId", "flowLogId", "dBSecurityGroupName",
                   "dbiResourceId", "dbClusterResourceId", "sourceDBSnapshotIdentifier",
                   "sourceDBClusterSnapshotIdentifier", "repositoryName", "queueUrl", "topicArn", "projectArn",
                   "guardrailIdentifier", "resourceArn", "names", "accountId", "regionName", "RegionName", "name")


_CT_TARGET_RANK = {k: i for i, k in enumerate(_CT_TARGET_KEYS)}


def _unwrapped(params: dict[str, Any]) -> dict[str, Any]:
    """Newer EC2 calls wrap the request, ``{"DeleteFlowLogsRequest": {"FlowLogId": …}}``: the inner
    request with its keys as the other calls spell them (``flowLogId``)."""
    ((key, inner),) = params.items()
    if key.endswith("Request") and type(inner) is dict:
        return {k[:1].lower() + k[1:]: v for k, v in inner.items()}
    return params


def _ct_target(r: dict[str, Any]) -> str:
    params = r.get("requestParameters")
    if params:
        # the request's own keys that name a target, in _CT_TARGET_KEYS order (a request has a
        # few keys; walking the whole list per event would cost more than the rest of normalising)
        rank = _CT_TARGET_RANK
        named = list(filter(rank.__contains__, params))  # (no comprehension frame per event)
        if not named and len(params) == 1:
            params = _unwrapped(params)
            named = list(filter(rank.__contains__, params))
        if len(named) > 1:
            named.sort(key=rank.__getitem__)
        for key in named:
            v = params[key]
            if v is None or v == "":
                continue
            if isinstance(v, dict):
                if "content" in v:  # EC2 query shape: {"content": "fl-…", "tag": 1}
                    v = v["content"]
                else:  # EC2 lists: {"items": [{"instanceId": …}]}
                    first = (v.get("items") or [None])[0]
                    v = next(iter(first.values()), "") if isinstance(first, dict) else first
            elif isinstance(v, list):
                v = v[0] if v else ""
            if v not in (None, ""):
                return str(v)
    res = r.get("resources")
    if res and isinstance(res[0], dict):
        return str(res[0].get("ARN") or res[0].get("arn") or "")
    return ""


def _cloudtrail(r: dict[str, Any]) -> Event:
    check_cloudtrail(r)
    ident = r.get("userIdentity") or {}
    actor = ident.get("arn") or ident.get("principalId") or ident.get("userName") or ident.get("type") or ""
    service = r["eventSource"].partition(".")[0]
    return Event(r["eventTime"], "aws.cloudtrail", str(actor), f"{service}:{r['eventName']}", _ct_target(r), r)


def is_k8s_audit(r: dict[str, Any]) -> bool:
    """A Kubernetes audit event: by its type (``audit.k8s.io/v1`` ``Event``) or, when a shipper
    dropped apiVersion, by ``kind: Event`` with ``verb`` (a core ``v1`` Event names its apiVersion
    and has no verb), or, when kind went too, by ``auditID`` with ``verb``."""
    if r.get("kind") == "Event":
        api = r.get("apiVersion")
        if api is None:
            return "verb" in r
        if str(api).startswith("audit.k8s.io/"):
            return True
    return "auditID" in r and "verb" in r


def _k8s_audit(r: dict[str, Any]) -> Event:
    _strings(r, _K8S_STRINGS, "Kubernetes audit event")
    _optional(r, _K8S_OBJECTS, dict, "Kubernetes audit event")
    _optional(r, ("sourceIPs",), list, "Kubernetes audit event")
    user = (r.get("user") or {}).get("username", "")
    ref = r.get("objectRef") or {}
    target = "/".join(str(ref[k]) for k in ("namespace", "resource", "name", "subresource") if ref.get(k))
    resource = ref.get("resource", "")
    return Event(str(r.get("requestReceivedTimestamp") or r.get("stageTimestamp") or ""), "k8s.audit", str(user),
                 f"{r['verb']}:{resource}", target, r)


def _aks_audit(r: dict[str, Any]) -> Event:
    try:
        inner = from_aks(r)
    except ValueError as exc:
        raise Malformed(Reason.NOT_JSON, f"AKS kube-audit record: properties.log is not JSON ({exc})") from None
    if type(inner) is not dict:
        raise Malformed(Reason.NOT_AN_OBJECT, f"AKS kube-audit record: properties.log is {json_type(inner)}")
    if not is_k8s_audit(inner):
        raise Malformed(Reason.MISSING_FIELD, "AKS kube-audit record: properties.log is not a Kubernetes audit event")
    return _k8s_audit(inner)


def _value(v: Any) -> str:
    """Activity Log API fields are ``{"value": …, "localizedValue": …}``; exports are strings."""
    if isinstance(v, dict):
        v = v.get("value")
    return "" if v is None else str(v)


def is_azure(r: dict[str, Any]) -> bool:
    return "operationName" in r and ("resourceId" in r or "category" in r) and \
        ("time" in r or "eventTimestamp" in r)


def _azure(r: dict[str, Any]) -> Event:
    _optional(r, ("properties",), dict, "Azure log record")
    category = _value(r.get("category"))
    props = r.get("properties") or {}
    op = _value(r.get("operationName"))
    if category in ("SignInLogs", "NonInteractiveUserSignInLogs", "ServicePrincipalSignInLogs",
                    "ManagedIdentitySignInLogs", "AuditLogs"):
        if category == "AuditLogs":
            who = ((props.get("initiatedBy") or {}).get("user") or {}).get("userPrincipalName") or ""
            targets = props.get("targetResources") or []
            first = targets[0] if targets and isinstance(targets[0], dict) else {}
            target = str(first.get("userPrincipalName") or first.get("displayName") or first.get("id") or "")
            op = str(props.get("activityDisplayName") or op)
        else:
            who = props.get("userPrincipalName") or props.get("servicePrincipalName") or ""
            target = str(props.get("appDisplayName") or props.get("resourceDisplayName") or "")
        return Event(str(r.get("time", "")), "azure.entra", str(who), op, target, r)
    # Entra records carry "identity" as a display name; Activity records as an object
    _optional(r, ("identity", "claims", "authorization", "httpRequest"), dict, "Azure Activity Log record")
    claims = r.get("claims") or (r.get("identity") or {}).get("claims") or {}
    caller = r.get("caller") or claims.get("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn") or ""
    time = r.get("time") or r.get("eventTimestamp") or ""
    return Event(str(time), "azure.activity", str(caller), op, str(r.get("resourceId", "")), r)


def is_gcp_audit(r: dict[str, Any]) -> bool:
    p = r.get("protoPayload")
    return type(p) is dict and "methodName" in p


def _gcp_audit(r: dict[str, Any]) -> Event:
    _optional(r["protoPayload"], ("authenticationInfo", "requestMetadata", "status", "request"), dict,
              "GCP audit log protoPayload")
    p = r["protoPayload"]
    who = (p.get("authenticationInfo") or {}).get("principalEmail") or ""
    return Event(str(r.get("timestamp") or r.get("receiveTimestamp") or ""), "gcp.audit", str(who),
                 str(p.get("methodName", "")), str(p.get("resourceName", "")), r)


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
    if is_k8s_audit(record):
        return _k8s_audit(record)
    if is_gcp_audit(record):
        return _k8s_audit(from_gke(record)) if is_gke_k8s(record) else _gcp_audit(record)
    if is_aks_audit(record):
        return _aks_audit(record)
    if is_azure(record):
        return _azure(record)
    return _generic(record)
