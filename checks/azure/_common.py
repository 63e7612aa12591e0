"""Helpers shared by the Azure checks: reading ARM documents safely and naming the framework."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.core.model import Messages, Resource, Result, Severity
from checks.common import as_list

CIS = "cis-azure-2.1"  # CIS Microsoft Azure Foundations Benchmark v2.1.0
CIS3 = "cis-azure-3.0"  # CIS Microsoft Azure Foundations Benchmark v3.0.0

# v2.1 section -> v3.0 section.  v3.0 put Identity first (2), moved Key Vault under Security
# (3.3) and shifted the rest by one; within a section the numbering is unchanged, except that
# App Service (9) and Defender for Cloud (3.1), which v3.0 renumbered, so they are not translated;
# v3.0 inserted 2.2.3 (device code flow) among the Conditional Access controls.
_V30_SECTIONS = (("4.1.", "5.1."), ("4.3.", "5.2."), ("4.4.", "5.3."), ("4.5.", "5.4."), ("8.", "3.3."),
                 ("7.", "8."), ("6.", "7."), ("5.", "6."), ("3.", "4."), ("1.", "2."))


def v30(control: str) -> str | None:
    """The CIS v3.0.0 id of a CIS v2.1.0 control (None where v3.0 renumbered it differently)."""
    if control.startswith("2."):  # Defender for Cloud: v3.0 regrouped the plans (3.1.x.y)
        return None
    if control.startswith("1.2."):
        n = int(control.split(".")[2])
        return f"2.2.{n if n <= 2 else n + 1}"
    for old, new in _V30_SECTIONS:
        if control.startswith(old):
            return new + control[len(old):]
    return None


def cis(*v21: str, only_v30: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Framework ids of a check: the CIS v2.1.0 controls given, their v3.0.0 ids, plus v3.0-only ones."""
    out: dict[str, list[str]] = {}
    if v21:
        out[CIS] = list(v21)
    ids30 = [c for c in (v30(x) for x in v21) if c] + list(only_v30)
    if ids30:
        out[CIS3] = ids30
    return out


def props(r: Resource) -> dict[str, Any]:
    """The ``properties`` of the resource's ARM document (empty when absent)."""
    value = r.data.get("properties")
    return value if isinstance(value, dict) else {}


def lower(value: Any) -> str:
    return str(value or "").strip().lower()


def logs_enabled(settings: Any, categories: tuple[str, ...]) -> list[str]:
    """Names of diagnostic settings that export one of ``categories`` (or the audit/allLogs groups)."""
    wanted = {c.lower() for c in categories} | {"audit", "alllogs"}
    names = []
    for setting in as_list(settings):
        for log in as_list((setting.get("properties") or setting).get("logs")):
            if log.get("enabled") and lower(log.get("category") or log.get("categoryGroup")) in wanted:
                names.append(str(setting.get("name")))
                break
    return names


def approved_private_endpoints(r: Resource) -> list[dict[str, Any]]:
    """The resource's private endpoint connections in state Approved."""
    return [c for c in as_list(props(r).get("privateEndpointConnections"))
            if ((c.get("properties") or c).get("privateLinkServiceConnectionState") or {}).get("status", "Approved")
            == "Approved"]


def open_firewall_rules(rules: Any) -> list[dict[str, Any]]:
    """Firewall rules open to any address (0.0.0.0-255.255.255.255) or to all of Azure (0.0.0.0-0.0.0.0)."""
    wide = []
    for rule in as_list(rules):
        p = rule.get("properties") or rule
        if p.get("startIpAddress") == "0.0.0.0" and p.get("endIpAddress") in ("0.0.0.0", "255.255.255.255"):
            wide.append({"name": rule.get("name"), "start": p.get("startIpAddress"), "end": p.get("endIpAddress")})
    return wide


def enabled(value: Any) -> bool:
    """An ARM on/off value in any of its spellings: true, "Enabled", "ON", "on"."""
    return value is True or lower(value) in ("enabled", "on", "true")


def value_at(r: Resource, path: tuple[str, ...], default: Any = None) -> Any:
    """``properties.<path>`` of the resource's ARM document; ``default`` when omitted (the API's default)."""
    value: Any = props(r)
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return default if value is None else value


def property_check(msg: Messages, resource_types: tuple[str, ...], check_id: str, severity: Severity,
                   path: tuple[str, ...], good: Callable[[Any], bool], default: Any, frameworks: dict[str, list[str]],
                   title: dict[str, str], description: dict[str, str], remediation: dict[str, str]) -> None:
    """Register a check that one ARM property (omitted = its documented ``default``) has a good value.

    ``msg`` is the calling module's catalogue (namespace ``azure.<module>``); it needs the keys
    ``setting`` and ``setting_bad``.  The check is attributed to that module, where its id says it lives.
    """
    from checks import check

    def evaluate(r: Resource) -> Result:
        value = value_at(r, path, default)
        setting = ".".join(path)
        return msg.ok("setting", setting=setting, value=value) if good(value) else msg.fail("setting_bad", setting=setting, value=value)

    evaluate.__module__ = f"checks.{msg.namespace}"
    check(id=check_id, resource_types=resource_types, severity=severity, frameworks=frameworks, title=title,
          description=description, remediation=remediation)(evaluate)


def server_parameter(r: Resource, name: str, default: str) -> str:
    """A database server parameter the collector read (``configurations``): ERROR when unreadable,
    ``default`` when the server's version does not have it."""
    from checks import need, readable

    value = readable((need(r, "configurations") or {}).get(name), f"server parameter {name}")
    return str(default if value is None else value)
