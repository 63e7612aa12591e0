#!/usr/bin/env python3
"""Multi-cloud scale benchmark (issue 5): a full tenant scan of a large Azure estate served by the
HTTPS stand-in from tests/azure, counting every HTTP request the management clients send.

Azure part — ``bench_azure(n)``: the stand-in (in a child process, so the scanner's peak RSS is its
own) serves ``n`` resources over ten subscriptions, cloned from the test estate in a typical mix
(mostly VMs, NICs, disks, IPs, NSGs; a fifth need one or two service-SDK reads).  The scan is
``run_scan``: collect, every check, store in SQLite.  Printed: wall time, peak RSS, and requests —
inventory (subscription list + Resource Graph pages) and detail reads separately, each per 100
resources.  The target is fewer than 1 inventory request per 100 resources.

    python bench/multicloud_scale.py                # 10,000 Azure resources
    python bench/multicloud_scale.py --azure 2000

A GCP part can sit beside it as ``bench_gcp(n)`` and be called from ``main``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUBSCRIPTIONS = [f"{i:08d}-0000-4000-8000-{i:012d}" for i in range(1, 11)]
# ARM type -> share per 100 resources (sums to 100).
MIX = {
    "microsoft.network/networkinterfaces": 14, "microsoft.compute/disks": 12, "microsoft.compute/virtualmachines": 14,
    "microsoft.compute/virtualmachines/extensions": 10, "microsoft.network/publicipaddresses": 8,
    "microsoft.network/networksecuritygroups": 8, "microsoft.network/networkwatchers/flowlogs": 4,
    "microsoft.storage/storageaccounts": 6, "microsoft.sql/servers": 2, "microsoft.sql/servers/databases": 4,
    "microsoft.keyvault/vaults": 3, "microsoft.web/sites": 4, "microsoft.containerservice/managedclusters": 2,
    "microsoft.insights/activitylogalerts": 1, "microsoft.dbforpostgresql/flexibleservers": 2,
    "microsoft.dbformysql/flexibleservers": 1, "microsoft.documentdb/databaseaccounts": 2,
    "microsoft.containerregistry/registries": 2, "microsoft.network/applicationgateways": 1,
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _retarget(doc: Any, old_id: str, new_id: str, old_sub: str, new_sub: str) -> Any:
    text = json.dumps(doc).replace(old_id, new_id).replace(old_sub, new_sub)
    return json.loads(text)


def azure_estate(n: int) -> dict[str, Any]:
    """``n`` Resource Graph rows (plus the documents their detail reads need), cloned from the test estate."""
    from tests.azure.conftest import SUB_A, SUB_X, load_estate

    base = load_estate()
    templates: dict[str, list[dict[str, Any]]] = {}
    for row in base["resources"]:
        if row["subscriptionId"] != SUB_X:
            templates.setdefault(row["type"], []).append(row)
    docs = {k.lower(): v for k, v in base["documents"].items()}
    rows: list[dict[str, Any]] = []
    documents: dict[str, Any] = {}
    counter = 0
    while len(rows) < n:
        for rtype, share in MIX.items():
            for _ in range(share):
                if len(rows) >= n:
                    break
                tpl = templates[rtype][counter % len(templates[rtype])]
                sub = SUBSCRIPTIONS[counter % len(SUBSCRIPTIONS)]
                old_name = tpl["id"].rsplit("/", 1)[1]
                new_name = f"{old_name}-{counter}"
                new_id = tpl["id"].rsplit("/", 1)[0].replace(tpl["subscriptionId"], sub) + "/" + new_name
                row = _retarget(tpl, tpl["id"], new_id, tpl["subscriptionId"], sub)
                row["name"] = new_name
                rows.append(row)
                for path, doc in docs.items():  # detail documents under the template's id
                    if path.startswith(tpl["id"].lower() + "/"):
                        documents[new_id + path[len(tpl["id"]):]] = _retarget(doc, tpl["id"], new_id, tpl["subscriptionId"], sub)
                counter += 1
    diag = base["documents"][f"/subscriptions/{SUB_A}/providers/Microsoft.Insights/diagnosticSettings"]
    for sub in SUBSCRIPTIONS:
        documents[f"/subscriptions/{sub}/providers/Microsoft.Insights/diagnosticSettings"] = diag
    security = [{**p, "id": p["id"].replace(p["subscriptionId"], sub), "subscriptionId": sub}
                for sub in SUBSCRIPTIONS for p in base["securityresources"]]
    subs = [{"id": f"/subscriptions/{s}", "subscriptionId": s, "displayName": f"bench-{i}", "state": "Enabled",
             "tenantId": base["tenantId"]} for i, s in enumerate(SUBSCRIPTIONS)]
    return {"tenantId": base["tenantId"], "subscriptions": subs, "forbidden": [], "resources": rows,
            "securityresources": security, "documents": documents}


def _serve(n: int, workdir: str, conn: Any) -> None:
    from tests.azure.standin import AzureStandIn

    standin = AzureStandIn(azure_estate(n), Path(workdir)).start()
    conn.send((standin.base_url, standin.ca_path, len(standin.estate["resources"])))
    conn.recv()  # wait until the scan is over
    conn.send(len(standin.requests))
    standin.stop()


def bench_azure(n: int = 10_000) -> dict[str, Any]:
    """Scan ``n`` Azure resources served by the stand-in; return the figures."""
    from agent.collectors.azure.clients import AzureClients
    from agent.engine.scan import run_scan
    from agent.settings.tenant import parse_settings
    from agent.store import Store
    from tests.azure.standin import StaticCredential

    workdir = tempfile.mkdtemp(prefix="ucs-bench-azure-")
    parent, child = mp.Pipe()
    server = mp.get_context("spawn").Process(target=_serve, args=(n, workdir, child), daemon=True)
    server.start()
    base_url, ca_path, served = parent.recv()
    settings = parse_settings(f"""
