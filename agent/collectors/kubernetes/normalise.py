"""Turn Kubernetes objects (from a live cluster or from manifests) into Resources + Coverage.

Live and offline scans share this module, so the checks see the same documents either way.

What is never kept: Secret data (only metadata), env var values (only the name, where the value
comes from, ``_literal: true`` for a literal value and ``_credential``: the credential formats
detect-secrets recognises in it), ConfigMap values (only the keys, ``_credentials``: key →
formats found in its value; the few non-secret settings of :data:`KEPT_SETTINGS` become resources of
their own, ``k8s.coredns`` and ``k8s.ingress_nginx``),
the ``last-applied-configuration`` annotation (it repeats the whole object, Secret data included)
and ``managedFields``.

Derived fields the checks need (they only see one resource) are added with a ``_`` prefix:
workloads get ``_registries_allowed``, ``_service_account``, ``_service_account_rbac`` (the
"binding → role" paths of its service account's grants), ``_network_policy`` (policies selecting
its pods, per direction) and ``_exposure`` (Services / Ingresses reaching it from outside);
namespaces get ``_network_policies`` (Kubernetes, Cilium and Calico policies applying there).
When what they are derived from could not be read they hold :func:`agent.core.model.unreadable`,
so the checks answer ERROR.

Control-plane components (``k8s.api_server`` …) are derived from kube-system static pods, with
their command-line flags; a node's ``KubeletConfiguration`` becomes ``k8s.kubelet_configuration``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from agent.collectors.kubernetes.control_plane import add_control_plane, kubelet_config, managed_by
from agent.collectors.kubernetes.derive import CredentialScanner, Exposure, NetworkPolicies
from agent.collectors.kubernetes.kinds import (
    BY_KIND,
    CLUSTER_TYPE,
    CONTROLLER_KINDS,
    RBAC_KINDS,
    SUBJECT_TYPE,
    WORKLOAD_KINDS,
    Kind,
)
from agent.core.inventory import Inventory
from agent.core.model import Resource, unreadable
from agent.policy.k8s_rbac import EffectivePermissions, Subject

PROVIDER = "kubernetes"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
CLUSTER_REGION = "cluster"
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
# ConfigMap values kept because checks read them and they are settings, not secrets:
# ingress-nginx's snippet switch (CVE-2021-25742) and CoreDNS's Corefile.
KEPT_SETTINGS = frozenset({"allow-snippet-annotations", "annotations-risk-level", "Corefile"})
# kube-proxy's configuration (CIS 4.3.1), kept from its kube-system ConfigMap only.
KUBE_PROXY = ("kube-system", "kube-proxy", "config.conf")
NETWORK_POLICY_KINDS = ("NetworkPolicy", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy", "CalicoNetworkPolicy",
                        "GlobalNetworkPolicy")
EXPOSURE_KINDS = ("Service", "Ingress")
# Service account annotations that hand its pods a cloud role (IRSA, GKE and Azure workload identity).
CLOUD_IDENTITY = ("eks.amazonaws.com/role-arn", "iam.gke.io/gcp-service-account", "azure.workload.identity/client-id")


def pod_spec_of(obj: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The pod spec of a Pod or of a workload controller's pod template."""
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec") or {})
    if kind in CONTROLLER_KINDS:
        return ((spec.get("template") or {}).get("spec")) or {}
    return None


def pod_labels_of(obj: Mapping[str, Any]) -> dict[str, str]:
    """The labels of a Pod, or of a controller's pod template."""
    if obj.get("kind") == "Pod":
        meta = obj.get("metadata") or {}
    else:
        spec = obj.get("spec") or {}
        if obj.get("kind") == "CronJob":
            spec = (spec.get("jobTemplate") or {}).get("spec") or {}
        meta = (spec.get("template") or {}).get("metadata") or {}
    labels = meta.get("labels") if isinstance(meta, dict) else None
    return {str(k): str(v) for k, v in (labels or {}).items()} if isinstance(labels, dict) else {}


