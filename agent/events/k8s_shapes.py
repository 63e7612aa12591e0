"""Kubernetes audit events that arrive in another producer's envelope, as ``audit.k8s.io/v1`` Events.

Two managed services ship the API server's audit log inside their own log format:

* **GKE** writes it to Cloud Audit Logs: a LogEntry whose ``protoPayload`` has ``serviceName``
  ``k8s.io`` and a ``methodName`` ``io.k8s.<group>.<version>.<resource>[.<subresource>].<verb>``
  (``io.k8s.core.v1.pods.exec.create``); the object is ``resourceName``
  ``<group>/<version>/[namespaces/<ns>/]<resource>[/<name>[/<subresource>]]`` (``core`` for the
  core group), the caller ``authenticationInfo.principalEmail`` and ``requestMetadata.callerIp``,
  the body ``request`` / ``response``, the authorizer's answer ``authorizationInfo[].granted``,
  and the outcome ``status.code`` (a google.rpc code) or a Kubernetes ``Status`` as ``response``.
* **AKS** diagnostic settings export category ``kube-audit`` / ``kube-audit-admin`` records whose
  ``properties.log`` is the audit Event as a JSON string.

:func:`from_gke` and :func:`from_aks` rebuild the Event the Kubernetes rules read (``verb``,
``objectRef``, ``user``, ``sourceIPs``, ``requestObject``, ``responseStatus.code``, the
authorization decision annotation), so one rule covers EKS, AKS, GKE and self-managed clusters.
"""

from __future__ import annotations

import re
from typing import Any

from agent.events.jsontext import loads

AKS_CATEGORIES = frozenset(("kube-audit", "kube-audit-admin"))
_VERSION = re.compile(r"v\d+(?:(?:alpha|beta)\d+)?$")
# google.rpc.Code → the HTTP status the API server answered with (what responseStatus.code holds)
_RPC_HTTP = {1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400,
             12: 501, 13: 500, 14: 503, 15: 500, 16: 401}


def is_gke_k8s(r: dict[str, Any]) -> bool:
    """A GKE API-server audit entry in Cloud Audit Logs (``protoPayload`` of service ``k8s.io``)."""
    p = r.get("protoPayload")
    if type(p) is not dict:
        return False
    method = p.get("methodName")
    return p.get("serviceName") == "k8s.io" or (type(method) is str and method.startswith("io.k8s."))


_NON_RESOURCE = frozenset(("healthz", "livez", "readyz", "version", "metrics", "openapi", "api", "apis"))


def _method(method: str) -> tuple[str, str, str, str, str]:
    """``io.k8s.core.v1.pods.exec.create`` → (group, version, resource, subresource, verb); a
    non-resource method (``io.k8s.readyz``) → ("", "", name, "", "get")."""
    parts = method.split(".")[2:]
    at = next((i for i, p in enumerate(parts) if _VERSION.match(p)), -1)
    after = parts[at + 1:] if at >= 0 else []
    if len(after) < 2:
        return "", "", parts[-1] if parts else "", "", "get"
    group = ".".join(parts[:at])
    return "" if group == "core" else group, parts[at], after[0], after[1] if len(after) > 2 else "", after[-1]


def _object_ref(resource_name: str, method: tuple[str, str, str, str, str]) -> tuple[dict[str, Any], str]:
    """objectRef and requestURI from ``<group>/<version>/[namespaces/<ns>/]<resource>[/<name>[/<sub>]]``,
    or from the method alone when the entry names no resource."""
    mgroup, mversion, resource, subresource, _ = method
    parts = [p for p in resource_name.split("/") if p]
    if len(parts) >= 2 and _VERSION.match(parts[1]):
        group, version, rest = ("" if parts[0] == "core" else parts[0]), parts[1], parts[2:]
    elif mversion:
        group, version, rest = mgroup, mversion, [resource]
    else:
        return {}, "/" + (resource or "/".join(parts))
    if len(rest) == 1 and rest[0] in _NON_RESOURCE:  # core/v1/healthz: a path, not an object
        return {}, "/" + rest[0]
    ref: dict[str, Any] = {"apiVersion": version}
    if group:
        ref["apiGroup"] = group
    path = "/".join(rest)
    if len(rest) >= 3 and rest[0] == "namespaces":
        ref["namespace"] = rest[1]
        rest = rest[2:]
    if rest:
        ref["resource"] = rest[0]
    if len(rest) > 1:
        ref["name"] = rest[1]
    if len(rest) > 2 or subresource:
        ref["subresource"] = rest[2] if len(rest) > 2 else subresource
    return ref, (f"/apis/{group}/{version}/" if group else f"/api/{version}/") + path


def _code(p: dict[str, Any], verb: str) -> int:
    resp = p.get("response")
    if type(resp) is dict and resp.get("status") == "Failure":  # a Kubernetes Status answered
        code = resp.get("code")
        return code if type(code) is int and code >= 400 else 500
    status = p.get("status")
    rpc = status.get("code") if type(status) is dict else None
    if type(rpc) is int and rpc:
        return _RPC_HTTP.get(rpc, 500)
    return 201 if verb == "create" else 200


def _object(v: Any) -> dict[str, Any]:
    return v if type(v) is dict else {}


def from_gke(r: dict[str, Any]) -> dict[str, Any]:
    """The ``audit.k8s.io/v1`` Event a GKE Cloud Audit Log entry records."""
    p: dict[str, Any] = r["protoPayload"]
    method = str(p.get("methodName") or "")
    parsed = _method(method)
    verb = parsed[4]
    ref, uri = _object_ref(str(p.get("resourceName") or ""), parsed)
    auth = _object(p.get("authenticationInfo"))
    meta = _object(p.get("requestMetadata"))
    ip = meta.get("callerIp") or meta.get("callerIP")
    ev: dict[str, Any] = {
        "kind": "Event", "apiVersion": "audit.k8s.io/v1", "stage": "ResponseComplete", "verb": verb,
        "requestURI": uri, "user": {"username": str(auth.get("principalEmail") or "")},
        "sourceIPs": [str(ip)] if ip else [], "objectRef": ref,
        "responseStatus": {"code": _code(p, verb)},
    }
    if r.get("insertId"):
        ev["auditID"] = str(r["insertId"])
    if meta.get("callerSuppliedUserAgent"):
        ev["userAgent"] = str(meta["callerSuppliedUserAgent"])
    when = r.get("timestamp") or r.get("receiveTimestamp")
    if when:
        ev["requestReceivedTimestamp"] = ev["stageTimestamp"] = str(when)
    auths = p.get("authorizationInfo")
    grants = [a.get("granted") for a in auths if type(a) is dict] if type(auths) is list else []
    if grants:
        ev["annotations"] = {"authorization.k8s.io/decision": "forbid" if False in grants else "allow"}
    request = p.get("request")
    if request is not None:
        ev["requestObject"] = {k: v for k, v in request.items() if k != "@type"} if type(request) is dict else request
    if p.get("response") is not None:
        ev["responseObject"] = p["response"]
    return ev


def is_aks_audit(r: dict[str, Any]) -> bool:
    """An AKS diagnostic-settings record carrying an audit Event (category kube-audit[-admin])."""
    category = r.get("category")  # the Activity Log API writes {"value": …}: never an AKS record
    if type(category) is not str or category not in AKS_CATEGORIES:
        return False
    props = r.get("properties")
    return type(props) is dict and type(props.get("log")) is str


def from_aks(r: dict[str, Any]) -> Any:
    """The record's ``properties.log`` parsed (the audit Event, or whatever the string held);
    raises ValueError when it is not JSON."""
    return loads(r["properties"]["log"])