tenant: {{id: bench}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
menus: {{options: [multi-cloud]}}
providers:
  azure: {{discover_subscriptions: true, base_url: "{base_url}", ca_bundle: "{ca_path}", entra: false}}
""", "bench.yaml")
    store = Store(f"sqlite:///{workdir}/bench.sqlite")
    clients = AzureClients(StaticCredential(), base_url, ca_path)
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    before = clients.requests
    marks: dict[str, float] = {}

    def progress(message: str) -> None:  # phase boundaries: the collector's last line, the engine's line
        if message.startswith("azure:") and "requests" in message:
            marks["collected"] = time.perf_counter()
        elif message.startswith("evaluated"):
            marks["evaluated"] = time.perf_counter()

    outcome = run_scan(settings, store, collect_options={"azure": {"clients": clients}}, progress=progress)
    wall = time.perf_counter() - start
    parent.send("done")
    served_requests = parent.recv()
    server.join(timeout=10)
    store.close()
    total = clients.requests - before
    inventory_requests = clients.requests_by_kind.get("inventory", 0)
    detail = clients.requests_by_kind.get("detail", 0)
    return {
        "resources_served": served, "resources_collected": len(outcome.inventory), "findings": len(outcome.findings),
        "status": outcome.status, "wall_s": round(wall, 2),
        "collect_s": round(marks["collected"] - start, 2), "evaluate_s": round(marks["evaluated"] - marks["collected"], 2),
        "store_s": round(start + wall - marks["evaluated"], 2), "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_mb": round(rss_before, 1), "requests_total": total, "requests_seen_by_standin": served_requests,
        "inventory_requests": inventory_requests, "detail_requests": detail,
        "inventory_requests_per_100": round(100 * inventory_requests / max(1, served), 3),
        "detail_requests_per_100": round(100 * detail / max(1, served), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--azure", type=int, default=10_000, help="Azure resources to serve (default 10000)")
    args = parser.parse_args()
    figures = bench_azure(args.azure)
    print(f"Azure: {figures['resources_served']} resources over {len(SUBSCRIPTIONS)} subscriptions, scan {figures['status']}")
    print(f"  wall time            {figures['wall_s']:>9.2f} s   (collect {figures['collect_s']} s, "
          f"{figures['findings']} findings {figures['evaluate_s']} s, SQLite store {figures['store_s']} s)")
    print(f"  peak RSS             {figures['peak_rss_mb']:>9.1f} MB  (before the scan: {figures['rss_before_mb']} MB)")
    print(f"  HTTP requests        {figures['requests_total']:>9d}     (stand-in saw {figures['requests_seen_by_standin']})")
    print(f"    inventory          {figures['inventory_requests']:>9d}     = {figures['inventory_requests_per_100']} per 100 resources (target < 1)")
    print(f"    detail reads       {figures['detail_requests']:>9d}     = {figures['detail_requests_per_100']} per 100 resources")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
