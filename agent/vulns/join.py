"""Join vulnerabilities to what runs: image → workloads → exposure and privilege.

Workloads come from the stored resource snapshots of the last scans (Kubernetes pod templates,
Lambda container images, ECS task definitions, EC2 instances for host findings).  Images match
by digest when both sides have one, otherwise by repository name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from agent.core.model import Resource
from agent.posture.risk import resource_flags
from agent.vulns.model import Vulnerability

K8S_WORKLOADS = ("k8s.pod", "k8s.deployment", "k8s.daemonset", "k8s.statefulset", "k8s.replicaset", "k8s.job",
                 "k8s.cronjob")
AWS_WORKLOADS = ("aws.lambda.function", "aws.ecs.task_definition", "aws.ec2.instance")


@dataclass(slots=True)
class Workload:
    resource: Resource
    images: list[str]
    exposed: bool
    privileged: bool
    criticality: str = "medium"
    why_exposed: str = ""

    @property
    def label(self) -> str:
        return f"{self.resource.type.split('.')[-1]}/{self.resource.name}"


@dataclass(slots=True)
class Reach:
    """Where one vulnerability runs."""

    workloads: list[Workload] = field(default_factory=list)

    @property
    def exposed(self) -> bool:
        return any(w.exposed for w in self.workloads)

    @property
    def privileged(self) -> bool:
        return any(w.privileged for w in self.workloads)

    @property
    def criticality(self) -> str:
        order = {"low": 0, "medium": 1, "high": 2, "critical": 3}
        return max((w.criticality for w in self.workloads), key=lambda c: order.get(c, 1), default="medium")


def split_image(ref: str) -> tuple[str, str | None]:
    """'repo/name:tag@sha256:..' → ('repo/name', 'sha256:..'); tags dropped, registry kept."""
    ref = ref.split("://", 1)[-1]
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    last = ref.rsplit("/", 1)
    if ":" in last[-1]:
        ref = ref[: ref.rfind(":")]
    return ref, digest


def _repo_key(name: str) -> str:
    """Repository name without registry host, so 'ECR-host/app' and 'app' meet."""
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    return "/".join(parts)


def pod_spec(r: Resource) -> dict[str, Any] | None:
    spec = r.data.get("spec") or {}
    if r.type == "k8s.pod":
        return spec
    if r.type == "k8s.cronjob":
        return (((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec")
    return (spec.get("template") or {}).get("spec")


def _pod_labels(r: Resource) -> dict[str, str]:
    if r.type == "k8s.pod":
        return (r.data.get("metadata") or {}).get("labels") or {}
    tmpl = (r.data.get("spec") or {}).get("template") or {}
    return (tmpl.get("metadata") or {}).get("labels") or {}


def _k8s_images(r: Resource, spec: dict[str, Any]) -> list[str]:
    images = [c.get("image", "") for key in ("containers", "initContainers") for c in spec.get(key) or []]
    for st in (r.data.get("status") or {}).get("containerStatuses") or []:
        if st.get("imageID"):
            images.append(st["imageID"])
    return [i for i in images if i]


def _k8s_privileged(spec: dict[str, Any]) -> bool:
    if spec.get("hostNetwork") or spec.get("hostPID") or spec.get("hostIPC"):
        return True
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        sc = c.get("securityContext") or {}
        caps = {str(x).upper() for x in ((sc.get("capabilities") or {}).get("add") or [])}
        if sc.get("privileged") or caps & {"SYS_ADMIN", "ALL"}:
            return True
    return False


def _why_exposed(r: Resource) -> str:
    exp = r.data.get("_exposure")
    return " → ".join(map(str, exp.get("path", []))) if isinstance(exp, dict) else ""


Selector = tuple[tuple[str, str], ...]


def _exposed_k8s(resources: list[Resource]) -> dict[tuple[str, str, Selector], str]:
    """(cluster, namespace, label-set key) → why, for pods selected by LoadBalancer/NodePort services
    or by services an Ingress routes to."""
    ingress_services: set[tuple[str, str, str]] = set()
    for r in resources:
        if r.type != "k8s.ingress":
            continue
        ns = (r.data.get("metadata") or {}).get("namespace", r.region)
        spec = r.data.get("spec") or {}
        backends = [spec.get("defaultBackend") or {}]
        for rule in spec.get("rules") or []:
            backends += [p.get("backend") or {} for p in ((rule.get("http") or {}).get("paths") or [])]
        for b in backends:
            name = (b.get("service") or {}).get("name") or b.get("serviceName")
            if name:
                ingress_services.add((r.account, ns, name))
    exposed: dict[tuple[str, str, Selector], str] = {}
    for r in resources:
        if r.type != "k8s.service":
            continue
        meta = r.data.get("metadata") or {}
        ns, name = meta.get("namespace", r.region), meta.get("name", r.name)
        spec = r.data.get("spec") or {}
        kind = spec.get("type", "ClusterIP")
        why = f"Service {name} type {kind}" if kind in ("LoadBalancer", "NodePort") else (
            f"Ingress → Service {name}" if (r.account, ns, name) in ingress_services else "")
        sel = spec.get("selector") or {}
        if why and sel:
            exposed[(r.account, ns, tuple(sorted(sel.items())))] = why
    return exposed


def workloads(resources: Iterable[Resource]) -> list[Workload]:
    res = list(resources)
    exposed_sel = _exposed_k8s(res)
    out: list[Workload] = []
    for r in res:
        if r.type in K8S_WORKLOADS:
            if r.type == "k8s.pod" and (r.data.get("metadata") or {}).get("ownerReferences"):
                continue  # evaluated at the owning controller
            spec = pod_spec(r) or {}
            labels = _pod_labels(r)
            ns = (r.data.get("metadata") or {}).get("namespace", r.region)
            why = ""
            for (cluster, sns, sel), w in exposed_sel.items():
                if cluster == r.account and sns == ns and all(labels.get(k) == v for k, v in sel):
                    why = w
                    break
            crit = resource_flags(r.data, r.tags)["criticality"]
            out.append(Workload(r, _k8s_images(r, spec), bool(why), _k8s_privileged(spec), crit, why))
        elif r.type in AWS_WORKLOADS:
            images = []
            if r.type == "aws.lambda.function":
                uri = r.data.get("ImageUri") or (r.data.get("Code") or {}).get("ImageUri")
                images = [uri] if uri else []
            elif r.type == "aws.ecs.task_definition":
                images = [c.get("image", "") for c in r.data.get("containerDefinitions") or []]
            flags = resource_flags(r.data, r.tags)
            out.append(Workload(r, [i for i in images if i], flags["exposed"], flags["privileged"],
                                flags["criticality"], _why_exposed(r)))
    return out


def reach(vulns: Iterable[Vulnerability], loads: list[Workload]) -> dict[str, Reach]:
    """Vulnerability key → the workloads it runs in."""
    by_digest: dict[str, list[Workload]] = {}
    by_repo: dict[str, list[Workload]] = {}
    by_host: dict[str, list[Workload]] = {}
    for w in loads:
        for img in w.images:
            repo, digest = split_image(img)
            if digest:
                by_digest.setdefault(digest, []).append(w)
            by_repo.setdefault(_repo_key(repo), []).append(w)
        if w.resource.type == "aws.ec2.instance":
            by_host.setdefault(w.resource.id.rsplit("/", 1)[-1], []).append(w)
            by_host.setdefault(w.resource.name, []).append(w)
    out: dict[str, Reach] = {}
    # Reach depends only on where a vulnerability was found: one shared object per artifact keeps
    # memory flat when an image carries hundreds of CVEs.
    per_artifact: dict[tuple[str | None, str | None, str | None], Reach] = {}
    for v in vulns:
        artifact = (v.image_digest, v.image, v.target)
        hit = per_artifact.get(artifact)
        if hit is None:
            found: list[Workload] = []
            if v.image_digest and v.image_digest in by_digest:
                found = by_digest[v.image_digest]
            elif v.image:
                found = by_repo.get(_repo_key(split_image(v.image)[0]), [])
            elif v.target:
                found = by_host.get(v.target.rsplit("/", 1)[-1], [])
            hit = per_artifact[artifact] = Reach(list({id(w): w for w in found}.values()))
        out[v.key] = hit
    return out