def _scrub_env(container: dict[str, Any], scan: CredentialScanner | None) -> None:
    env = container.get("env")
    if isinstance(env, list):
        clean = []
        for e in env:
            if not isinstance(e, dict):
                continue
            item: dict[str, Any] = {"name": str(e.get("name", ""))}
            if e.get("value") not in (None, ""):
                item["_literal"] = True  # the value itself is never kept
                found = scan([e.get("value")]) if scan is not None else []
                if found:
                    item["_credential"] = found
            if isinstance(e.get("valueFrom"), dict):
                item["valueFrom"] = e["valueFrom"]  # references name objects and keys, never values
            clean.append(item)
        container["env"] = clean


def scrub(obj: dict[str, Any], scan: CredentialScanner | None = None) -> dict[str, Any]:
    """Remove everything secret-bearing from one object, in place; returns it.  ``scan`` (when
    given) records which credential formats the removed literal values held."""
    meta = obj.get("metadata")
    if isinstance(meta, dict):
        meta.pop("managedFields", None)
        ann = meta.get("annotations")
        if isinstance(ann, dict):
            ann.pop(LAST_APPLIED, None)
    kind = obj.get("kind")
    if kind == "Secret":
        for key in list(obj):
            if key not in ("apiVersion", "kind", "metadata", "type", "immutable"):
                del obj[key]
        return obj
    if kind == "ConfigMap":
        data = obj.get("data") if isinstance(obj.get("data"), dict) else {}
        keys = sorted(set(data) | set(obj.get("binaryData") or {}))
        if scan is not None:
            found = {str(k): scan([v]) for k, v in data.items() if k not in KEPT_SETTINGS}
            obj["_credentials"] = {k: v for k, v in found.items() if v}
        kept = {str(k): str(v) for k, v in data.items() if k in KEPT_SETTINGS}
        meta_ = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        if (meta_.get("namespace"), meta_.get("name")) == KUBE_PROXY[:2] and KUBE_PROXY[2] in data:
            kept[KUBE_PROXY[2]] = str(data[KUBE_PROXY[2]])
        if kept:
            obj["_settings"] = kept
        obj.pop("data", None)
        obj.pop("binaryData", None)
        obj["_keys"] = keys
        return obj
    spec = pod_spec_of(obj)
    if isinstance(spec, dict):
        for list_name in CONTAINER_LISTS:
            for c in spec.get(list_name) or []:
                if isinstance(c, dict):
                    _scrub_env(c, scan)
    if kind == "Node":
        status = obj.get("status") or {}
        obj["status"] = {k: status[k] for k in ("nodeInfo", "conditions", "addresses") if k in status}
    elif kind == "Pod":
        obj["status"] = {k: v for k, v in (obj.get("status") or {}).items() if k in ("phase", "qosClass")}
    return obj


def resource_for(obj: Mapping[str, Any], kind: Kind, cluster: str) -> Resource:
    meta = obj.get("metadata") or {}
    name = str(meta.get("name", ""))
    if kind.namespaced:
        ns = str(meta.get("namespace") or "default")
        rid, display, region = f"{cluster}/namespaces/{ns}/{kind.plural}/{name}", f"{ns}/{name}", ns
    elif kind.kind == "Namespace":
        rid, display, region = f"{cluster}/namespaces/{name}", name, CLUSTER_REGION
    else:
        rid, display, region = f"{cluster}/{kind.plural}/{name}", name, CLUSTER_REGION
    labels = meta.get("labels") or {}
    return Resource(PROVIDER, cluster, region, kind.resource_type, rid, display,
                    {str(k): str(v) for k, v in labels.items()}, dict(obj))


def _controller_ref(obj: Mapping[str, Any]) -> tuple[str, str] | None:
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return str(ref.get("kind", "")), str(ref.get("name", ""))
    return None


def owned_by_collected(obj: Mapping[str, Any], present: set[tuple[str, str, str]]) -> bool:
    """True when a workload controller that was read owns this object: its pod template is
    checked once at that controller, so the object itself is not evaluated again."""
    ref = _controller_ref(obj)
    if ref is None or ref[0] not in CONTROLLER_KINDS:
        return False
    ns = str((obj.get("metadata") or {}).get("namespace") or "default")
    return (ref[0], ns, ref[1]) in present


def _key(obj: Mapping[str, Any]) -> tuple[str, str]:
    meta = obj.get("metadata") or {}
    return str(meta.get("namespace") or "default"), str(meta.get("name", ""))


