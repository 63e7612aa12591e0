"""Reading a live cluster with the official ``kubernetes`` client.

Lists go through the typed API methods with ``_preload_content=False`` and are parsed with
``json`` directly: for thousands of objects the client's model deserialisation is the slowest
part of a scan.  Every list is paginated (``limit`` / ``_continue``).  Secrets are requested as
``PartialObjectMetadataList``, so the API server never sends their data to the agent.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kubernetes import client as k8s
from kubernetes import config as k8s_config
from kubernetes.client.exceptions import ApiException

from agent.collectors.kubernetes.kinds import LISTED_KINDS, Kind, snake
from agent.core.errors import CollectorError
from agent.core.logging_setup import register_secret

log = logging.getLogger(__name__)

METADATA_ONLY = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"
# Kinds whose content the agent must never receive, only their metadata.
METADATA_ONLY_KINDS = frozenset({"Secret"})

_API_CLASSES = {
    "": k8s.CoreV1Api,
    "apps": k8s.AppsV1Api,
    "batch": k8s.BatchV1Api,
    "networking.k8s.io": k8s.NetworkingV1Api,
    "rbac.authorization.k8s.io": k8s.RbacAuthorizationV1Api,
    "storage.k8s.io": k8s.StorageV1Api,
    "admissionregistration.k8s.io": k8s.AdmissionregistrationV1Api,
}


def api_client_for(scope: Any) -> k8s.ApiClient:
    """An ApiClient for a ``KubernetesCluster`` scope: explicit host, in-cluster, or kubeconfig."""
    try:
        if scope.host and not scope.kubeconfig:
            cfg = k8s.Configuration()
            cfg.host = scope.host
            api = k8s.ApiClient(cfg)
        elif scope.in_cluster:
            cfg = k8s.Configuration()
            k8s_config.load_incluster_config(client_configuration=cfg)
            api = k8s.ApiClient(cfg)
        else:
            api = k8s_config.new_client_from_config(config_file=scope.kubeconfig, context=scope.context)
            if scope.host:
                api.configuration.host = scope.host
    except (k8s_config.ConfigException, OSError) as exc:
        where = scope.kubeconfig or "~/.kube/config"
        raise CollectorError(f"kubernetes cluster {scope.name}: cannot load client configuration: {exc}",
                             hint=f"check the kubeconfig file {where} and context {scope.context or '(current)'}") from None
    # Bearer tokens from the kubeconfig or service account must never be logged.
    for value in (api.configuration.api_key or {}).values():
        register_secret(str(value).removeprefix("Bearer ").strip())
        register_secret(str(value))
    return api


_GKE = re.compile(r"^gke_(?P<project>[^_]+)_(?P<location>[^_]+)_(?P<name>.+)$")


def cloud_identity(scope: Any) -> str | None:
    """The managed-cluster id this cluster is known by to a cloud collector, so the two can be
    linked: ``scope.cloud_id`` when configured, else read from the kubeconfig's cluster name as
    ``aws eks update-kubeconfig`` (an EKS ARN) and ``gcloud container clusters get-credentials``
    (``gke_PROJECT_LOCATION_NAME``) write it."""
    if scope.cloud_id:
        return str(scope.cloud_id)
    if scope.in_cluster or (scope.host and not scope.kubeconfig):
        return None
    try:
        contexts, active = k8s_config.list_kube_config_contexts(config_file=scope.kubeconfig)
    except (k8s_config.ConfigException, OSError):
        return None
    chosen = next((c for c in contexts if c.get("name") == scope.context), None) if scope.context else active
    cluster = str(((chosen or {}).get("context") or {}).get("cluster") or "")
    if cluster.startswith("arn:aws") and ":eks:" in cluster:
        return cluster
    m = _GKE.match(cluster)
    if m:
        return f"//container.googleapis.com/projects/{m['project']}/locations/{m['location']}/clusters/{m['name']}"
    return None


def describe_api_error(exc: BaseException) -> str:
    if isinstance(exc, ApiException):
        reason = ""
        with contextlib.suppress(ValueError, AttributeError):  # a body that is not a Status object
            reason = json.loads(exc.body or b"{}").get("message", "")
        return f"HTTP {exc.status} {exc.reason or ''}: {reason}".strip().rstrip(":")
    return f"{type(exc).__name__}: {exc}"


@dataclass
class ListOutcome:
    items: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    pages: int = 0


class ClusterReader:
    """Lists every kind of :data:`LISTED_KINDS` from one cluster."""

    def __init__(self, api: k8s.ApiClient, page_size: int = 500, timeout: float = 60.0) -> None:
        self.api = api
        self.page_size = page_size
        self.timeout = timeout
        self._apis: dict[str, Any] = {}

    def _api_for(self, group: str) -> Any:
        if group not in self._apis:
            self._apis[group] = _API_CLASSES[group](self.api)
        return self._apis[group]

    def _method(self, kind: Kind, namespace: str | None = None) -> Callable[..., Any]:
        if kind.group not in _API_CLASSES:  # a CRD (Cilium, Calico, Kyverno …) or OpenShift kind
            custom = k8s.CustomObjectsApi(self.api)
            if namespace is not None:
                return lambda **kw: custom.list_namespaced_custom_object(kind.group, kind.version, namespace, kind.plural,
                                                                         **{k: v for k, v in kw.items() if k != "namespace"})
            return lambda **kw: custom.list_cluster_custom_object(kind.group, kind.version, kind.plural, **kw)
        if namespace is not None:
            name = f"list_namespaced_{snake(kind.kind)}"
        else:
            name = f"list_{snake(kind.kind)}_for_all_namespaces" if kind.namespaced else f"list_{snake(kind.kind)}"
        return getattr(self._api_for(kind.group), name)

    def list_kind(self, kind: Kind, namespace: str | None = None) -> ListOutcome:
        """All objects of one kind (in one namespace, if given), page by page; an API error ends
        the listing with ``error`` set."""
        out = ListOutcome()
        method = self._method(kind, namespace)
        headers = {"Accept": METADATA_ONLY} if kind.kind in METADATA_ONLY_KINDS else {"Accept": "application/json"}
        token: str | None = None
        restarts = 1  # a continue token can expire (HTTP 410) on a large list: start over once
        try:
            while True:
                kwargs: dict[str, Any] = {"limit": self.page_size, "_preload_content": False,
                                          "_headers": dict(headers), "_request_timeout": self.timeout}
                if token:
                    kwargs["_continue"] = token
                if namespace is not None:
                    kwargs["namespace"] = namespace
                try:
                    resp = method(**kwargs)
                except ApiException as exc:
                    if exc.status == 404 and kind.optional and not token:
                        return out  # the CRD is not installed: there are none
                    if exc.status == 403 and kind.optional and not token and not self.group_served(kind):
                        return out  # refused, but not installed either: RBAC answers before routing
                    if exc.status == 410 and token and restarts:
                        log.info("kubernetes list %s: continue token expired, listing again", kind.plural)
                        restarts, token, out = restarts - 1, None, ListOutcome()
                        continue
                    raise
                doc = json.loads(resp.data)
                out.pages += 1
                for item in doc.get("items") or []:
                    if kind.kind in METADATA_ONLY_KINDS:
                        # PartialObjectMetadata carries its own kind; keep the object's kind and
                        # nothing but metadata, whatever the server sent.
                        item = {"apiVersion": kind.api_version, "kind": kind.kind, "metadata": item.get("metadata") or {}}
                    else:
                        item.setdefault("kind", kind.served_kind)
                        item.setdefault("apiVersion", kind.api_version)
                    out.items.append(item)
                token = (doc.get("metadata") or {}).get("continue") or None
                if not token:
                    break
        except Exception as exc:  # one kind failing (403, timeout) is a coverage gap, never the end
            out.error = describe_api_error(exc)
            log.warning("kubernetes list %s: %s", kind.plural, out.error)
        return out

    def group_served(self, kind: Kind) -> bool:
        """Does the API server serve the kind's group/version (API discovery, readable by every
        authenticated user)?  Only a 404 says no; any other answer is taken as served."""
        try:
            k8s.CustomObjectsApi(self.api).get_api_resources(kind.group, kind.version, _preload_content=False,
                                                              _request_timeout=self.timeout)
        except ApiException as exc:
            return exc.status != 404
        except Exception:  # unreachable or malformed: not a reason to hide a refusal
            return True
        return True

    def kubelet_config(self, node: str) -> dict[str, Any]:
        """One node's kubelet configuration through the API server's node proxy (configz), as a
        KubeletConfiguration object; a refusal is kept as ``_error`` naming the permission."""
        obj: dict[str, Any] = {"apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration",
                               "metadata": {"name": node}, "source": f"/api/v1/nodes/{node}/proxy/configz"}
        try:
            resp = k8s.CoreV1Api(self.api).connect_get_node_proxy_with_path(
                node, "configz", _preload_content=False, _request_timeout=self.timeout)
            doc = json.loads(resp.data)
            obj["config"] = doc.get("kubeletconfig") if isinstance(doc.get("kubeletconfig"), dict) else doc
        except Exception as exc:  # one node refusing is that node's ERROR, never the end of the scan
            error = describe_api_error(exc)
            if isinstance(exc, ApiException) and exc.status in (401, 403):
                error = f"{error} (reading configz needs RBAC get on nodes/proxy)"
            obj["_error"] = error
            log.warning("kubernetes node %s configz: %s", node, error)
        return obj

    def kubelet_configs(self, nodes: list[str], max_workers: int = 4) -> list[dict[str, Any]]:
        with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="ucs-k8s-configz") as pool:
            return list(pool.map(self.kubelet_config, nodes))

    def server_version(self) -> dict[str, Any]:
        resp = k8s.VersionApi(self.api).get_code(_preload_content=False, _request_timeout=self.timeout)
        return json.loads(resp.data)

    def read_all(self, max_workers: int = 4) -> ClusterRead:
        """Every kind, listed concurrently across all namespaces.

        A namespaced kind the scanner may not list cluster-wide (403) is listed namespace by
        namespace instead, as a namespace-scoped scanner role allows; each namespace's outcome is
        kept so coverage can say which namespaces were assessed.
        """
        read = ClusterRead()
        with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="ucs-k8s") as pool:
            results = [(kind, pool.submit(self.list_kind, kind)) for kind in LISTED_KINDS]
            for kind, fut in results:
                res = fut.result()
                if res.error is not None:
                    read.failures[kind.kind] = res.error
                else:
                    read.objects[kind.kind] = res.items
            namespaces = [str((n.get("metadata") or {}).get("name")) for n in read.objects.get("Namespace", [])]
            retry = [k for k in LISTED_KINDS if k.namespaced and read.failures.get(k.kind, "").startswith("HTTP 403")]
            if namespaces and retry:
                per_ns = [(kind, ns, pool.submit(self.list_kind, kind, ns)) for kind in retry for ns in namespaces]
                for kind, ns, fut in per_ns:
                    res = fut.result()
                    read.by_namespace.setdefault(kind.kind, {})[ns] = res.error
                    read.objects.setdefault(kind.kind, []).extend(res.items)
                for kind in retry:
                    if any(err is None for err in read.by_namespace[kind.kind].values()):
                        del read.failures[kind.kind]
                    else:  # refused everywhere: one cluster-wide gap says it best
                        del read.by_namespace[kind.kind]
                        read.objects.pop(kind.kind, None)
        return read


@dataclass
class ClusterRead:
    objects: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # kind → error (nothing of it read)
    by_namespace: dict[str, dict[str, str | None]] = field(default_factory=dict)  # kind → {ns: error or None}
