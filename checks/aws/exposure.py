"""Reading the toxic-combination fields the AWS collector derives after collection.

``_exposure``: whether a resource is reachable from the internet, along which path and on which
ports; ``_privileged``: whether its role grants admin or privilege-escalation actions (see
agent/collectors/aws/exposure.py, docs/aws-breadth.md).  Where the collector could not tell
(a security group, route table, role or policy it did not read), the field is an ``unreadable``
marker and these helpers raise NotCollected: the check answers ERROR, never PASS.  A resource
acting with no role has no ``_privileged``: that reads as "not privileged".  No checks here: they
live in the module of their service (ec2_exposure, rds_exposure, lambda_exposure, cloudtrail_buckets).
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, is_unreadable
from checks import NotCollected, need, readable


def exposure(r: Resource) -> dict[str, Any]:
    """The resource's ``_exposure`` (NotCollected when it is unknown or was never derived)."""
    return need(r, "_exposure") or {}


def privileges(r: Resource) -> dict[str, Any]:
    """The resource's ``_privileged`` ({} when it acts with no role; NotCollected when unknown)."""
    return readable(r.data.get("_privileged"), "_privileged") or {}


def known_false(r: Resource, key: str, flag: str) -> bool:
    """Is ``flag`` of derived field ``key`` known to be false?  (A toxic combination needs both
    halves, so one half known false answers PASS whatever the other half is.)"""
    value = r.data.get(key, {} if key == "_privileged" else None)
    return isinstance(value, dict) and not is_unreadable(value) and not value.get(flag)


def all_open_ports(exp: dict[str, Any]) -> list[int]:
    """Every port open along the path; NotCollected when part of the path was not assessed, so a
    port missing from the list may still be open."""
    if exp.get("not_assessed"):
        raise NotCollected("_exposure.open_ports", "; ".join(map(str, exp["not_assessed"])))
    return list(exp.get("open_ports") or [])
