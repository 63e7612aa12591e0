"""Compliance evaluation at scale: every framework on one scan of a synthetic estate.

Builds finding rows for every non-threat check on N resources per check type, across A accounts
of each provider (AWS, Azure, GCP, Kubernetes), with coverage of every (provider, account, region,
type), then evaluates all framework files (score per framework, provider and account) and prints
wall time per framework and in total, and the rows evaluated.

    python bench/compliance_eval.py [--resources 20] [--accounts 5] [--regions 4]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import checks as registry  # noqa: E402
from agent.posture.compliance import evaluate  # noqa: E402
from agent.posture.frameworks import available_frameworks  # noqa: E402

PROVIDER = {"aws": "aws", "azure": "azure", "gcp": "gcp", "k8s": "kubernetes"}


def estate(resources: int, accounts: int, regions: int) -> tuple[list[dict], list[dict]]:
    rows, coverage = [], []
    checks = [c for c in registry.all_checks() if c.meta.provider in PROVIDER]
    for prov in sorted({PROVIDER[c.meta.provider] for c in checks}):
        types = sorted({t for c in checks if PROVIDER[c.meta.provider] == prov for t in c.meta.resource_types})
        for a in range(accounts):
            for r in range(regions):
                coverage += [{"provider": prov, "account": f"{prov}-{a}", "region": f"r{r}", "resource_type": t,
                              "ok": not (a == 0 and r == 0 and i % 10 == 0), "error": "AccessDenied", "count": 0}
                             for i, t in enumerate(types)]
    for c in checks:
        for a in range(accounts):
            for i in range(resources):
                rows.append({"check_id": c.id, "status": ("FAIL", "PASS", "PASS", "ERROR", "MUTED")[i % 5],
                             "provider": PROVIDER[c.meta.provider], "account": f"{PROVIDER[c.meta.provider]}-{a}",
                             "region": f"r{i % regions}", "resource_id": f"{c.id}/{a}/{i}", "resource_name": f"res-{i}",
                             "detail": "d", "first_seen": None, "last_seen": None, "mute_reason": None,
                             "mute_expires": None})
    return rows, coverage


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", type=int, default=20, help="results per check and account")
    ap.add_argument("--accounts", type=int, default=5, help="accounts per provider")
    ap.add_argument("--regions", type=int, default=4)
    args = ap.parse_args()
    rows, coverage = estate(args.resources, args.accounts, args.regions)
    print(f"{len(rows):,} result rows, {len(coverage):,} coverage entries")
    total = time.perf_counter()
    for fw in available_frameworks():
        t = time.perf_counter()
        r = evaluate(fw, 1, rows, coverage)
        print(f"  {fw:24} {time.perf_counter() - t:6.2f} s  score {r.score}  "
              f"providers {len(r.by_provider)}  accounts {len(r.by_account)}")
    print(f"all frameworks: {time.perf_counter() - total:.2f} s")


if __name__ == "__main__":
    main()
