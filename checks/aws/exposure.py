"""Reading the toxic-combination fields the AWS collector derives after collection.

``_exposure``: whether a resource is reachable from the internet, along which path and on which
ports; ``_privileged``: whether its role grants admin or privilege-escalation actions (see
agent/collectors/aws/exposure.py, docs/aws-breadth.md).  An absent field reads as "not exposed" /
"not privileged", as the toxic-combination checks have always read it.  No checks here: they live
in the module of their service (ec2_exposure, rds_exposure, lambda_exposure, cloudtrail_buckets).
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource


def exposure(r: Resource) -> dict[str, Any]:
    return r.data.get("_exposure") or {}


def privileges(r: Resource) -> dict[str, Any]:
    return r.data.get("_privileged") or {}
