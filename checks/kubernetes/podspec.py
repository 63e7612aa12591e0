"""Helpers the workload checks share: their registration (:func:`workload_check`), where a
resource's pod spec is, its containers, and the effective security context of each container
(container settings override the pod's).

Workload checks apply to bare pods and to every controller kind; the collector has already
dropped pods (and ReplicaSets, Jobs) whose controller it read, so each pod template is checked
once, at its owner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.common import T

WORKLOAD_TYPES = ("k8s.pod", "k8s.deployment", "k8s.daemon_set", "k8s.stateful_set", "k8s.replica_set",
                  "k8s.job", "k8s.cron_job", "k8s.deployment_config")
# A digest that pins content: sha256 and its 64 lower-case hex digits, as the registries compute it.
# A short, upper-case or other-algorithm "digest" is not accepted as a pin.
PINNED_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
CIS = "cis-kubernetes-1.9"
CIS10 = "cis-kubernetes-1.10"  # sections 1-4 (control plane, etcd, nodes) and 5, as 1.9's section 5
NSA = "nsa-cisa-k8s-hardening"
_EMPTY: Mapping[str, Any] = {}


def workload_check(id: str, severity: Severity, title: tuple[str, str], description: tuple[str, str],
                   remediation: tuple[str, str], cis: list[str] | None = None, nsa: list[str] | None = None,
                   needs_inventory: bool = False) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """``checks.check`` with the workload resource types and the two Kubernetes frameworks."""
    frameworks: dict[str, list[str]] = {}
    if cis:
        frameworks[CIS] = cis
        frameworks[CIS10] = cis
    if nsa:
        frameworks[NSA] = nsa
    return check(id=id, resource_types=WORKLOAD_TYPES, severity=severity, title=T(*title),
                 description=T(*description), remediation=T(*remediation), frameworks=frameworks,
                 needs_inventory=needs_inventory)


# The engine runs every workload check on one resource before moving to the next, so the last
# answer is kept (keyed on the data dict itself, held here, so its identity cannot be reused).
_last: tuple[Any, tuple[Mapping[str, Any], Mapping[str, Any]]] = (None, (_EMPTY, _EMPTY))


def template(r: Resource) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """(pod metadata, pod spec) of a Pod or of a controller's pod template."""
    global _last
    d = r.data
    cached = _last
    if cached[0] is d:
        return cached[1]
    if r.type == "k8s.pod":
        found = (d.get("metadata") or _EMPTY, d.get("spec") or _EMPTY)
    else:
        spec = d.get("spec") or _EMPTY
        if r.type == "k8s.cron_job":
            spec = (spec.get("jobTemplate") or _EMPTY).get("spec") or _EMPTY
        tpl = spec.get("template") or _EMPTY
        found = (tpl.get("metadata") or _EMPTY, tpl.get("spec") or _EMPTY)
    _last = (d, found)
    return found


def pod_spec(r: Resource) -> Mapping[str, Any]:
    return template(r)[1]


_last_containers: tuple[Any, list[Mapping[str, Any]]] = (None, [])


def containers(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Init, regular and ephemeral containers (cached for the spec last asked about)."""
    global _last_containers
    cached = _last_containers
    if cached[0] is spec:
        return cached[1]
    found = [c for list_name in CONTAINER_LISTS for c in spec.get(list_name) or ()]
    _last_containers = (spec, found)
    return found


def app_containers(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Regular containers only (init and ephemeral containers are not long-running services)."""
    return spec.get("containers") or []


def sc(c: Mapping[str, Any]) -> Mapping[str, Any]:
    return c.get("securityContext") or _EMPTY


def pod_sc(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    return spec.get("securityContext") or _EMPTY


def effective(spec: Mapping[str, Any], c: Mapping[str, Any], key: str) -> Any:
    """A security-context field as the kubelet applies it: the container's value, else the pod's."""
    value = sc(c).get(key)
    return pod_sc(spec).get(key) if value is None else value


def names(items: list[Mapping[str, Any]]) -> list[str]:
    return [str(c.get("name", "?")) for c in items]


def offenders(spec: Mapping[str, Any], predicate: Any, app_only: bool = False) -> list[str]:
    """Names of the containers for which ``predicate(container)`` is true."""
    pool = app_containers(spec) if app_only else containers(spec)
    return [str(c.get("name", "?")) for c in pool if predicate(c)]


def capabilities(c: Mapping[str, Any], which: str) -> set[str]:
    caps = (sc(c).get("capabilities") or _EMPTY).get(which) or ()
    return {str(x).upper().removeprefix("CAP_") for x in caps}


def pinned(image: str) -> bool:
    """Is the image referenced by a well-formed sha256 digest?"""
    digest = image_parts(image)[3]
    return digest is not None and PINNED_DIGEST.match(digest) is not None


def image_parts(image: str) -> tuple[str, str, str | None, str | None]:
    """(registry, repository, tag, digest) of an image reference; Docker Hub is ``docker.io``."""
    digest = None
    if "@" in image:
        image, digest = image.split("@", 1)
    tag = None
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        image, tag = image.rsplit(":", 1)
    first, _, rest = image.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        return first, rest, tag, digest
    return "docker.io", image if rest else f"library/{image}", tag, digest
