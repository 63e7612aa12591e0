"""Kubernetes at scale: 5,000 pods under 500 controllers, served by the test stand-in API server.

The cluster holds about 20,000 objects: the pods and their controllers, Services, ConfigMaps
(scanned for credentials), Secrets (metadata only), 2,000 RBAC bindings to 300 roles, and a
control plane of static pods with every node's kubelet configuration (configz).

Prints: full scan wall time (collect over HTTP with the official client + evaluate + store),
peak RSS, RBAC path resolution time for the bindings (bindings → roles → per-subject grants, and
the "who can" checks over every subject), and the check engine's evaluations per second on one core (resource × check pairs),
both on the scan's own inventory (500 controllers, the pods deduplicated into them) and on
5,000 bare pods (every pod evaluated).  Targets: engine >= 200,000 pairs/s; full scan < 10 s.
No assertions: this prints figures.  Wall times depend on what else runs on the machine; CPU
times (process time) are printed next to them.

    python bench/k8s_scale.py [--pods 5000] [--controllers 500] [--bindings 2000] [--objects 20000]
    python bench/k8s_scale.py --manifests 20000 [--full]

``--manifests N`` is the offline mode (issue 24): N bare Pods (about 80 bytes of YAML each) in one
multi-document file, read and normalised as ``ucs scan --manifests`` does; it prints the wall
time and peak RSS of reading + normalising (target: 20,000 Pods within 300 MB), then of
evaluating, and with ``--full`` of the whole scan into a SQLite store (in a process of its own, so
its peak RSS is the scan's).
"""

from __future__ import annotations

import argparse
import copy
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import checks as registry  # noqa: E402
from agent.collectors.kubernetes import collect  # noqa: E402
from agent.collectors.kubernetes.kinds import BY_KIND  # noqa: E402
from agent.core.inventory import Inventory  # noqa: E402
from agent.engine.evaluate import evaluate, evaluation  # noqa: E402
from agent.engine.scan import run_scan  # noqa: E402
from agent.policy.k8s_rbac import EffectivePermissions  # noqa: E402
from agent.settings.tenant import KubernetesCluster, Settings  # noqa: E402
from agent.store import Store  # noqa: E402
from tests.kubernetes.cases import (  # noqa: E402
    cluster_binding,
    cluster_role,
    container,
    deployment,
    namespace,
    network_policy,
    pod_spec,
    role,
    role_binding,
    rule,
    service_account,
    subject,
)
from tests.kubernetes.cases_more import COMPONENTS, static_pod  # noqa: E402
from tests.kubernetes.standin import ApiStandIn, list_document  # noqa: E402

NAMESPACES = 20


def add_rbac(objs: dict[str, list[dict]], bindings: int) -> None:
    """300 roles and ``bindings`` bindings (three quarters namespaced) to users, groups and service accounts."""
    verbs = (["get", "list", "watch"], ["create", "update", "patch"], ["*"])
    resources = (["pods", "services"], ["configmaps"], ["secrets"], ["pods/exec", "pods/log"], ["deployments"])
    for i in range(200):
        ns = f"team-{i % NAMESPACES}"
        objs["Role"].append(role(f"role-{i}", [rule(verbs[i % 3], resources[i % 5], ["", "apps"])], ns=ns))
    for i in range(100):
        objs["ClusterRole"].append(cluster_role(f"cluster-role-{i}", [rule(verbs[i % 3], resources[(i + 1) % 5], [""])]))
    for b in range(bindings):
        who = [subject("User", f"user-{b % 400}@example.com"), subject("ServiceAccount", "web", f"team-{b % NAMESPACES}"),
               subject("Group", f"team-{b % 50}")][b % 3]
        if b % 4:
            ns = f"team-{b % NAMESPACES}"
            objs["RoleBinding"].append(role_binding(f"rb-{b}", "Role", f"role-{(b // 20) * 20 % 200 + b % 20}", who, ns=ns)
                                       if b % 2 else role_binding(f"rb-{b}", "ClusterRole", f"cluster-role-{b % 100}", who, ns=ns))
        else:
            objs["ClusterRoleBinding"].append(cluster_binding(f"crb-{b}", f"cluster-role-{b % 100}", who))


