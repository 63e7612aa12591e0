"""GCP at scale: 10,000 Cloud Asset Inventory assets served by the ListAssets stand-in.

Runs one full tenant scan (licence, menus, ListAssets through the real AssetServiceClient, all GCP
checks, SQLite store) against an organisation of N projects and prints wall time, peak RSS of the
scanning process (the stand-in runs in a child process, so it is not counted) and the number of
HTTP requests the stand-in answered.  Target: fewer than 1 request per 100 assets.

    python bench/gcp_scale.py [--assets 10000] [--projects 20] [--mode organization|projects]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.gcp.standin import AssetStandIn, Estate, asset  # noqa: E402

ORG = "900000000001"
# (asset type, share of the estate in percent)
MIX = [
    ("compute.googleapis.com/Instance", 30), ("storage.googleapis.com/Bucket", 15),
    ("compute.googleapis.com/Firewall", 10), ("compute.googleapis.com/Subnetwork", 10),
    ("iam.googleapis.com/ServiceAccount", 8), ("iam.googleapis.com/ServiceAccountKey", 8),
    ("sqladmin.googleapis.com/Instance", 5), ("cloudkms.googleapis.com/CryptoKey", 5),
    ("dns.googleapis.com/ManagedZone", 3), ("container.googleapis.com/Cluster", 2),
    ("logging.googleapis.com/LogSink", 2), ("compute.googleapis.com/Network", 2),
]


def _data(kind: str, project: str, i: int) -> tuple[str, dict, dict | None, str]:
    """(asset name, resource data, IAM policy or None, location) of the i-th asset of a kind."""
    bad = i % 3 == 0  # a third of everything is misconfigured, so findings are stored too
    if kind.endswith("/Instance") and kind.startswith("compute"):
        return (f"//compute.googleapis.com/projects/{project}/zones/asia-northeast1-a/instances/vm-{i}",
                {"name": f"vm-{i}", "canIpForward": bad,
                 "metadata": {"items": [{"key": "serial-port-enable", "value": str(bad)}]},
                 "serviceAccounts": [{"email": f"{project}-compute@developer.gserviceaccount.com",
                                      "scopes": ["https://www.googleapis.com/auth/cloud-platform"]}],
                 "networkInterfaces": [{"accessConfigs": [{"natIP": "203.0.113.1"}]} if bad else {}],
                 "shieldedInstanceConfig": {"enableVtpm": not bad, "enableIntegrityMonitoring": True}},
                None, "asia-northeast1-a")
    if kind.startswith("storage"):
        reader = "allUsers" if bad else "group:a@x.example"
        policy = {"bindings": [{"role": "roles/storage.objectViewer", "members": [reader]}]}
        return (f"//storage.googleapis.com/{project}-b{i}", {"name": f"{project}-b{i}",
                "iamConfiguration": {"uniformBucketLevelAccess": {"enabled": not bad}}}, policy, "ASIA-NORTHEAST1")
    if kind.endswith("Firewall"):
        return (f"//compute.googleapis.com/projects/{project}/global/firewalls/fw-{i}",
                {"name": f"fw-{i}", "direction": "INGRESS",
                 "sourceRanges": ["0.0.0.0/0" if bad else "10.0.0.0/8"],
                 "allowed": [{"IPProtocol": "tcp", "ports": ["22", "3389"]}]}, None, "global")
    if kind.endswith("Subnetwork"):
        return (f"//compute.googleapis.com/projects/{project}/regions/asia-northeast1/subnetworks/sn-{i}",
                {"name": f"sn-{i}", "logConfig": {"enable": not bad}}, None, "asia-northeast1")
    if kind.endswith("ServiceAccount"):
        email = f"sa-{i}@{project}.iam.gserviceaccount.com"
        return (f"//iam.googleapis.com/projects/{project}/serviceAccounts/{email}", {"email": email}, None, "global")
    if kind.endswith("ServiceAccountKey"):
        # far past / far future: the estate never ages into or out of failing
        valid_after = "2001-01-01T00:00:00Z" if bad else "2999-01-01T00:00:00Z"
        return (f"//iam.googleapis.com/projects/{project}/serviceAccounts/sa-{i}@{project}.iam.gserviceaccount.com"
                f"/keys/k{i}", {"keyType": "USER_MANAGED", "validAfterTime": valid_after}, None, "global")
    if kind.startswith("sqladmin"):
        return (f"//cloudsql.googleapis.com/projects/{project}/instances/db-{i}",
                {"name": f"db-{i}", "databaseVersion": "POSTGRES_15",
                 "settings": {"ipConfiguration": {"ipv4Enabled": bad, "sslMode": "ENCRYPTED_ONLY"},
                              "backupConfiguration": {"enabled": True}}}, None, "asia-northeast1")
    if kind.startswith("cloudkms"):
        path = f"projects/{project}/locations/global/keyRings/r/cryptoKeys/k{i}"
        return (f"//cloudkms.googleapis.com/{path}", {"name": path, "purpose": "ENCRYPT_DECRYPT",
                "rotationPeriod": "31536000s" if bad else "7776000s"}, None, "global")
    if kind.startswith("dns"):
        return (f"//dns.googleapis.com/projects/{project}/managedZones/z{i}",
                {"name": f"z{i}", "visibility": "public", "dnssecConfig": {"state": "off" if bad else "on"}},
                None, "global")
    if kind.startswith("container"):
        return (f"//container.googleapis.com/projects/{project}/locations/asia-northeast1/clusters/c{i}",
                {"name": f"c{i}", "legacyAbac": {"enabled": bad}, "shieldedNodes": {"enabled": True}}, None,
                "asia-northeast1")
    if kind.startswith("logging"):
        return (f"//logging.googleapis.com/projects/{project}/sinks/s{i}",
                {"name": f"s{i}", "destination": f"storage.googleapis.com/{project}-b0", "filter": ""}, None, "global")
    return (f"//compute.googleapis.com/projects/{project}/global/networks/n{i}",
            {"name": "default" if bad else f"n{i}"}, None, "global")


def build_estate(n_assets: int, n_projects: int, mode: str) -> Estate:
    est = Estate()
    per_project = max(1, n_assets // n_projects)
    shares = sum(s for _, s in MIX)
    for p in range(n_projects):
        project, number = f"bench-proj-{p:03d}", f"7{p:011d}"
        ancestors = [f"projects/{number}", f"organizations/{ORG}"]
        parent = f"organizations/{ORG}" if mode == "organization" else f"projects/{project}"
        est.add(parent, asset("cloudresourcemanager.googleapis.com/Project",
                              f"//cloudresourcemanager.googleapis.com/projects/{number}",
                              {"projectId": project, "projectNumber": number}, ancestors=ancestors,
                              policy={"bindings": [{"role": "roles/owner", "members": ["user:owner@x.example"]}]}))
        i = 0
        for kind, share in MIX:
            for _ in range(per_project * share // shares):
                name, data, policy, location = _data(kind, project, i)
                est.add(parent, asset(kind, name, data, location=location, ancestors=ancestors, policy=policy))
                i += 1
    return est


def _serve(n_assets: int, n_projects: int, mode: str, conn) -> None:  # child process
    est = build_estate(n_assets, n_projects, mode)
    with AssetStandIn(est) as s:
        conn.send((s.url, sum(len(v) for v in est.assets.values())))
        conn.recv()  # wait until the scan is done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assets", type=int, default=10_000)
    ap.add_argument("--projects", type=int, default=20)
    ap.add_argument("--mode", choices=["organization", "projects"], default="organization")
    args = ap.parse_args()

    parent_conn, child_conn = multiprocessing.Pipe()
    child = multiprocessing.Process(target=_serve, args=(args.assets, args.projects, args.mode, child_conn),
                                    daemon=True)
    child.start()
    url, served = parent_conn.recv()

    from agent.engine.scan import run_scan
    from agent.settings.tenant import parse_settings
    from agent.store import Store

    scope = (f"    organization: '{ORG}'\n" if args.mode == "organization" else
             "    projects: [" + ", ".join(f"bench-proj-{p:03d}" for p in range(args.projects)) + "]\n")
    settings = parse_settings("tenant: {id: bench}\nlicence: {product: UCS Cloud Security, expires: 2099-01-01}\n"
                              "menus: {options: [multi-cloud]}\nproviders:\n  gcp:\n" + scope +
                              f"    api_endpoint: {url}\n    anonymous: true\n", "bench.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite")
        marks: dict[str, float] = {}

        def progress(msg: str) -> None:  # "gcp <parent>: N assets" ends collection, "evaluated …" evaluation
            marks["collected" if msg.startswith("gcp ") else "evaluated"] = time.perf_counter()

        t0 = time.perf_counter()
        outcome = run_scan(settings, store, trigger="bench", progress=progress)
        wall = time.perf_counter() - t0
        store.close()
    requests = json.load(urllib.request.urlopen(f"{url}/_stats"))["requests"]
    parent_conn.send("done")
    child.join(timeout=10)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    resources = len(outcome.inventory)
    fails = sum(1 for f in outcome.findings if f.status.value == "FAIL")
    print(f"gcp scale ({args.mode}, {args.projects} projects): {served} assets served, {resources} resources collected")
    print(f"  findings            {len(outcome.findings)} ({fails} failing), scan {outcome.status}")
    collect_s, eval_s = marks["collected"] - t0, marks["evaluated"] - marks["collected"]
    print(f"  wall time           {wall:.2f} s: collect {collect_s:.2f} s, evaluate {eval_s:.2f} s, "
          f"store {wall - collect_s - eval_s:.2f} s")
    print(f"  peak RSS (scanner)  {rss_mb:.0f} MiB")
    print(f"  HTTP requests       {requests} = {100 * requests / max(resources, 1):.2f} per 100 resources "
          f"(target < 1)")


if __name__ == "__main__":
    main()