class _Derivations:
    """What one resource's checks need to know about others, computed once per cluster."""

    def __init__(self, objects: Mapping[str, list[dict[str, Any]]], failures: Mapping[str, str],
                 per_ns: Mapping[str, Mapping[str, str | None]], registries_allowed: list[str]) -> None:
        self.failures, self.per_ns, self.allowed = failures, per_ns, registries_allowed
        self.rbac_failed = [f"{k}: {failures[k]}" for k in RBAC_KINDS if k in failures]
        self.rbac_failed += [f"{k} in {ns}: {err}" for k in RBAC_KINDS
                             for ns, err in sorted((per_ns.get(k) or {}).items()) if err]
        self.perms = EffectivePermissions(*(objects.get(k, []) for k in RBAC_KINDS))
        self.by_subject = self.perms.by_subject()
        self.service_accounts = {_key(o): o for o in objects.get("ServiceAccount", [])}
        self.policies = NetworkPolicies(objects)
        self.exposure = Exposure(objects)
        self.storage_classes = {_key(o)[1]: o for o in objects.get("StorageClass", [])}

    def error_for(self, kind_name: str, ns: str) -> str | None:
        return self.failures.get(kind_name) or (self.per_ns.get(kind_name) or {}).get(ns)

    def errors_for(self, kind_names: Iterable[str], ns: str) -> str | None:
        found = [f"{k}: {e}" for k in kind_names for e in [self.error_for(k, ns)] if e]
        return "; ".join(found) or None

    def workload(self, obj: dict[str, Any]) -> None:
        ns = _key(obj)[0]
        spec = pod_spec_of(obj) or {}
        sa_name = str(spec.get("serviceAccountName") or spec.get("serviceAccount") or "default")
        obj["_registries_allowed"] = self.allowed
        sa_failed = self.error_for("ServiceAccount", ns)
        if sa_failed:
            obj["_service_account"] = unreadable(f"service accounts: {sa_failed}")
        else:
            sa = self.service_accounts.get((ns, sa_name))
            ann = ((sa or {}).get("metadata") or {}).get("annotations") or {}
            obj["_service_account"] = {"name": sa_name, "exists": sa is not None,
                                       "automount": (sa or {}).get("automountServiceAccountToken"),
                                       "cloud_identity": next((f"{k}={ann[k]}" for k in CLOUD_IDENTITY if ann.get(k)), None)}
        if self.rbac_failed:
            obj["_service_account_rbac"] = unreadable("; ".join(self.rbac_failed))
        else:
            grants = self.by_subject.get(Subject("ServiceAccount", sa_name, ns)) or []
            obj["_service_account_rbac"] = sorted({f"{g.binding} → {g.role}" for g in grants})
        labels = pod_labels_of(obj)
        failed = self.errors_for(NETWORK_POLICY_KINDS, ns)
        obj["_network_policy"] = unreadable(failed) if failed else self.policies.selecting(ns, labels)
        failed = self.errors_for(EXPOSURE_KINDS, ns)
        obj["_exposure"] = unreadable(failed) if failed else self.exposure.reaching(ns, labels)

    def persistent_volume(self, obj: dict[str, Any]) -> None:
        """``_storage_class``: the class that provisioned the volume (None: a static volume, or a class that is gone)."""
        failed = self.failures.get("StorageClass")
        name = str((obj.get("spec") or {}).get("storageClassName") or "")
        if failed:
            obj["_storage_class"] = unreadable(f"StorageClass: {failed}")
        else:
            sc = self.storage_classes.get(name)
            obj["_storage_class"] = {"name": name, "provisioner": sc.get("provisioner"),
                                     "parameters": dict(sc.get("parameters") or {})} if sc else None

    def namespace(self, obj: dict[str, Any]) -> None:
        name = _key(obj)[1]
        failed = self.errors_for(NETWORK_POLICY_KINDS, name)
        obj["_network_policies"] = unreadable(failed) if failed else self.policies.in_namespace(name)


