"""``threat_rule``: :func:`checks.check` with the settings every threat rule shares, and the
index key each rule declares (the events it can match), so the detector offers an event only
to the rules that could match it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from agent.core.model import Severity
from checks import CheckFunc, check

CLOUDTRAIL = "event.aws.cloudtrail"
K8S_AUDIT = "event.k8s.audit"
AZURE_ACTIVITY = "event.azure.activity"
AZURE_ENTRA = "event.azure.entra"
GCP_AUDIT = "event.gcp.audit"

# check id -> the index values (lower case; CloudTrail eventName, Kubernetes objectRef.resource,
# Azure operationName, GCP methodName) it can match, or None for "any event of its source"
INDEX_KEYS: dict[str, frozenset[str] | None] = {}


def threat_rule(*, id: str, source: str, severity: Severity, techniques: Iterable[str],
                title: Mapping[str, str], description: Mapping[str, str], remediation: Mapping[str, str],
                needs_inventory: bool = False, events: Iterable[str] | None = None) -> Callable[[CheckFunc], CheckFunc]:
    """``events``: the index values the rule can match (see :data:`INDEX_KEYS`); None: every event."""
    INDEX_KEYS[id] = frozenset(e.lower() for e in events) if events is not None else None
    return check(id=id, resource_types=(source,), severity=severity, kind="threat",
                 frameworks={"mitre-attack": list(techniques)}, title=title, description=description,
                 remediation=remediation, needs_inventory=needs_inventory)
