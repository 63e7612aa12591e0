"""``threat_rule``: :func:`checks.check` with the settings every threat rule shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from agent.core.model import Severity
from checks import CheckFunc, check

CLOUDTRAIL = "event.aws.cloudtrail"
K8S_AUDIT = "event.k8s.audit"


def threat_rule(*, id: str, source: str, severity: Severity, techniques: Iterable[str],
                title: Mapping[str, str], description: Mapping[str, str], remediation: Mapping[str, str],
                needs_inventory: bool = False) -> Callable[[CheckFunc], CheckFunc]:
    return check(id=id, resource_types=(source,), severity=severity, kind="threat",
                 frameworks={"mitre-attack": list(techniques)}, title=title, description=description,
                 remediation=remediation, needs_inventory=needs_inventory)