def _record_coverage(inv: Inventory, cluster: str, objects: Mapping[str, list[dict[str, Any]]],
                     failures: Mapping[str, str], per_ns: Mapping[str, Mapping[str, str | None]]) -> None:
    cov = inv.coverage
    for kind_name, kind in BY_KIND.items():
        if kind_name in failures:
            cov.fail(PROVIDER, cluster, "*", kind.resource_type, failures[kind_name])
        elif kind_name in per_ns:
            for ns, err in sorted(per_ns[kind_name].items()):
                if err is None:
                    cov.add(PROVIDER, cluster, ns, kind.resource_type,
                            sum(1 for o in objects.get(kind_name, []) if _key(o)[0] == ns))
                else:
                    cov.fail(PROVIDER, cluster, ns, kind.resource_type, err)
        else:
            cov.add(PROVIDER, cluster, "*", kind.resource_type, len(objects.get(kind_name, [])))


def build_inventory(
    cluster: str,
    objects: Mapping[str, list[dict[str, Any]]],
    failures: Mapping[str, str],
    registries_allowed: Iterable[str] = (),
    server_version: Mapping[str, Any] | None = None,
    version_error: str | None = None,
    cluster_resource: bool = True,
    by_namespace: Mapping[str, Mapping[str, str | None]] | None = None,
) -> Inventory:
    """Resources and Coverage for one cluster from the objects read ({kind: [object]}).

    ``failures`` maps a kind that could not be read to its error: it becomes a coverage gap, and
    derived fields that depend on it become unreadable.  ``by_namespace`` maps a kind that was
    read namespace by namespace to each namespace's outcome (None: read; else the error), so
    coverage is recorded per namespace.
    """
    inv = Inventory()
    per_ns = by_namespace or {}
    _record_coverage(inv, cluster, objects, failures, per_ns)
    present = {(k, *_key(o)) for k in CONTROLLER_KINDS for o in objects.get(k, [])}
    # Objects whose pod template is checked at their controller are dropped before anything else;
    # everything kept is scrubbed before it is used (RBAC objects included).
    scan = CredentialScanner()
    try:
        kept = {kind_name: [scrub(o, scan) for o in obj_list
                            if kind_name not in WORKLOAD_KINDS or not owned_by_collected(o, present)]
                for kind_name, obj_list in objects.items()}
    finally:
        scan.close()
    derive = _Derivations(kept, failures, per_ns, list(registries_allowed))
    for kind_name, obj_list in kept.items():
        kind = BY_KIND.get(kind_name)
        if kind is None:
            continue
        for obj in obj_list:
            if kind_name in WORKLOAD_KINDS:
                derive.workload(obj)
            elif kind_name == "Namespace":
                derive.namespace(obj)
            elif kind_name == "PersistentVolume":
                derive.persistent_volume(obj)
            elif kind_name == "KubeletConfiguration":
                kubelet_config(obj)
            elif kind_name == "ConfigMap" and obj.get("_settings"):
                inv.add_all(settings_resources(cluster, obj))
            inv.add(resource_for(obj, kind, cluster))
    managed = managed_by(kept.get("Node", []), server_version)
    add_control_plane(inv, cluster, kept, failures, managed, live=cluster_resource)

    if derive.rbac_failed:
        inv.coverage.fail(PROVIDER, cluster, "*", SUBJECT_TYPE, "RBAC could not be read: " + "; ".join(derive.rbac_failed))
    else:
        for subject, grants in derive.by_subject.items():
            inv.add(subject_resource(cluster, subject, grants))
        inv.coverage.add(PROVIDER, cluster, "*", SUBJECT_TYPE, len(derive.by_subject))
    if cluster_resource:
        summary = cluster_summary(cluster, derive.perms, derive.allowed, server_version, version_error,
                                  bool(derive.rbac_failed))
        summary.data["managed"] = managed
        summary.data["image_signature_policies"] = signature_policies(kept, failures)
        inv.add(summary)
        inv.coverage.add(PROVIDER, cluster, "*", CLUSTER_TYPE, 1)
    return inv