def add_config(objs: dict[str, list[dict]], target: int) -> None:
    """Services, Secrets and ConfigMaps (realistic values, a few credentials) up to ``target`` objects in all."""
    for c in range(len(objs["Deployment"])):
        ns = f"team-{c % NAMESPACES}"
        objs["Service"].append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"app-{c}", "namespace": ns},
                                "spec": {"type": "LoadBalancer" if c % 25 == 0 else "ClusterIP", "selector": {"app": f"app-{c}"},
                                         "ports": [{"port": 443, "targetPort": 8443}]}})
    have = sum(len(v) for v in objs.values())
    for i in range(max(0, target - have)):
        ns = f"team-{i % NAMESPACES}"
        if i % 2:
            objs["Secret"].append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": f"secret-{i}", "namespace": ns},
                                   "type": "Opaque", "data": {"password": "c2VjcmV0"}})
            continue
        data = {"LOG_LEVEL": "info", "DATABASE_URL": f"postgres://db-{i}.{ns}.svc.cluster.local:5432/app?sslmode=require",
                "application.yaml": "server:\n  port: 8080\nfeatures:\n  - search\n  - checkout-with-long-name\n" * 4}
        if i % 1000 == 0:
            data["legacy"] = "AKIAIOSFODNN7EXAMPLE"
        objs["ConfigMap"].append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"config-{i}", "namespace": ns},
                                  "data": data})


def build_cluster(pods: int, controllers: int, bindings: int = 2000, objects: int = 20000) -> dict[str, dict]:
    """List documents of a cluster: controllers × (1 ReplicaSet + pods/controllers pods), RBAC and config."""
    per = max(1, pods // controllers)
    objs: dict[str, list[dict]] = {k: [] for k in BY_KIND}
    for i in range(NAMESPACES):
        objs["Namespace"].append(namespace(f"team-{i}", {"pod-security.kubernetes.io/enforce": "baseline"} if i % 2 else {}))
        objs["NetworkPolicy"].append(network_policy(f"team-{i}")) if i % 3 else None
        objs["ServiceAccount"].append(service_account("web", f"team-{i}"))
    for c in range(controllers):
        ns = f"team-{c % NAMESPACES}"
        name = f"app-{c}"
        spec = pod_spec([container(name="app", env=[{"name": f"VAR_{j}", "value": f"v{j}"} for j in range(6)]),
                         container(name="sidecar", image=f"docker.io/envoyproxy/envoy:v1.{c % 30}.0")],
                        hostNetwork=(c % 50 == 0))
        dep = deployment(name, ns, spec)
        dep["metadata"]["uid"] = f"uid-d-{c}"
        objs["Deployment"].append(dep)
        rs_name = f"{name}-7d9f6c5b8"
        rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": rs_name, "namespace": ns, "uid": f"uid-rs-{c}", "ownerReferences": [
                  {"apiVersion": "apps/v1", "kind": "Deployment", "name": name, "uid": f"uid-d-{c}", "controller": True}]},
              "spec": copy.deepcopy(dep["spec"])}
        objs["ReplicaSet"].append(rs)
        for p in range(per):
            pod = {"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": f"{rs_name}-{p:05d}", "namespace": ns, "uid": f"uid-p-{c}-{p}",
                                "labels": {"app": name, "pod-template-hash": "7d9f6c5b8"},
                                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs_name,
                                                     "uid": f"uid-rs-{c}", "controller": True, "blockOwnerDeletion": True}]},
                   "spec": {**copy.deepcopy(spec), "nodeName": f"node-{p % 50}"},
                   "status": {"phase": "Running", "podIP": f"10.{c % 250}.{p % 250}.7", "qosClass": "Burstable",
                              "conditions": [{"type": t, "status": "True"} for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")],
                              "containerStatuses": [{"name": n, "ready": True, "restartCount": 0, "image": "x", "imageID": "y"}
                                                    for n in ("app", "sidecar")]}}
            objs["Pod"].append(pod)
    objs["Node"] = [{"apiVersion": "v1", "kind": "Node", "metadata": {"name": f"node-{n}"},
                     "status": {"nodeInfo": {"kubeletVersion": "v1.35.2"}}} for n in range(50)]
    objs["Node"][0]["metadata"]["labels"] = {"node-role.kubernetes.io/control-plane": ""}
    objs["Pod"] += [static_pod(binary, flags) for binary, flags in COMPONENTS.values()]
    add_rbac(objs, bindings)
    add_config(objs, objects)
    return {BY_KIND[k].list_path: list_document(k, v) for k, v in objs.items()}


