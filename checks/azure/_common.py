"""Helpers shared by the Azure checks: reading ARM documents safely and naming the framework."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource
from checks.common import as_list

CIS = "cis-azure-2.1"  # CIS Microsoft Azure Foundations Benchmark v2.1.0


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