def settings_resources(cluster: str, cm: dict[str, Any]) -> list[Resource]:
    """The cluster services configured by a ConfigMap's kept settings, as resources of their own
    (so their checks run on them, not on every ConfigMap): ``k8s.coredns`` and ``k8s.ingress_nginx``."""
    settings = cm.pop("_settings")
    ns, name = _key(cm)
    out = []
    if "Corefile" in settings and ns == "kube-system" and name in ("coredns", "coredns-custom"):
        out.append(Resource(PROVIDER, cluster, ns, "k8s.coredns", f"{cluster}/coredns/{ns}/{name}", f"{ns}/{name}", {},
                            {"config_map": f"{ns}/{name}", "corefile": settings["Corefile"]}))
    if KUBE_PROXY[2] in settings:
        import yaml

        try:
            parsed = yaml.safe_load(settings[KUBE_PROXY[2]])
            config: Any = parsed if isinstance(parsed, dict) else {}
        except yaml.YAMLError as exc:
            config = unreadable(f"{ns}/{name} {KUBE_PROXY[2]}: not valid YAML: {exc}")
        out.append(Resource(PROVIDER, cluster, ns, "k8s.kube_proxy", f"{cluster}/kube-proxy/{ns}/{name}", f"{ns}/{name}", {},
                            {"config_map": f"{ns}/{name}", "config": config}))
    if "allow-snippet-annotations" in settings:
        out.append(Resource(PROVIDER, cluster, ns, "k8s.ingress_nginx", f"{cluster}/ingress-nginx/{ns}/{name}", f"{ns}/{name}", {},
                            {"config_map": f"{ns}/{name}", "allow-snippet-annotations": settings["allow-snippet-annotations"]}))
    return out


ANONYMOUS_SUBJECTS = frozenset({"system:anonymous", "system:unauthenticated"})
DISCOVERY_ROLES = frozenset({"system:public-info-viewer", "system:discovery", "system:basic-user"})
SIGNATURE_KINDS = ("ClusterImagePolicy", "ClusterPolicy", "KyvernoPolicy", "Verifier")


def signature_policies(objects: Mapping[str, list[dict[str, Any]]], failures: Mapping[str, str]) -> Any:
    """The policies that verify image signatures: Sigstore policy-controller ClusterImagePolicies,
    Kyverno (Cluster)Policies with a verifyImages rule, Ratify Verifiers."""
    failed = [f"{k}: {failures[k]}" for k in SIGNATURE_KINDS if k in failures]
    if failed:
        return unreadable("; ".join(failed))
    found = [f"ClusterImagePolicy/{_key(o)[1]}" for o in objects.get("ClusterImagePolicy", [])]
    for kind in ("ClusterPolicy", "KyvernoPolicy"):
        for o in objects.get(kind, []):
            rules = (o.get("spec") or {}).get("rules") or []
            if any(isinstance(rule, dict) and rule.get("verifyImages") for rule in rules):
                found.append(f"{kind}/{_key(o)[1]}")
    found += [f"Verifier/{_key(o)[1]}" for o in objects.get("Verifier", [])]
    return sorted(found)


def subject_resource(cluster: str, subject: Subject, grants: list[Any]) -> Resource:
    return Resource(
        PROVIDER, cluster, subject.namespace or CLUSTER_REGION, SUBJECT_TYPE,
        f"{cluster}/rbac/subjects/{subject.key}", subject.key, {},
        {"subject": subject.to_dict(), "system": subject.is_system, "grants": [g.to_dict() for g in grants]},
    )


def cluster_summary(cluster: str, perms: EffectivePermissions, registries_allowed: list[str],
                    server_version: Mapping[str, Any] | None, version_error: str | None,
                    rbac_failed: bool) -> Resource:
    version: Any = dict(server_version) if server_version else unreadable(version_error or "server version not read")
    admins = sorted({g.subject.key for g in perms.grants
                     if g.role == "ClusterRole/cluster-admin" and g.scope == "*" and not g.subject.is_system})
    rbac: Any = unreadable("RBAC could not be read") if rbac_failed else {
        "subjects": len(perms.by_subject()),
        "bindings": len({g.binding for g in perms.grants}),
        "cluster_admin_non_system": admins,
        # What anyone reaching the API server gets without credentials (discovery roles aside).
        "anonymous_grants": sorted({f"{g.subject.key}: {g.binding} → {g.role}" for g in perms.grants
                                    if g.subject.name in ANONYMOUS_SUBJECTS and g.role.split("/")[-1] not in DISCOVERY_ROLES}),
        "dangling_bindings": sorted(set(perms.dangling)),
    }
    return Resource(PROVIDER, cluster, CLUSTER_REGION, CLUSTER_TYPE, f"{cluster}/cluster", cluster, {},
                    {"name": cluster, "version": version, "rbac": rbac, "registries_allowed": registries_allowed})
