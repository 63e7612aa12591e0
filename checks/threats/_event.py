"""Small readers over raw CloudTrail / Kubernetes audit records shared by the threat rules."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from agent.core.model import Resource


def ct_name(ev: Resource) -> str:
    return str(ev.data.get("eventName", ""))


def ct_service(ev: Resource) -> str:
    return str(ev.data.get("eventSource", "")).split(".", 1)[0]


def ct_succeeded(ev: Resource) -> bool:
    return record_succeeded(ev.data)


# Sign-in style events (ConsoleLogin, SwitchRole, ExitRole, CheckMfa, CredentialChallenge …)
# carry no errorCode when they fail: the outcome is a "Failure" value in responseElements.
def record_succeeded(r: dict[str, Any]) -> bool:
    """A CloudTrail call succeeded: no ``errorCode`` and no ``responseElements`` outcome of
    ``"Failure"``."""
    if r.get("errorCode"):
        return False
    elements = r.get("responseElements")
    return not (type(elements) is dict and "Failure" in elements.values())


def ct_params(ev: Resource) -> dict[str, Any]:
    p = ev.data.get("requestParameters")
    return p if isinstance(p, dict) else {}


def ct_identity(ev: Resource) -> dict[str, Any]:
    i = ev.data.get("userIdentity")
    return i if isinstance(i, dict) else {}


def ct_is(ev: Resource, service: str, *names: str) -> bool:
    return ct_service(ev) == service and ct_name(ev) in names and ct_succeeded(ev)


def items(value: Any) -> list[Any]:
    """CloudTrail wraps EC2 lists as ``{"items": [...]}``; accept that or a plain list."""
    if isinstance(value, dict):
        value = value.get("items")
    return value if isinstance(value, list) else []


def sg_permissions(params: dict[str, Any]) -> list[dict[str, Any]]:
    """The permissions of a security-group ingress/egress request in both documented shapes:
    nested ``ipPermissions.items[]`` and the flat ``cidrIp``/``ipProtocol``/``fromPort``/
    ``toPort`` form (the older request style, still accepted by EC2)."""
    perms = [p for p in items(params.get("ipPermissions")) if isinstance(p, dict)]
    if "cidrIp" in params or "cidrIpv6" in params or "ipProtocol" in params:
        perms.append(params)
    return perms


def policy_document(value: Any) -> dict[str, Any]:
    """Policy documents arrive as JSON strings, sometimes URL-encoded (IAM), or as objects."""
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        return {}
    for text in (value, unquote(value)):
        try:
            doc = json.loads(text)
        except ValueError:
            continue
        return doc if isinstance(doc, dict) else {}
    return {}


def k8s_ref(ev: Resource) -> dict[str, Any]:
    r = ev.data.get("objectRef")
    return r if isinstance(r, dict) else {}


def k8s_user(ev: Resource) -> dict[str, Any]:
    u = ev.data.get("user")
    return u if isinstance(u, dict) else {}


def k8s_allowed(ev: Resource) -> bool:
    """Allowed and not failed: the authorizer's decision when recorded, else the response code."""
    decision = (ev.data.get("annotations") or {}).get("authorization.k8s.io/decision")
    if decision is not None and decision != "allow":
        return False
    code = (ev.data.get("responseStatus") or {}).get("code")
    return not (isinstance(code, int) and code >= 400)
