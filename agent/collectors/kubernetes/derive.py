"""Facts one resource's checks need about other objects, derived once per cluster (pure).

- which network policies (Kubernetes, Cilium, Calico) select a workload's pods, for ingress and
  for egress, and which namespaces any policy protects;
- how a workload is reached from outside: LoadBalancer / NodePort Services selecting its pods,
  and Ingresses routing to such a Service;
- credentials in literal values (env values, ConfigMap data), recognised by detect-secrets'
  specific detectors; only the *kind* of credential is kept, never the value;
- control-plane flags from a static pod's command line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from agent.policy.k8s_rbac import selector_matches

# detect-secrets detectors that name a credential format; the entropy and keyword detectors
# guess, and flag ordinary words, so they are left out.
_GUESSING = ("High Entropy", "Secret Keyword")
_MIN_SECRET_LENGTH = 16  # no credential format detect-secrets knows is shorter
# What the credential formats of detect-secrets' specific detectors start with or contain.  Only a
# line holding one of these is handed to detect-secrets (which then decides): running every
# detector on every line of 10,000 ConfigMaps costs seconds, this regex microseconds.
_MARKERS = re.compile(
    r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|PRIVATE KEY|BEGIN [A-Z ]*KEY|"
    r"gh[pousr]_[A-Za-z0-9]{20,}|github_pat_|glpat-|xox[abposr]-|hooks\.slack\.com|(?:sk|rk|pk)_live_|"
    r"eyJ[A-Za-z0-9_-]{8,}\.eyJ|AIza[0-9A-Za-z_-]{20,}|SG\.[A-Za-z0-9_-]{16,}|npm_[A-Za-z0-9]{20,}|AccountKey=|"
    r"(?:AC|SK)[0-9a-f]{32}|[0-9a-f]{32}-us[0-9]{1,2}|sq0(?:atp|csp)-|sk-[A-Za-z0-9]{20,}|://[^/\s:@]+:[^/\s@]+@|"
    r"(?:discord|telegram)[a-z]*\.[a-z]+/|[MN][A-Za-z\d]{23}\.[\w-]{6}\.[\w-]{27}")


class CredentialScanner:
    """``scanner(values)`` → the credential formats (``AWS Access Key``, ``Private Key`` …) found
    in ``values``.  detect-secrets' settings are entered once, on the first value long enough to
    be a credential, and left by :meth:`close` (a scan of thousands of objects pays once)."""

    def __init__(self) -> None:
        self._scan: Any = None
        self._ctx: Any = None

    def __call__(self, values: Iterable[Any]) -> list[str]:
        candidates = [v for v in values if isinstance(v, str) and len(v) >= _MIN_SECRET_LENGTH and _MARKERS.search(v)]
        if not candidates:
            return []
        if self._scan is None:
            from detect_secrets.core.scan import scan_line
            from detect_secrets.settings import default_settings

            self._ctx = default_settings()
            self._ctx.__enter__()
            self._scan = scan_line
        found: set[str] = set()
        for value in candidates:
            for line in value.splitlines()[:500]:
                if not _MARKERS.search(line):
                    continue
                for s in self._scan(line):
                    if not any(g in s.type for g in _GUESSING):
                        found.add(str(s.type))
        return sorted(found)

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.__exit__(None, None, None)
            self._ctx, self._scan = None, None


# ----------------------------------------------------------------------------- network policies

def _meta(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    return obj.get("metadata") or {}


def _ns(obj: Mapping[str, Any]) -> str:
    return str(_meta(obj).get("namespace") or "default")


_CALICO_EQ = re.compile(r"""^\s*([\w./-]+)\s*==\s*['"]([^'"]*)['"]\s*$""")
_NS_KEYS = ("k8s:io.kubernetes.pod.namespace", "io.kubernetes.pod.namespace")


def _calico_selects(selector: str | None, labels: Mapping[str, str]) -> bool:
    """Calico selector expressions: ``all()``, empty, and ``a == 'b' && …`` are evaluated; any
    other expression is taken to select (a policy that may protect the pod is not denied)."""
    expr = (selector or "").strip()
    if expr in ("", "all()"):
        return True
    terms = [t for t in expr.split("&&")]
    for t in terms:
        m = _CALICO_EQ.match(t)
        if m is None:
            return True
        if labels.get(m.group(1)) != m.group(2):
            return False
    return True


def _directions_k8s(spec: Mapping[str, Any]) -> set[str]:
    types = spec.get("policyTypes")
    if types:
        return {str(t).lower() for t in types}
    return {"ingress", "egress"} if spec.get("egress") is not None else {"ingress"}


def _directions_cilium(spec: Mapping[str, Any]) -> set[str]:
    out = set()
    if spec.get("ingress") is not None or spec.get("ingressDeny") is not None:
        out.add("ingress")
    if spec.get("egress") is not None or spec.get("egressDeny") is not None:
        out.add("egress")
    return out


def _directions_calico(spec: Mapping[str, Any]) -> set[str]:
    types = spec.get("types")
    if types:
        return {str(t).lower() for t in types}
    out = {"ingress"} if spec.get("ingress") is not None or spec.get("egress") is None else set()
    if spec.get("egress") is not None:
        out.add("egress")
    return out


def _ns_part(selector: Mapping[str, Any]) -> dict[str, Any] | None:
    """The namespace terms of a Cilium label selector (None: it does not constrain the namespace)."""
    labels = {k: v for k, v in (selector.get("matchLabels") or {}).items() if k in _NS_KEYS}
    exprs = [e for e in selector.get("matchExpressions") or () if isinstance(e, dict) and e.get("key") in _NS_KEYS]
    return {"matchLabels": labels, "matchExpressions": exprs} if labels or exprs else None


def _calico_ns_part(selector: str | None) -> str | None:
    terms = [t for t in (selector or "").split("&&") if "projectcalico.org/namespace" in t]
    return " && ".join(terms) if terms else None


Test = Callable[[Mapping[str, str]], bool]


class NetworkPolicies:
    """Every policy object read, answering which of them select a pod (by namespace and labels).

    Each entry: (namespace, or None for a cluster-wide policy; label; selector test over a pod's
    labels; test over a namespace's pseudo-labels alone, None when the selector does not
    constrain the namespace; directions)."""

    def __init__(self, objects: Mapping[str, list[dict[str, Any]]]) -> None:
        self.entries: list[tuple[str | None, str, Test, Test | None, set[str]]] = []
        for np in objects.get("NetworkPolicy", []):
            spec = np.get("spec") or {}
            sel = spec.get("podSelector") or {}
            self.entries.append((_ns(np), f"NetworkPolicy/{_meta(np).get('name')}",
                                 lambda labels, s=sel: selector_matches(s, labels), None, _directions_k8s(spec)))
        for kind in ("CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"):
            for cnp in objects.get(kind, []):
                for spec in [cnp.get("spec") or {}] + list(cnp.get("specs") or []):
                    sel = spec.get("endpointSelector") or spec.get("nodeSelector") or {}
                    part = _ns_part(sel)
                    ns = _ns(cnp) if kind == "CiliumNetworkPolicy" else None
                    self.entries.append((ns, f"{kind}/{_meta(cnp).get('name')}",
                                         lambda labels, s=sel: selector_matches(s, labels),
                                         (lambda labels, p=part: selector_matches(p, labels)) if part else None,
                                         _directions_cilium(spec)))
        for kind in ("CalicoNetworkPolicy", "GlobalNetworkPolicy"):
            for cp in objects.get(kind, []):
                spec = cp.get("spec") or {}
                ns = _ns(cp) if kind == "CalicoNetworkPolicy" else None
                calico_sel = spec.get("selector")
                # A namespaceSelector is over namespace labels the policy does not carry: taken to admit
                # every namespace (a policy that may protect one is not denied).
                ns_sel = _calico_ns_part(calico_sel)
                self.entries.append((ns, f"{kind}/{_meta(cp).get('name')}",
                                     lambda labels, s=calico_sel: _calico_selects(s, labels),
                                     (lambda labels, p=ns_sel: _calico_selects(p, labels)) if ns_sel else None,
                                     _directions_calico(spec)))

    @staticmethod
    def _with_namespace(labels: Mapping[str, str], ns: str) -> dict[str, str]:
        # Cilium selects by labels with a source prefix too (k8s:app, any:app), and both select a
        # pod's namespace through these pseudo-labels.
        out = dict(labels)
        for k, v in labels.items():
            out[f"k8s:{k}"] = v
            out[f"any:{k}"] = v
        for k in _NS_KEYS:
            out[k] = ns
        out["projectcalico.org/namespace"] = ns
        return out

    def selecting(self, ns: str, labels: Mapping[str, str]) -> dict[str, list[str]]:
        """{"ingress": [policy], "egress": [policy]} of the policies selecting such a pod."""
        full = self._with_namespace(labels, ns)
        out: dict[str, list[str]] = {"ingress": [], "egress": []}
        for where, label, test, _ns_test, directions in self.entries:
            if where is not None and where != ns:
                continue
            if test(full):
                for d in sorted(directions & {"ingress", "egress"}):
                    out[d].append(label)
        return out

    def in_namespace(self, ns: str) -> int:
        """How many policies apply in the namespace: its own, plus cluster-wide ones whose
        namespace terms admit it (a cluster-wide selector on pod labels only applies everywhere)."""
        probe = self._with_namespace({}, ns)
        return sum(1 for where, _l, _t, ns_test, _d in self.entries
                   if where == ns or (where is None and (ns_test is None or ns_test(probe))))


# ----------------------------------------------------------------------------------- exposure

def _ports(svc: Mapping[str, Any]) -> str:
    return str((svc.get("spec") or {}).get("type") or "ClusterIP")


class Exposure:
    """Services and Ingresses by namespace: which of them reach a pod with given labels."""

    def __init__(self, objects: Mapping[str, list[dict[str, Any]]]) -> None:
        self.services: dict[str, list[dict[str, Any]]] = {}
        for svc in objects.get("Service", []):
            self.services.setdefault(_ns(svc), []).append(svc)
        self.ingress_backends: dict[tuple[str, str], list[str]] = {}
        for ing in objects.get("Ingress", []):
            for name in _ingress_services(ing.get("spec") or {}):
                self.ingress_backends.setdefault((_ns(ing), name), []).append(f"Ingress/{_meta(ing).get('name')}")

    def reaching(self, ns: str, labels: Mapping[str, str]) -> list[str]:
        out: list[str] = []
        for svc in self.services.get(ns, []):
            selector = (svc.get("spec") or {}).get("selector") or {}
            if not selector or any(labels.get(k) != v for k, v in selector.items()):
                continue
            name = str(_meta(svc).get("name"))
            kind = _ports(svc)
            if kind in ("LoadBalancer", "NodePort"):
                out.append(f"Service/{name} ({kind})")
            out.extend(f"{i} → Service/{name}" for i in self.ingress_backends.get((ns, name), []))
        return sorted(set(out))


def _ingress_services(spec: Mapping[str, Any]) -> set[str]:
    names = set()
    default = ((spec.get("defaultBackend") or {}).get("service") or {}).get("name")
    if default:
        names.add(str(default))
    for rule in spec.get("rules") or ():
        for path in ((rule or {}).get("http") or {}).get("paths") or ():
            svc = (((path or {}).get("backend") or {}).get("service") or {}).get("name")
            if svc:
                names.add(str(svc))
    return names


# ------------------------------------------------------------------------------ control plane

def command_flags(container: Mapping[str, Any]) -> dict[str, str]:
    """``--flag=value`` / ``--flag value`` / bare ``--flag`` (true) from a container's command and
    args; the last occurrence wins, as in the components' flag parsing."""
    argv = [str(a) for a in (container.get("command") or [])] + [str(a) for a in (container.get("args") or [])]
    flags: dict[str, str] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if not eq:
                nxt = argv[i + 1] if i + 1 < len(argv) else None
                if nxt is not None and not nxt.startswith("-"):
                    value, i = nxt, i + 1
                else:
                    value = "true"
            flags[name] = value
        i += 1
    return flags


def component_of(pod: Mapping[str, Any], components: Iterable[str]) -> tuple[str, Mapping[str, Any]] | None:
    """(component, its container) for a control-plane static pod, by the ``component`` label
    kubeadm sets or by the binary its container runs."""
    wanted = set(components)
    label = str((_meta(pod).get("labels") or {}).get("component") or "")
    containers = [c for c in ((pod.get("spec") or {}).get("containers") or []) if isinstance(c, dict)]
    for c in containers:
        binary = str(((c.get("command") or [""])[0]) or "").rsplit("/", 1)[-1]
        if binary in wanted:
            return binary, c
    if label in wanted and containers:
        return label, containers[0]
    return None
