"""A small stored estate for the join, ranking, plan and report tests."""

from __future__ import annotations

import json
from pathlib import Path

from agent.core.model import Coverage, Finding, Resource, Severity, Status
from agent.store import Store
from agent.vulns import store as vstore
from agent.vulns.parsers import load_file, parse_trivy

DATA = Path(__file__).parent / "data"
WEB_DIGEST = "sha256:aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa1111bbbb2222"


def deployment(name: str, image: str, labels: dict, privileged: bool = False, ns: str = "shop") -> Resource:
    container = {"name": name, "image": image, "securityContext": {"privileged": privileged}}
    doc = {"kind": "Deployment", "metadata": {"name": name, "namespace": ns, "labels": {"ucs-criticality": "high"}},
           "spec": {"template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}}}}
    return Resource("kubernetes", "prod-cluster", ns, "k8s.deployment", f"prod-cluster/{ns}/deployment/{name}", name,
                    data=doc)


def service(name: str, kind: str, selector: dict, ns: str = "shop") -> Resource:
    doc = {"kind": "Service", "metadata": {"name": name, "namespace": ns}, "spec": {"type": kind, "selector": selector}}
    return Resource("kubernetes", "prod-cluster", ns, "k8s.service", f"prod-cluster/{ns}/service/{name}", name, data=doc)


def idle_report() -> list:
    doc = json.loads((DATA / "trivy-batch.json").read_text())
    doc["ArtifactName"] = "registry.example.com/legacy/tool:0.9"
    doc["Metadata"]["RepoDigests"] = ["registry.example.com/legacy/tool@sha256:" + "7" * 64]
    v = doc["Results"][0]["Vulnerabilities"][0]
    v.update({"VulnerabilityID": "CVE-2099-0001", "Severity": "CRITICAL",
              "CVSS": {"nvd": {"V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "V3Score": 9.8}}})
    return parse_trivy(doc, "idle")


def bucket(name: str) -> Resource:
    return Resource("aws", "111111111111", "eu-west-1", "aws.s3.bucket", f"arn:aws:s3:::{name}", name)


def seed(store: Store, tenant: str, n_buckets: int = 3) -> None:
    web = deployment("web", f"registry.example.com/shop/web@{WEB_DIGEST}", {"app": "web"}, privileged=True)
    batch = deployment("batch", "registry.example.com/internal/batch:2.0", {"app": "batch"})
    lb = service("web-lb", "LoadBalancer", {"app": "web"})
    internal = service("batch", "ClusterIP", {"app": "batch"})
    buckets = [bucket(f"data-{i}") for i in range(n_buckets)]
    cov = Coverage()
    for t in ("k8s.deployment", "k8s.service"):
        cov.add("kubernetes", "prod-cluster", "*", t)
    cov.add("aws", "111111111111", "*", "aws.s3.bucket")
    results = [Finding("aws.s3.block_public_access", b, Status.FAIL, Severity.HIGH, "not blocked") for b in buckets]
    results += [Finding("aws.s3.no_public_acl", buckets[0], Status.FAIL, Severity.HIGH, "AllUsers READ")]
    results += [Finding("k8s.pod.no_privileged", web, Status.FAIL, Severity.HIGH, "privileged container web")]
    sid = store.begin_scan(tenant)
    store.record_scan(sid, tenant, results, cov, {f.check_id for f in results}, [web, batch, lb, internal, *buckets])
    for group in (load_file(DATA / "trivy-image.json"), load_file(DATA / "trivy-batch.json"),
                  load_file(DATA / "trivy-sbom.json"), idle_report()):
        vstore.save(store, tenant, group)
