"""Benchmark: plan, approve and apply fixes for N failing buckets on moto's server.

Phases: N findings stored → dry-run planning (one live read per plan) → switch to approval
(supersedes the dry-run plans) → approve all → apply all within max_changes_per_run (claim,
drift re-read, the change, verification, resolving the finding) → roll back all.  The moto
server runs on the same cores, so compare phases of one run, not absolute seconds.

    python bench/remediation_runs.py [--buckets 200] [--store sqlite|URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")

from agent.collectors.aws.context import ClientFactory  # noqa: E402
from agent.core.model import Coverage, Finding, Resource, Severity, Status  # noqa: E402
from agent.settings.tenant import Settings  # noqa: E402
from agent.store import Store  # noqa: E402
from remediation.context import RemediationContext  # noqa: E402
from remediation.registry import all_remediators  # noqa: E402
from remediation.runner import Runner  # noqa: E402

ACCOUNT = "123456789012"
CHECK = "aws.s3.block_public_access"


def settings(mode: str, n: int) -> Settings:
    return Settings.model_validate({
        "tenant": {"id": "bench"},
        "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=1)).isoformat()},
        "menus": {"options": ["remediation"]},
        "remediation": {"mode": mode, "max_changes_per_run": n},
    })


def phase(name: str, n: int, func):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = func()
    dt = time.perf_counter() - t0
    print(f"{name:<34} {dt:7.2f} s   {n / dt:8.1f} /s")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--buckets", type=int, default=200)
    ap.add_argument("--store", default="sqlite")
    args = ap.parse_args()
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's per-request access log
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    factory = ClientFactory(endpoint_url=f"http://{host}:{port}", default_region="us-east-1")
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite" if args.store == "sqlite" else args.store
    store = Store(url)
    n = args.buckets
    s3 = factory.client("s3")
    found = []
    for i in range(n):
        name = f"ucs-bench-{i:05d}"
        s3.create_bucket(Bucket=name)
        r = Resource("aws", ACCOUNT, "us-east-1", "aws.s3.bucket", f"arn:aws:s3:::{name}", name, {}, {"Name": name})
        found.append(Finding(CHECK, r, Status.FAIL, Severity.HIGH, "bench"))
    cov = Coverage()
    cov.add("aws", ACCOUNT, "us-east-1", "aws.s3.bucket", n)
    store.record_scan(store.begin_scan("bench"), "bench", found, cov, {CHECK}, [f.resource for f in found])
    catalogue = all_remediators()

    def runner(mode: str) -> Runner:
        st = settings(mode, n)
        ctx = RemediationContext(st.remediation, aws={ACCOUNT: factory})
        return Runner(st, store, ctx, actor="bench", catalogue=catalogue)

    calls_before = factory.calls
    dry = phase(f"plan {n} (dry-run)", n, lambda: runner("dry-run").propose())
    print(f"  API calls while planning: {factory.calls - calls_before} (reads only)")
    approval = runner("approval")
    plans = phase(f"re-plan {n} (approval)", n, approval.propose)
    phase(f"approve {n}", n, lambda: [approval.approve(p.id) for p in plans])
    calls_before = factory.calls
    outcomes = phase(f"apply + verify + resolve {n}", n, approval.apply_approved)
    print(f"  API calls while applying: {factory.calls - calls_before} ({(factory.calls - calls_before) / n:.1f} per plan)")
    phase(f"rollback {n}", n, lambda: [approval.rollback(o.plan_id) for o in outcomes])
    statuses = {o.status for o in outcomes}
    print(f"dry-run plans {len(dry)}, verified {sum(o.status == 'verified' for o in outcomes)}, statuses {statuses}")
    store.close()
    server.stop()


if __name__ == "__main__":
    main()
