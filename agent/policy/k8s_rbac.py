"""Effective RBAC permissions: who can do what, where (pure; no API calls).

Resolution follows the Kubernetes RBAC authoriser:

- a ClusterRoleBinding grants its ClusterRole's rules in every namespace and on cluster-scoped
  resources (scope ``"*"``);
- a RoleBinding grants its Role's, or a ClusterRole's, rules in the binding's namespace only;
- an aggregated ClusterRole (``aggregationRule.clusterRoleSelectors``) has, besides its own rules,
  the rules of every ClusterRole whose labels match one of the selectors, transitively (the
  controller-manager writes them into ``rules`` on a live cluster; manifests usually leave them
  out, so they are resolved here either way);
- a rule matches a request when its verbs, apiGroups and resources match (``*`` wildcards,
  ``pods/exec`` subresources, ``*/scale``).  Rules restricted by ``resourceNames`` never grant
  access to *all* objects of a kind, which is what every question asked here is about.

The same answers are used by the collector (to build one ``k8s.rbac_subject`` resource per
subject) and by the checks (via :func:`allowing` over that resource's grants).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ANYWHERE = "?any"  # namespace argument: a grant in any namespace (or cluster-wide) counts

# Subjects that are part of Kubernetes itself.  The dangerous built-in groups are *not* system
# subjects: granting something to them grants it to everyone (or every service account).
BROAD_GROUPS = frozenset({
    "system:anonymous", "system:unauthenticated", "system:authenticated", "system:serviceaccounts",
})
SYSTEM_NAMESPACES = frozenset({"kube-system"})


@dataclass(frozen=True, slots=True, order=True)
class Subject:
    kind: str  # User | Group | ServiceAccount
    name: str
    namespace: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.namespace}/{self.name}" if self.kind == "ServiceAccount" else f"{self.kind}/{self.name}"

    @property
    def is_system(self) -> bool:
        return is_system_subject(self.kind, self.name, self.namespace)

    def to_dict(self) -> dict[str, str]:
        d = {"kind": self.kind, "name": self.name}
        if self.namespace:
            d["namespace"] = self.namespace
        return d


SA_USER_PREFIX = "system:serviceaccount:"


def is_system_subject(kind: str, name: str, namespace: str = "") -> bool:
    if kind == "ServiceAccount":
        return namespace in SYSTEM_NAMESPACES
    if name in BROAD_GROUPS or name.startswith("system:serviceaccounts:"):
        return False
    if name.startswith(SA_USER_PREFIX):
        # A User named system:serviceaccount:NS:NAME is that service account's identity: system
        # only when the account is in a system namespace, like the ServiceAccount subject.
        return name[len(SA_USER_PREFIX):].partition(":")[0] in SYSTEM_NAMESPACES
    return name.startswith("system:")


@dataclass(frozen=True, slots=True)
class Grant:
    subject: Subject
    scope: str  # "*" (cluster-wide) or a namespace
    binding: str  # "ClusterRoleBinding/name" or "RoleBinding/ns/name"
    role: str  # "ClusterRole/name" or "Role/ns/name"
    rules: tuple[Mapping[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "binding": self.binding, "role": self.role, "rules": [dict(r) for r in self.rules]}


def _meta(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    return obj.get("metadata") or {}


def selector_matches(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    """A metav1.LabelSelector against a label set (matchLabels AND matchExpressions)."""
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def _split(resource: str) -> tuple[str, str]:
    base, _, sub = resource.partition("/")
    return base, sub


def rule_allows(rule: Mapping[str, Any], verb: str, group: str, resource: str) -> bool:
    """Does one PolicyRule allow ``verb`` on *every* object of ``resource`` ("pods/exec" allowed)?"""
    if rule.get("resourceNames"):
        return False
    verbs = rule.get("verbs") or ()
    if verb not in verbs and "*" not in verbs:
        return False
    groups = rule.get("apiGroups") or ()
    if group not in groups and "*" not in groups:
        return False
    _, sub = _split(resource)
    for r in rule.get("resources") or ():
        if r == "*" or r == resource:
            return True
        if sub and r == f"*/{sub}":
            return True
    return False


def allowing(grants: Iterable[Mapping[str, Any]], verb: str, resource: str, group: str = "",
             namespace: str | None = None) -> list[Mapping[str, Any]]:
    """The grants (dicts as stored on a ``k8s.rbac_subject``) that allow the request.

    ``namespace=None`` asks about cluster-wide access (only scope "*" grants count); a namespace
    name asks about that namespace; :data:`ANYWHERE` accepts a grant of any scope.
    """
    out = []
    for g in grants:
        scope = g.get("scope")
        if namespace is None and scope != "*":
            continue
        if namespace not in (None, ANYWHERE) and scope not in ("*", namespace):
            continue
        if any(rule_allows(r, verb, group, resource) for r in g.get("rules") or ()):
            out.append(g)
    return out


class EffectivePermissions:
    """Resolves bindings → roles (with aggregation) into grants per subject."""

    def __init__(self, roles: Iterable[Mapping[str, Any]] = (), cluster_roles: Iterable[Mapping[str, Any]] = (),
                 role_bindings: Iterable[Mapping[str, Any]] = (),
                 cluster_role_bindings: Iterable[Mapping[str, Any]] = ()) -> None:
        self._roles = {(_meta(r).get("namespace", ""), _meta(r).get("name", "")): r for r in roles}
        self._cluster_roles = {_meta(r).get("name", ""): r for r in cluster_roles}
        self._resolved: dict[str, tuple[Mapping[str, Any], ...]] = {}
        self.grants: list[Grant] = []
        self.dangling: list[str] = []  # bindings whose role does not exist
        for b in cluster_role_bindings:
            self._bind(b, "*", f"ClusterRoleBinding/{_meta(b).get('name', '')}")
        for b in role_bindings:
            ns = _meta(b).get("namespace", "") or "default"
            self._bind(b, ns, f"RoleBinding/{ns}/{_meta(b).get('name', '')}")

    def cluster_role_rules(self, name: str) -> tuple[Mapping[str, Any], ...]:
        """A ClusterRole's own rules plus those aggregated into it (transitively, cycle-safe)."""
        if name not in self._resolved:
            self._resolved[name] = ()  # guards against aggregation cycles
            role = self._cluster_roles.get(name)
            rules: list[Mapping[str, Any]] = list((role or {}).get("rules") or [])
            selectors = ((role or {}).get("aggregationRule") or {}).get("clusterRoleSelectors") or []
            if selectors:
                for other_name, other in sorted(self._cluster_roles.items()):
                    if other_name == name:
                        continue
                    labels = _meta(other).get("labels") or {}
                    if any(selector_matches(s, labels) for s in selectors):
                        for rule in self.cluster_role_rules(other_name):
                            if rule not in rules:
                                rules.append(rule)
            self._resolved[name] = tuple(rules)
        return self._resolved[name]

    def _bind(self, binding: Mapping[str, Any], scope: str, label: str) -> None:
        ref = binding.get("roleRef") or {}
        kind, name = ref.get("kind"), ref.get("name", "")
        if kind == "ClusterRole":
            if name not in self._cluster_roles:
                self.dangling.append(label)
            rules, role = self.cluster_role_rules(name), f"ClusterRole/{name}"
        else:
            ns = scope
            found = self._roles.get((ns, name))
            if found is None:
                self.dangling.append(label)
            rules, role = tuple((found or {}).get("rules") or ()), f"Role/{ns}/{name}"
        for s in binding.get("subjects") or []:
            s_kind = s.get("kind", "")
            s_ns = s.get("namespace", "") if s_kind == "ServiceAccount" else ""
            if s_kind == "ServiceAccount" and not s_ns and scope != "*":
                s_ns = scope  # a RoleBinding's service account defaults to the binding's namespace
            self.grants.append(Grant(Subject(s_kind, s.get("name", ""), s_ns), scope, label, role, rules))

    def by_subject(self) -> dict[Subject, list[Grant]]:
        out: dict[Subject, list[Grant]] = {}
        for g in self.grants:
            out.setdefault(g.subject, []).append(g)
        return out

    def can(self, subject: Subject, verb: str, resource: str, namespace: str | None = None, group: str = "") -> bool:
        dicts = [g.to_dict() for g in self.grants if g.subject == subject]
        return bool(allowing(dicts, verb, resource, group, namespace))

    def who_can(self, verb: str, resource: str, namespace: str | None = None, group: str = "") -> list[Subject]:
        """Every subject allowed ``verb`` on all ``resource`` objects in ``namespace`` (None: cluster-wide)."""
        found = {s for s, grants in self.by_subject().items()
                 if allowing([g.to_dict() for g in grants], verb, resource, group, namespace)}
        return sorted(found)
