"""Product findings intake: Security Hub (moto) and GuardDuty (the stand-in) → normalise → join →
dedup → store, streamed page by page.

    python bench/products_ingest.py [--securityhub 100000] [--guardduty 20000] [--changed 0.01]

The emulators run in a child process (their memory and CPU are not the ingest's).  moto's
BatchImportFindings looks every id up in a list (quadratic), so the child seeds moto's Security
Hub backend directly with the same ASFF documents; reads go through boto3 over HTTP as always.
A second, incremental read follows after ``--changed`` of each product's findings changed (some
archived).  moto's GetFindings ignores Filters, so against moto the incremental read still pages
through every finding and keeps only the changed ones (a real Security Hub answers only those);
the GuardDuty stand-in evaluates the updatedAt criterion like the service.

Prints findings/s, API calls, peak RSS of the ingesting process, and the incremental read.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ACCOUNT, REGION, DET = "123456789012", "us-east-1", "bench0detector"
T0 = "2026-11-01T00:00:00Z"


def asff(i: int, updated: str = T0, record: str = "ACTIVE") -> dict[str, Any]:
    control = f"EC2.{i % 40 + 1}"
    return {"SchemaVersion": "2018-10-08", "Id": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:finding/{i:08d}",
            "ProductName": "Security Hub", "ProductArn": f"arn:aws:securityhub:{REGION}::product/aws/securityhub",
            "GeneratorId": f"security-control/{control}", "AwsAccountId": ACCOUNT, "Region": REGION,
            "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
            "CreatedAt": T0, "UpdatedAt": updated, "Severity": {"Label": ["LOW", "MEDIUM", "HIGH"][i % 3]},
            "Title": f"{control} control failed", "Description": "bench",
            "Resources": [{"Type": "AwsEc2SecurityGroup", "Region": REGION,
                           "Id": f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/sg-{i:08x}"}],
            "Compliance": {"Status": "FAILED", "SecurityControlId": control}, "RecordState": record,
            "Workflow": {"Status": "NEW"}}


def emulators(n_sh: int, n_gd: int, changed: float, conn: Any) -> None:
    """Child: moto (seeded directly) and the GuardDuty stand-in; mutates on request."""
    import logging

    from moto.securityhub.models import Finding, securityhub_backends
    from moto.server import ThreadedMotoServer

    from tests.products.aws_standin import AwsProductsStandIn, Estate, guardduty_finding

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    backend = securityhub_backends[ACCOUNT][REGION]
    backend.findings.extend(Finding(d["Id"], d) for d in (asff(i) for i in range(n_sh)))
    gd = [guardduty_finding(ACCOUNT, REGION, DET, f"g{i:07d}", f"Recon:EC2/Type{i % 25}", 1.0 + i % 9, T0,
                            instance=f"i-{i:08x}") for i in range(n_gd)]
    standin = AwsProductsStandIn(Estate(detectors={DET: gd})).start()
    conn.send((f"http://{host}:{port}", standin.url))
    conn.recv()  # "mutate"
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    step = max(1, int(1 / changed)) if changed else 0
    for i in range(0, n_sh, step or n_sh + 1):
        backend.findings[i].data.update(UpdatedAt=now, RecordState="ARCHIVED" if i % (2 * step) == 0 else "ACTIVE")
    for i in range(0, n_gd, step or n_gd + 1):
        gd[i].update(updatedAt=now, service={**gd[i]["service"], "archived": i % (2 * step) == 0})
    conn.send("ok")
    conn.recv()  # "stop"
    standin.stop()
    server.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--securityhub", type=int, default=100_000)
    ap.add_argument("--guardduty", type=int, default=20_000)
    ap.add_argument("--changed", type=float, default=0.01)
    args = ap.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION=REGION)

    parent, child = mp.Pipe()
    proc = mp.get_context("fork").Process(target=emulators, args=(args.securityhub, args.guardduty, args.changed, child))
    t = time.perf_counter()
    proc.start()
    moto_url, standin_url = parent.recv()
    print(f"seeded {args.securityhub:,} Security Hub + {args.guardduty:,} GuardDuty findings in "
          f"{time.perf_counter() - t:.1f} s (emulator process)")

    from agent.products.ingest import Clients, Ingest
    from agent.settings.tenant import parse_settings
    from agent.store import Store
    from tests.products.test_aws_ingest import Routed

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite")
        settings = parse_settings(f"""
tenant: {{id: bench}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
providers: {{aws: {{accounts: [{{id: "{ACCOUNT}", regions: [{REGION}]}}]}}}}
products: {{licensed: [securityhub, guardduty]}}
""", "bench.yaml")
        factory = Routed(moto_url, standin_url)
        ingest = Ingest(settings, store, Clients(aws={ACCOUNT: factory}))
        in_store = [0.0]  # seconds inside the store's writes (the rest: API calls, parsing, joining)
        record = store.record_product_findings

        def timed(*a: Any, **kw: Any) -> Any:
            t1 = time.perf_counter()
            try:
                return record(*a, **kw)
            finally:
                in_store[0] += time.perf_counter() - t1

        store.record_product_findings = timed  # type: ignore[method-assign]

        def run(label: str) -> None:
            calls0, t0, s0 = factory.calls + factory.other.calls, time.perf_counter(), in_store[0]
            report = ingest.run()
            secs = time.perf_counter() - t0
            calls = factory.calls + factory.other.calls - calls0
            by = report.by_source()
            total = sum(s["stored"] for s in by.values())
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{label}: {total:,} findings stored in {secs:.1f} s = {total / secs:,.0f} findings/s; "
                  f"{calls:,} API calls; peak RSS {rss:.0f} MB; {in_store[0] - s0:.1f} s of it in the store")
            for source, s in by.items():
                print(f"  {source:12} read {s['read']:>7,}  stored {s['stored']:>7,}  changes {s['transitions']:>7,}  "
                      f"gaps {s['gaps']}")

        run("first (full) read")
        parent.send("mutate")
        parent.recv()
        sh_pages = factory.calls
        run("second (incremental) read")
        print(f"  (moto ignores GetFindings Filters: the incremental read paged through every finding, "
              f"{factory.calls - sh_pages:,} Security Hub calls, and kept only the changed ones)")
        store.close()
    parent.send("stop")
    proc.join(timeout=30)


if __name__ == "__main__":
    main()
