"""One raw monitoring record → :class:`agent.events.Event`.

Recognised: CloudTrail records (``eventName``/``eventSource``), Kubernetes audit events
(``auditID``/``verb``), and generic security-product alerts (``time``/``actor``/``action``/
``target`` or common synonyms).  Anything else that is a JSON object is still taken in, as a
generic event with what could be found.
"""

from __future__ import annotations

from typing import Any

from agent.events import Event


def _cloudtrail(r: dict[str, Any]) -> Event:
    ident = r.get("userIdentity") or {}
    actor = ident.get("arn") or ident.get("principalId") or ident.get("userName") or ident.get("type") or ""
    service = str(r.get("eventSource", "")).split(".", 1)[0]
    target = ""
    res = r.get("resources")
    if isinstance(res, list) and res and isinstance(res[0], dict):
        target = res[0].get("ARN") or res[0].get("arn") or ""
    if not target:
        params = r.get("requestParameters")
        if isinstance(params, dict):
            for key in ("bucketName", "instanceId", "groupId", "userName", "roleName", "functionName", "keyId"):
                if key in params:
                    target = str(params[key])
                    break
    return Event(str(r.get("eventTime", "")), "aws.cloudtrail", str(actor), f"{service}:{r.get('eventName', '')}",
                 str(target), r)


def _k8s_audit(r: dict[str, Any]) -> Event:
    user = (r.get("user") or {}).get("username", "")
    ref = r.get("objectRef") or {}
    target = "/".join(str(ref[k]) for k in ("namespace", "resource", "name") if ref.get(k))
    resource = ref.get("resource", "")
    return Event(str(r.get("requestReceivedTimestamp") or r.get("stageTimestamp") or ""), "k8s.audit", str(user),
                 f"{r.get('verb', '')}:{resource}", target, r)


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


def normalise(record: dict[str, Any]) -> Event:
    if "eventName" in record and "eventSource" in record:
        return _cloudtrail(record)
    if "auditID" in record and "verb" in record:
        return _k8s_audit(record)
    return _generic(record)
