"""Is a Kubernetes object shaped the way the API server would have served it?

A manifest (or a stand-in, or a buggy admission webhook) can give ``spec`` as a list or a
``securityContext`` as a string.  Normalising or checking such an object would raise in a dozen
places (one scan aborted, or eight checks answering ERROR for one typo).  :func:`shape_problem`
walks the fields the collector and the checks read, with the JSON type the API defines for each,
and names the first that is wrong (``spec.containers[0].securityContext: expected an object, got a
string``).  The caller records that as one coverage gap for the object and assesses the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OBJ, ARR, STR = dict, list, str
_NAMES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
          bool: "a boolean", type(None): "null"}

# (path below the object, expected type); "*" is every item of an array.
_META: tuple[tuple[str, type], ...] = (
    ("metadata", OBJ), ("metadata.labels", OBJ), ("metadata.annotations", OBJ),
    ("metadata.ownerReferences", ARR), ("metadata.ownerReferences.*", OBJ),
    ("spec", OBJ), ("status", OBJ),
)
_CONTAINER: tuple[tuple[str, type], ...] = (
    ("image", STR), ("securityContext", OBJ), ("securityContext.capabilities", OBJ),
    ("securityContext.capabilities.add", ARR), ("securityContext.capabilities.drop", ARR),
    ("securityContext.seccompProfile", OBJ), ("ports", ARR), ("ports.*", OBJ), ("env", ARR),
    ("envFrom", ARR), ("resources", OBJ), ("resources.limits", OBJ), ("resources.requests", OBJ),
    ("volumeMounts", ARR), ("volumeMounts.*", OBJ), ("livenessProbe", OBJ), ("readinessProbe", OBJ),
)
_POD_SPEC: tuple[tuple[str, type], ...] = (
    ("securityContext", OBJ), ("securityContext.seccompProfile", OBJ), ("volumes", ARR), ("volumes.*", OBJ),
    ("volumes.*.hostPath", OBJ), ("imagePullSecrets", ARR), ("tolerations", ARR),
    *((f"{lst}", ARR) for lst in ("initContainers", "containers", "ephemeralContainers")),
    *((f"{lst}.*", OBJ) for lst in ("initContainers", "containers", "ephemeralContainers")),
    *((f"{lst}.*.{p}", t) for lst in ("initContainers", "containers", "ephemeralContainers") for p, t in _CONTAINER),
)
_TEMPLATE = {"Pod": "spec", "CronJob": "spec.jobTemplate.spec.template.spec"}
_TEMPLATE_PARENTS = {"CronJob": (("spec.jobTemplate", OBJ), ("spec.jobTemplate.spec", OBJ),
                                 ("spec.jobTemplate.spec.template", OBJ), ("spec.jobTemplate.spec.template.spec", OBJ))}
_CONTROLLER_PARENTS = (("spec.template", OBJ), ("spec.template.metadata", OBJ), ("spec.template.spec", OBJ))
_BY_KIND: dict[str, tuple[tuple[str, type], ...]] = {
    "Role": (("rules", ARR), ("rules.*", OBJ), ("rules.*.verbs", ARR), ("rules.*.resources", ARR),
             ("rules.*.apiGroups", ARR), ("rules.*.resourceNames", ARR)),
    "RoleBinding": (("roleRef", OBJ), ("subjects", ARR), ("subjects.*", OBJ)),
    "NetworkPolicy": (("spec.podSelector", OBJ), ("spec.ingress", ARR), ("spec.egress", ARR), ("spec.policyTypes", ARR)),
    "Service": (("spec.ports", ARR), ("spec.ports.*", OBJ)),
    "Ingress": (("spec.rules", ARR), ("spec.rules.*", OBJ), ("spec.tls", ARR), ("spec.tls.*", OBJ)),
    "Node": (("status.nodeInfo", OBJ), ("status.conditions", ARR), ("status.addresses", ARR)),
    "ConfigMap": (("data", OBJ), ("binaryData", OBJ)),
    "Secret": (("data", OBJ), ("stringData", OBJ)),
    "ServiceAccount": (("secrets", ARR), ("imagePullSecrets", ARR)),
}
_BY_KIND["ClusterRole"] = _BY_KIND["Role"]
_BY_KIND["ClusterRoleBinding"] = _BY_KIND["RoleBinding"]


def _rules(kind: str) -> tuple[tuple[str, type], ...]:
    rules = list(_META) + list(_BY_KIND.get(kind, ()))
    if kind == "Pod":
        rules += [(f"spec.{p}", t) for p, t in _POD_SPEC]
    elif kind == "CronJob":
        rules += list(_TEMPLATE_PARENTS["CronJob"]) + [(f"{_TEMPLATE['CronJob']}.{p}", t) for p, t in _POD_SPEC]
    elif kind in ("Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job"):
        rules += list(_CONTROLLER_PARENTS) + [(f"spec.template.spec.{p}", t) for p, t in _POD_SPEC]
    # parents before children, so the first problem named is the outermost one
    return tuple(sorted(rules, key=lambda r: r[0].count(".")))


class _Node:
    """One step of the compiled rules: the type expected here, the keys below, the items below."""

    __slots__ = ("expected", "keys", "items")

    def __init__(self) -> None:
        self.expected: type | None = None
        self.keys: dict[str, _Node] = {}
        self.items: _Node | None = None


def _compile(rules: tuple[tuple[str, type], ...]) -> _Node:
    root = _Node()
    for path, expected in rules:
        node = root
        for part in path.split("."):
            if part == "*":
                node.items = node.items or _Node()
                node = node.items
            else:
                node = node.keys.setdefault(part, _Node())
        node.expected = expected
    return root


def _check(value: Any, node: _Node, where: str) -> str | None:
    expected = node.expected
    if expected is not None and (not isinstance(value, expected) or isinstance(value, bool)):
        return f"{where}: expected {_NAMES[expected]}, got {_NAMES.get(type(value), type(value).__name__)}"
    if node.keys and isinstance(value, dict):
        for key, child in node.keys.items():
            v = value.get(key)
            if v is not None:
                problem = _check(v, child, f"{where}.{key}" if where else key)
                if problem:
                    return problem
    if node.items is not None and isinstance(value, list):
        for i, item in enumerate(value):  # a null item is wrong too: the API never serves one
            problem = _check(item, node.items, f"{where}[{i}]")
            if problem:
                return problem
    return None


_CACHE: dict[str, _Node] = {}


def shape_problem(obj: Mapping[str, Any]) -> str | None:
    """``"path: expected …, got …"`` for the first field of the wrong JSON type, else None
    (a parent before its children: the outermost fault is named)."""
    kind = str(obj.get("kind", ""))
    root = _CACHE.get(kind)
    if root is None:
        root = _CACHE[kind] = _compile(_rules(kind))
    return _check(obj, root, "")