def engine_rate(inventory: Inventory, selected: list, min_seconds: float = 1.0) -> tuple[float, int]:
    """resource×check pairs per CPU second (process time: one core)."""
    pairs, start = 0, time.process_time()
    while True:
        pairs += evaluate(inventory, selected).pairs
        spent = time.process_time() - start
        if spent >= min_seconds:
            return pairs / spent, pairs


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def manifests_mode(pods: int, full: bool) -> None:
    from agent.collectors.kubernetes import manifest_scope

    selected = [c for c in registry.all_checks() if c.id.startswith("k8s.")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pods.yaml"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(pods):
                fh.write(f"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  namespace: ns{i % 20}\n"
                         "spec:\n  containers:\n  - name: c\n    image: nginx\n")
        size = path.stat().st_size
        base = _rss()
        t0, c0 = time.perf_counter(), time.process_time()
        inv = collect(manifest_scope(path, "bench"))
        t_read, c_read = time.perf_counter() - t0, time.process_time() - c0
        rss_read = _rss()
        print(f"manifests: {pods} bare Pods, {size / 1e6:.1f} MB of YAML, {len(inv)} resources, "
              f"{len(inv.coverage.failures)} problems")
        print(f"read + normalise: {t_read:6.2f} s wall, {c_read:5.2f} s CPU; peak RSS {rss_read:.0f} MiB "
              f"({rss_read - base:+.0f} MiB over the {base:.0f} MiB before)  [target: 20,000 Pods within 300 MB]", flush=True)
        t1 = time.perf_counter()
        run = evaluation(inv, selected)  # streamed as a scan does: a batch at a time, counted, dropped
        produced = sum(len(batch) for batch in run)
        print(f"evaluate (streamed): {time.perf_counter() - t1:6.2f} s ({run.pairs} pairs, {produced} findings); "
              f"peak RSS {_rss():.0f} MiB")
        if full:
            # In a fresh process: its peak RSS is the scan's own, not the inventory measured above.
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(1) as pool:
                wall, status, total, peak = pool.apply(full_scan, (str(path), tmp))
            print(f"full scan (read + evaluate + store, SQLite, own process): {wall:6.2f} s [{status}], "
                  f"{total} results; peak RSS {peak:.0f} MiB  [target: within 300 MB]")


def full_scan(path: str, tmp: str) -> tuple[float, str, int, float]:
    """``ucs scan --manifests PATH`` into a SQLite store: wall time, status, results, peak RSS."""
    from agent.collectors.kubernetes import manifest_scope

    settings = Settings.model_validate({
        "tenant": {"id": "bench"}, "menus": {"options": ["containers"]},
        "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=1)).isoformat()},
        "providers": {"kubernetes": {"clusters": [manifest_scope(Path(path), "bench").model_dump()]}}})
    store = Store(f"sqlite:///{tmp}/bench.sqlite")
    t0 = time.perf_counter()
    outcome = run_scan(settings, store, providers=["kubernetes"])
    wall = time.perf_counter() - t0
    store.close()
    return wall, str(outcome.status), outcome.tally.total, _rss()


def serve(args: argparse.Namespace, urls: Any, stop: Any) -> None:
    """The stand-in API server in a process of its own, so the agent's peak RSS is the agent's."""
    lists = build_cluster(args.pods, args.controllers, args.bindings, args.objects)
    with ApiStandIn(lists, {"major": "1", "minor": "35", "gitVersion": "v1.35.2"}) as standin:
        urls.put((standin.url, sum(len(d.get("items") or []) for d in lists.values())))
        stop.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pods", type=int, default=5000)
    ap.add_argument("--controllers", type=int, default=500)
    ap.add_argument("--bindings", type=int, default=2000)
    ap.add_argument("--objects", type=int, default=20000)
    ap.add_argument("--manifests", type=int, metavar="N", help="offline mode: N bare Pods in manifests")
    ap.add_argument("--full", action="store_true", help="with --manifests: also the whole scan into a store")
    args = ap.parse_args()
    if args.manifests:
        manifests_mode(args.manifests, args.full)
        return
    selected = [c for c in registry.all_checks() if c.id.startswith("k8s.")]
    ctx = multiprocessing.get_context("fork")
    urls, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=serve, args=(args, urls, stop), daemon=True)
    server.start()
    url, total = urls.get(timeout=300)
    try:
        scope = KubernetesCluster(name="bench", host=url, registries_allowed=["registry.example.com"])
        t_cold = time.perf_counter()
        collect(scope)  # warms the stand-in's page cache: later runs measure the agent, not the stand-in
        t_cold = time.perf_counter() - t_cold
        # The full scan first, so its peak RSS is not inflated by the inventories measured below.
        settings = Settings.model_validate({
            "tenant": {"id": "bench"}, "menus": {"options": ["containers"]},
            "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=1)).isoformat()},
            "providers": {"kubernetes": {"clusters": [scope.model_dump()]}}})
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{tmp}/bench.sqlite")
            t2, c2 = time.perf_counter(), time.process_time()
            outcome = run_scan(settings, store, providers=["kubernetes"])
            t_full, c_full = time.perf_counter() - t2, time.process_time() - c2
            status, stored = outcome.status, outcome.tally.total
            del outcome
            store.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0, c0 = time.perf_counter(), time.process_time()
        inv = collect(scope)
        t_collect, c_collect = time.perf_counter() - t0, time.process_time() - c0
        t1 = time.perf_counter()
        result = evaluate(inv, selected)
        t_eval = time.perf_counter() - t1
    finally:
        stop.set()
        server.join(timeout=30)
    lists = build_cluster(args.pods, args.controllers, args.bindings, args.objects)
    listed = sum(e.count for e in inv.coverage.entries if e.resource_type == "k8s.pod")
    print(f"cluster: {total} objects, {listed} pods under {args.controllers} controllers, {args.bindings} RBAC bindings, "
          f"{len(inv)} resources after dedup, {len(selected)} checks")
    rbac_docs = [lists[BY_KIND[k].list_path]["items"] for k in ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")]
    t3 = time.perf_counter()
    perms = EffectivePermissions(*rbac_docs)
    subjects = perms.by_subject()
    t_resolve = time.perf_counter() - t3
    rbac_checks = [c for c in selected if "k8s.rbac_subject" in c.meta.resource_types]
    subject_inv = Inventory(inv.by_type("k8s.rbac_subject"))
    t4 = time.perf_counter()
    rbac_result = evaluate(subject_inv, rbac_checks)
    t_paths = time.perf_counter() - t4
    print(f"RBAC path resolution: {args.bindings} bindings → {len(perms.grants)} grants for {len(subjects)} subjects in "
          f"{t_resolve * 1000:.0f} ms; {len(rbac_checks)} who-can checks over them with binding → role → rule paths in "
          f"{t_paths * 1000:.0f} ms ({len(rbac_result.findings)} findings)")
    print(f"collect, first run (stand-in encodes its pages in this process): {t_cold:6.2f} s")
    print(f"collect (HTTP, official client, paginated): {t_collect:6.2f} s wall, {c_collect:5.2f} s CPU "
          "(the agent's process; the stand-in serves from another)")
    print(f"evaluate: {t_eval:6.2f} s  ({result.pairs} pairs, {len(result.findings)} findings)")
    print(f"full scan (collect + evaluate + store of {stored} results, SQLite): {t_full:6.2f} s wall, {c_full:5.2f} s CPU  "
          f"[{status}, target < 10 s]")

    rate, pairs = engine_rate(inv, selected)
    print(f"engine on the scan's inventory: {rate:,.0f} pairs/s on one core ({pairs} pairs)  [target >= 200,000]")
    bare = Inventory()
    for r in inv:
        bare.add(r)
    for doc in lists[BY_KIND["Pod"].list_path]["items"]:
        d = copy.deepcopy(doc)
        d["metadata"].pop("ownerReferences", None)
        d["metadata"]["namespace"] = d["metadata"]["namespace"]
        from agent.collectors.kubernetes.normalise import resource_for, scrub

        bare.add(resource_for(scrub(d), BY_KIND["Pod"], "bench"))
    rate, pairs = engine_rate(bare, [c for c in selected if "k8s.pod" in c.meta.resource_types])
    print(f"engine on {args.pods} bare pods: {rate:,.0f} pairs/s on one core ({pairs} pairs)  [target >= 200,000]")
    print(f"peak RSS of the agent through the full scan: {peak:.0f} MiB  [target < 400 MB]; "
          f"stand-in process: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
