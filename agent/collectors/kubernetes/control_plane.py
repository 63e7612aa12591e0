"""Control plane and node settings: components from static pods, kubelet configuration, and the
file permissions of a node directory scanned offline.

Sources (CIS Kubernetes sections 1–4):

- API server, controller manager, scheduler and etcd flags: the command line of the kube-system
  static pods kubeadm runs (live), or the same pod manifests under a node's
  ``etc/kubernetes/manifests`` (offline).  One resource per component and node:
  ``k8s.api_server`` …, data ``{"component", "node", "pod", "flags": {name: value}}``.
- kubelet: ``/api/v1/nodes/{node}/proxy/configz`` (live; RBAC ``get nodes/proxy``), or a node's
  ``var/lib/kubelet/config.yaml`` (offline).  ``k8s.kubelet_configuration``, data ``config``
  (unreadable when configz was refused, naming the permission) and ``source``.
- file modes and owners of a node directory: ``k8s.node_files`` (see :func:`node_files`).

On EKS, AKS and GKE the provider runs the control plane: no component resource is built, and
coverage records the component type with nothing to assess (``managed`` on ``k8s.cluster`` says
by whom).  A self-managed cluster whose control-plane nodes are visible but whose static pods
are not is a coverage gap, never a silent PASS.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from agent.collectors.kubernetes.derive import command_flags, component_of
from agent.collectors.kubernetes.kinds import CONTROL_PLANE_TYPES, NODE_FILES_TYPE
from agent.core.inventory import Inventory
from agent.core.model import Resource, unreadable

PROVIDER = "kubernetes"
CONTROL_PLANE_ROLE = ("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master")
_MANAGED_LABELS = (("eks.amazonaws.com/", "eks"), ("kubernetes.azure.com/", "aks"), ("cloud.google.com/gke-", "gke"))
_MANAGED_VERSIONS = (("-eks-", "eks"), ("-gke.", "gke"))


def managed_by(nodes: Iterable[Mapping[str, Any]], server_version: Mapping[str, Any] | None) -> str | None:
    """``eks`` / ``aks`` / ``gke`` when the provider runs the control plane, from the version
    string the provider builds and the labels it puts on its nodes; None when self-managed."""
    git = str((server_version or {}).get("gitVersion") or "")
    for marker, name in _MANAGED_VERSIONS:
        if marker in git:
            return name
    for node in nodes:
        for key in ((node.get("metadata") or {}).get("labels") or {}):
            for prefix, name in _MANAGED_LABELS:
                if str(key).startswith(prefix):
                    return name
    return None


def kubelet_config(obj: dict[str, Any]) -> None:
    """In place: a refused configz (``_error``) becomes an unreadable ``config``; a plain
    KubeletConfiguration manifest (its fields at the top level) is moved under ``config``."""
    error = obj.pop("_error", None)
    if error is not None:
        obj["config"] = unreadable(str(error))
    elif "config" not in obj:
        fields = {k: obj.pop(k) for k in list(obj) if k not in ("apiVersion", "kind", "metadata", "source")}
        obj["config"] = fields


def add_control_plane(inv: Inventory, cluster: str, objects: Mapping[str, list[dict[str, Any]]],
                      failures: Mapping[str, str], managed: str | None, live: bool) -> None:
    found: dict[str, int] = dict.fromkeys(CONTROL_PLANE_TYPES.values(), 0)
    for pod in objects.get("Pod", []):
        meta = pod.get("metadata") or {}
        if (meta.get("namespace") or "default") != "kube-system":
            continue
        hit = component_of(pod, CONTROL_PLANE_TYPES)
        if hit is None:
            continue
        component, container = hit
        node = str((pod.get("spec") or {}).get("nodeName") or meta.get("name") or "")
        rtype = CONTROL_PLANE_TYPES[component]
        inv.add(Resource(PROVIDER, cluster, "kube-system", rtype, f"{cluster}/control-plane/{component}/{node}",
                         f"{component}/{node}", {},
                         {"component": component, "node": node, "pod": f"kube-system/{meta.get('name')}",
                          "flags": command_flags(container), "image": str(container.get("image") or "")}))
        found[rtype] += 1
    control_nodes = [n for n in objects.get("Node", [])
                     if any(k in ((n.get("metadata") or {}).get("labels") or {}) for k in CONTROL_PLANE_ROLE)]
    for rtype, count in found.items():
        if "Pod" in failures:
            inv.coverage.fail(PROVIDER, cluster, "*", rtype, f"pods could not be read: {failures['Pod']}")
        elif count or managed or not live or not control_nodes:
            inv.coverage.add(PROVIDER, cluster, "*", rtype, count)
        else:
            inv.coverage.fail(PROVIDER, cluster, "*", rtype,
                              f"{len(control_nodes)} control-plane nodes but no kube-system static pod for {rtype}: "
                              "scan a control-plane node's directory offline (ucs scan --manifests NODE_ROOT)")


# ------------------------------------------------------------------------------ node files

# What a node directory may hold: role → path under the node root (CIS 1.1 and 4.1).
NODE_FILES: dict[str, str] = {
    "apiserver_manifest": "etc/kubernetes/manifests/kube-apiserver.yaml",
    "controller_manager_manifest": "etc/kubernetes/manifests/kube-controller-manager.yaml",
    "scheduler_manifest": "etc/kubernetes/manifests/kube-scheduler.yaml",
    "etcd_manifest": "etc/kubernetes/manifests/etcd.yaml",
    "etcd_data_dir": "var/lib/etcd",
    "admin_conf": "etc/kubernetes/admin.conf",
    "super_admin_conf": "etc/kubernetes/super-admin.conf",
    "scheduler_conf": "etc/kubernetes/scheduler.conf",
    "controller_manager_conf": "etc/kubernetes/controller-manager.conf",
    "pki_dir": "etc/kubernetes/pki",
    "kubelet_service": "etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
    "kube_proxy_kubeconfig": "var/lib/kube-proxy/kubeconfig.conf",
    "kubelet_conf": "etc/kubernetes/kubelet.conf",
    "kubelet_ca": "etc/kubernetes/pki/ca.crt",
    "kubelet_config": "var/lib/kubelet/config.yaml",
}
NODE_MARKERS = ("etc/kubernetes", "var/lib/kubelet")


def is_node_root(root: Path) -> bool:
    return root.is_dir() and any((root / m).is_dir() for m in NODE_MARKERS)


def _entry(path: Path, root: Path) -> dict[str, Any]:
    try:
        st = path.lstat()
    except FileNotFoundError:
        return {"path": str(path.relative_to(root)), "exists": False}
    except OSError as exc:
        return {"path": str(path.relative_to(root)), "exists": True, "error": f"{type(exc).__name__}: {exc}"}
    return {"path": str(path.relative_to(root)), "exists": True, "mode": f"{stat.S_IMODE(st.st_mode):04o}",
            "uid": st.st_uid, "gid": st.st_gid, "dir": stat.S_ISDIR(st.st_mode)}


def node_files(root: Path) -> dict[str, Any]:
    """Mode and owner of each file of :data:`NODE_FILES` under ``root``, and of every file in the
    PKI directory (``pki_files``: certificates and keys separately)."""
    files = {role: _entry(root / rel, root) for role, rel in NODE_FILES.items()}
    pki = root / NODE_FILES["pki_dir"]
    certs, keys, others = [], [], []
    if pki.is_dir():
        for dirpath, _dirs, names in os.walk(pki):
            for n in sorted(names):
                e = _entry(Path(dirpath) / n, root)
                (certs if n.endswith(".crt") else keys if n.endswith(".key") else others).append(e)
    return {"root": root.resolve().name, "files": files, "pki_certificates": certs, "pki_keys": keys, "pki_other": others}


def node_files_resource(cluster: str, root: Path) -> Resource:
    name = root.resolve().name or "node"
    return Resource(PROVIDER, cluster, "cluster", NODE_FILES_TYPE, f"{cluster}/node-files/{name}", name, {},
                    node_files(root))


def kubelet_file(root: Path) -> dict[str, Any] | None:
    """The node's kubelet configuration file as a KubeletConfiguration object (None: none)."""
    import yaml

    path = root / NODE_FILES["kubelet_config"]
    if not path.is_file():
        return None
    name = root.resolve().name or "node"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return {"kind": "KubeletConfiguration", "metadata": {"name": name}, "source": str(path.relative_to(root)),
                "_error": f"{path.relative_to(root)}: {type(exc).__name__}: {exc}"}
    config = doc if isinstance(doc, dict) else {}
    return {"kind": "KubeletConfiguration", "apiVersion": str(config.get("apiVersion") or "kubelet.config.k8s.io/v1beta1"),
            "metadata": {"name": name}, "source": str(path.relative_to(root)), "config": config}
