"""Kubernetes collector: a live cluster through the official client, or manifests offline.

``collect(scope)`` takes an ``agent.settings.tenant.KubernetesCluster``.  With ``scope.manifests`` set
(``ucs scan --manifests DIR`` builds such a scope with :func:`manifest_scope`) the files are read
instead of an API server; both paths end in :func:`normalise.build_inventory`, so the checks see
the same documents.

Resources: provider ``kubernetes``, account = cluster name, region = namespace (``cluster`` for
cluster-scoped objects), types ``k8s.<kind>`` plus the derived ``k8s.rbac_subject`` (one per
subject with its effective grants) and ``k8s.cluster`` (server version, RBAC summary).
Coverage: one entry per (cluster, "*", type); a kind the API refuses (403) is recorded as a gap
and the rest of the cluster is still read.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.collectors.contract import Progress
from agent.collectors.kubernetes.kinds import CLUSTER_TYPE, NODE_FILES_TYPE
from agent.collectors.kubernetes.normalise import PROVIDER, build_inventory
from agent.core.errors import CollectorError
from agent.core.inventory import Inventory
from agent.settings.tenant import KubernetesCluster

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kubernetes.client import ApiClient


def manifest_scope(path: str | Path, name: str | None = None, registries_allowed: list[str] | None = None) -> KubernetesCluster:
    """A scope that scans the manifests under ``path`` (a directory or one file) offline."""
    p = Path(path)
    return KubernetesCluster(name=name or p.resolve().name or "manifests", manifests=str(p),
                             registries_allowed=list(registries_allowed or []))


def _labelled(labels: dict[str, str], wanted: dict[str, str]) -> bool:
    return any(k in labels and v in ("*", labels[k]) for k, v in wanted.items())


def exclude(inv: Inventory, scope: KubernetesCluster) -> Inventory:
    """The inventory without what the tenant excluded (``exclude_namespaces`` globs,
    ``exclude_labels`` on an object or on its namespace); coverage is kept as read."""
    if not scope.exclude_namespaces and not scope.exclude_labels:
        return inv
    wanted = dict(scope.exclude_labels)
    skipped_ns = {r.name for r in inv.by_type("k8s.namespace")
                  if any(fnmatch.fnmatchcase(r.name, p) for p in scope.exclude_namespaces) or _labelled(r.tags, wanted)}
    out = Inventory(coverage=inv.coverage, now=inv.now)
    dropped = 0
    for r in inv:
        ns = r.region if r.region != "cluster" else (r.name if r.type == "k8s.namespace" else "")
        if (ns and (ns in skipped_ns or any(fnmatch.fnmatchcase(ns, p) for p in scope.exclude_namespaces))) \
                or _labelled(r.tags, wanted):
            dropped += 1
            continue
        out.add(r)
    log.info("kubernetes %s: %d resources excluded by the tenant config", scope.name, dropped)
    return out


def in_cluster_scope(name: str | None = None) -> KubernetesCluster:
    """The cluster the agent runs in, through its pod's service account (``ucs scan --provider
    kubernetes`` without a config): the API server from ``KUBERNETES_SERVICE_HOST``, the token and
    CA from the mounted service account volume."""
    if not os.environ.get("KUBERNETES_SERVICE_HOST"):
        raise CollectorError("kubernetes: not running inside a cluster (KUBERNETES_SERVICE_HOST is not set)",
                             hint="run the scan in a pod with the ucs-scanner service account (deploy/kubernetes/ucs-scanner.yaml), "
                                  "or give --config with a kubeconfig, or --manifests DIR")
    return KubernetesCluster(name=name or os.environ.get("UCS_CLUSTER_NAME") or "in-cluster", in_cluster=True)


def collect_manifests(scope: KubernetesCluster, progress: Progress | None = None) -> Inventory:
    """Manifests offline; a node's root directory (holding ``etc/kubernetes`` or
    ``var/lib/kubelet``) is read as that node: its static pod manifests, kubelet configuration
    and file permissions (see :mod:`control_plane`)."""
    from agent.collectors.kubernetes.control_plane import is_node_root, kubelet_file, node_files_resource
    from agent.collectors.kubernetes.manifests import read_manifests

    root = Path(scope.manifests or ".")
    node = is_node_root(root)
    found = read_manifests(root / "etc/kubernetes/manifests" if node else root)
    if node:
        found.problems = [p for p in found.problems if "no such file" not in p]
        for pod in found.objects.get("Pod", []):  # static pods run on this node
            if isinstance(pod.get("spec"), dict):
                pod["spec"].setdefault("nodeName", root.resolve().name)
        kubelet = kubelet_file(root)
        if kubelet is not None:
            found.objects.setdefault("KubeletConfiguration", []).append(kubelet)
    inv = build_inventory(scope.name, found.objects, {}, scope.registries_allowed, cluster_resource=False)
    if node:
        inv.add(node_files_resource(scope.name, root))
        inv.coverage.add(PROVIDER, scope.name, "*", NODE_FILES_TYPE, 1)
    for problem in found.problems:
        log.warning("kubernetes manifests: %s", problem)
        inv.coverage.fail(PROVIDER, scope.name, "*", "*", problem)
    if found.ignored_kinds:
        log.info("kubernetes manifests: kinds not assessed: %s", found.ignored_kinds)
    if progress:
        progress(f"kubernetes {scope.name}: {found.files} manifest files, {len(inv)} resources")
    return exclude(inv, scope)


def collect(scope: KubernetesCluster, clients: ApiClient | None = None, progress: Progress | None = None,
            page_size: int = 500, max_workers: int = 4, **options: Any) -> Inventory:
    """Collect one cluster (live API, or manifests when ``scope.manifests`` is set); ``clients`` is
    a ready ``kubernetes.client.ApiClient`` (default: built from the scope)."""
    if scope.manifests:
        return collect_manifests(scope, progress)
    from agent.collectors.kubernetes.live import ClusterReader, api_client_for, cloud_identity, describe_api_error

    api = clients or api_client_for(scope)
    reader = ClusterReader(api, page_size=page_size, timeout=options.get("timeout", 60.0))
    version: dict[str, Any] | None = None
    version_error = None
    try:
        version = reader.server_version()
    except Exception as exc:  # the version is one fact; the rest of the cluster is still read
        version_error = describe_api_error(exc)
        log.warning("kubernetes %s: server version: %s", scope.name, version_error)
    read = reader.read_all(max_workers=max_workers)
    if "Node" in read.objects:
        nodes = [str((n.get("metadata") or {}).get("name")) for n in read.objects["Node"]]
        read.objects["KubeletConfiguration"] = reader.kubelet_configs(nodes, max_workers=max_workers)
    else:
        read.failures["KubeletConfiguration"] = f"nodes could not be listed: {read.failures.get('Node', '')}"
    if progress:
        progress(f"kubernetes {scope.name}: {sum(len(v) for v in read.objects.values())} objects, "
                 f"{len(read.failures)} kinds unreadable")
    inv = build_inventory(scope.name, read.objects, read.failures, scope.registries_allowed, version, version_error,
                          by_namespace=read.by_namespace)
    cloud_id = cloud_identity(scope)
    for cluster in inv.by_type(CLUSTER_TYPE):
        cluster.data["cloud_id"] = cloud_id
    return exclude(inv, scope)
