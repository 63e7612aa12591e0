#!/usr/bin/env python3
"""Plan and HTML report at scale: 50,000 findings and 200,000 vulnerability rows (issue 9).

Seeds a SQLite store directly (the scan path is measured by scan_scale.py), then times
building the improvement plan and writing the HTML report, and prints the report's size and
the process's peak RSS.  Targets: report < 10 MB; the browser stays responsive because findings
are aggregated per check and only the worst 500 are embedded.

    python bench/report_scale.py [--findings 50000] [--vulns 200000]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.core.model import Coverage, Finding, Resource, Severity, Status  # noqa: E402
from agent.posture.plan import plan_for_tenant  # noqa: E402
from agent.report.html import write_html  # noqa: E402
from agent.settings.tenant import Settings  # noqa: E402
from agent.store import Store  # noqa: E402
from agent.vulns import store as vstore  # noqa: E402
from agent.vulns.model import make  # noqa: E402

CHECKS = ["aws.s3.block_public_access", "aws.ec2.sg_no_ssh_from_internet", "aws.ec2.ebs_volume_encrypted",
          "aws.iam.user_mfa_enabled", "aws.rds.storage_encrypted", "k8s.pod.no_privileged"]


def seed(store: Store, tenant: str, n_findings: int, n_vulns: int) -> None:
    rnd = random.Random(7)
    cov = Coverage()
    results = []
    images = [f"registry.example.com/team{i % 40}/svc{i}" for i in range(400)]
    resources = []
    for i in range(n_findings):
        cid = CHECKS[i % len(CHECKS)]
        acct = f"{100000000000 + i % 12}"
        if cid.startswith("k8s"):
            img = images[i % len(images)]
            data = {"kind": "Deployment", "metadata": {"name": f"w{i}", "namespace": "ns"},
                    "spec": {"template": {"metadata": {"labels": {"app": f"w{i}"}},
                                          "spec": {"containers": [{"name": "c", "image": img + ":1"}]}}}}
            r = Resource("kubernetes", "cluster", "ns", "k8s.deployment", f"cluster/ns/deployment/w{i}", f"w{i}", data=data)
        else:
            r = Resource("aws", acct, "eu-west-1", cid.rsplit(".", 1)[0].replace("aws.", "aws.") + ".thing",
                         f"arn:aws:x:::{cid}/{i}", f"res-{i}")
        resources.append(r)
        status = Status.FAIL if rnd.random() < 0.6 else Status.PASS
        results.append(Finding(cid, r, status, Severity(rnd.randint(1, 4)), "detail"))
    for r in resources:
        cov.add(r.provider, r.account, r.region, r.type)
    sid = store.begin_scan(tenant)
    store.record_scan(sid, tenant, results, cov, set(CHECKS), resources)
    vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    per_image = n_vulns // len(images)
    for k, img in enumerate(images):
        group = [make(f"CVE-2024-{k:03d}{j:04d}", f"pkg{j % 50}", "1.0", "1.1" if j % 3 else None,
                      ["LOW", "MEDIUM", "HIGH", "CRITICAL"][j % 4], "trivy", vector if j % 5 == 0 else None,
                      image=img + ":1", image_digest=None) for j in range(per_image)]
        vstore.save(store, tenant, group)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--findings", type=int, default=50_000)
    ap.add_argument("--vulns", type=int, default=200_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite")
        t0 = time.perf_counter()
        seed(store, "bench", args.findings, args.vulns)
        seeded = time.perf_counter() - t0
        t0 = time.perf_counter()
        actions = plan_for_tenant(store, "bench")
        plan_s = time.perf_counter() - t0
        settings = Settings.model_validate({"tenant": {"id": "bench", "timezone": "Asia/Tokyo"},
                                            "licence": {"product": "UCS Cloud Security", "expires": "2099-01-01"}})
        t0 = time.perf_counter()
        path = write_html(store, settings, tmp, "bench", "ja")
        report_s = time.perf_counter() - t0
        size = path.stat().st_size
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"findings {args.findings:,} · vulnerability rows {args.vulns:,} (seeded in {seeded:.1f} s)")
    print(f"plan:   {plan_s:6.2f} s, {len(actions)} actions")
    print(f"report: {report_s:6.2f} s, {size / 1e6:.2f} MB (target < 10 MB)")
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
