"""Threat-rule throughput with the whole pack loaded: events/s through parse → normalise →
rules (Python + Sigma, indexed; correlations with store-kept windows) → pseudonymise → store, on
one core, for a quiet stream (1 % of events match a rule) and a noisy one (20 %), and resident
memory over a long run read in takes of ``--chunk`` events.

    python bench/threat_rules.py [--events 200000] [--long 2000000] [--chunk 50000]

The benign events are varied (Describe/List/Get calls, role sessions, Kubernetes reads, Azure and
GCP reads) so the index is exercised as with real logs; the matching ones are the pack's own
"fail" fixtures.  Prints figures; asserts nothing (speed is shown, not tested).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import checks
from agent.events.intake import Intake
from agent.settings.tenant import Settings
from agent.store import Store
from agent.store import threats as tables
from agent.threats import detect

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "checks" / "fixtures"
BENIGN_CT = [("ec2", n) for n in ("DescribeInstances", "DescribeVolumes", "DescribeSecurityGroups", "DescribeSubnets")] + [
    ("s3", "ListBuckets"), ("s3", "GetBucketLocation"), ("sts", "AssumeRole"), ("kms", "Decrypt"), ("kms", "GenerateDataKey"),
    ("lambda", "Invoke"), ("dynamodb", "DescribeTable"), ("logs", "PutLogEvents"), ("cloudwatch", "GetMetricData"),
    ("iam", "GetRole"), ("sqs", "ReceiveMessage"), ("ecr", "GetAuthorizationToken")]


def _fixtures() -> tuple[list[dict], list[dict]]:
    hits, quiet = [], []
    for c in checks.all_checks():
        if c.meta.kind != "threat" or c.needs_inventory:
            continue
        doc = json.loads((FIXTURES / f"{c.id}.json").read_text())
        hits += [r["data"] for r in doc["fail"]]
        quiet += [r["data"] for r in doc["pass"]]
    return hits, quiet


def _benign(i: int, template: dict) -> dict:
    svc, name = BENIGN_CT[i % len(BENIGN_CT)]
    r = dict(template)
    r.update(eventSource=f"{svc}.amazonaws.com", eventName=name, readOnly=True, requestParameters={"n": i % 97},
             responseElements=None, eventID=str(uuid.UUID(int=i)))
    r.pop("errorCode", None)
    return r


def stream(n: int, match_percent: int, seed: int = 7) -> bytes:
    """``n`` events as JSON lines: ``match_percent`` % from the pack's fail fixtures, the rest benign."""
    rnd = random.Random(seed)
    hits, quiet = _fixtures()
    ct_template = next(q for q in quiet if "eventName" in q)
    lines = []
    for i in range(n):
        if rnd.randrange(100) < match_percent:
            r = dict(hits[i % len(hits)])
        elif i % 5 == 0:
            r = dict(quiet[i % len(quiet)])  # "pass" fixtures: near misses of each rule
        else:
            r = _benign(i, ct_template)
        for k in ("eventID", "auditID", "insertId", "correlationId"):
            if k in r:
                r[k] = str(uuid.UUID(int=i))
        lines.append(json.dumps(r))
    return ("\n".join(lines) + "\n").encode()


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _tenant(tmp: str) -> tuple[Store, Settings]:
    os.environ["UCS_BENCH_PSEUDONYM_KEY"] = "bench-key"
    url = f"sqlite:///{tmp}/bench.sqlite"
    settings = Settings.model_validate({
        "tenant": {"id": "bench"}, "licence": {"product": "UCS Cloud Security", "expires": "2099-01-01"},
        "menus": {"options": ["threat-detection"]}, "storage": {"url": url},
        "threats": {"pseudonym_key_env": "UCS_BENCH_PSEUDONYM_KEY"}})
    store = Store(url)
    detect.bind("bench", store, settings)
    return store, settings


def run(n: int, match_percent: int, chunk: int) -> None:
    data = stream(min(n, chunk), match_percent)
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = _tenant(tmp)
        intake = Intake("bench", None, None)
        intake.take_bytes("warm-up", data[: data.index(b"\n", 200_000) + 1], "warm-up")  # build the index once
        done, dt, cpu = 0, 0.0, 0.0
        while done < n:
            t0, c0 = time.perf_counter(), time.process_time()
            intake.take_bytes("bench", data, f"bench-{done}")  # parse + normalise + rules + pseudonymise + store
            dt += time.perf_counter() - t0
            cpu += time.process_time() - c0
            done += min(n, chunk)
        found = [f for f in store.findings("bench") if f.kind == "threat"]
        total = sum(tables.counts(store.engine, "bench").values())
        detect.unbind("bench")
        store.close()
    # CPU time as well as wall time: the machine is shared, and one core's worth is the figure
    print(f"{match_percent:>3}% match  {done:>9,} events  {done / dt:>9,.0f} events/s wall  {done / cpu:>9,.0f} per CPU-s  "
          f"{len(found)} findings, {total:,} occurrences")


def long_run(n: int, chunk: int) -> None:
    """Resident memory over ``n`` events (rule windows and baselines kept in the store, nothing
    kept per event): RSS after the warm-up (start), at every tenth of the run, in the middle and
    at the end."""
    data = stream(chunk, 1, seed=11)
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = _tenant(tmp)
        intake = Intake("bench", None, None)
        intake.take_bytes("warm-up", data, "warm-up")
        start = _rss_mb()
        done, marks, middle = 0, [], start
        step = max(chunk, n // 10 // chunk * chunk)
        t0, c0 = time.perf_counter(), time.process_time()
        while done < n:
            intake.take_bytes("bench", data, f"long-{done}")
            done += chunk
            if done % step == 0 or done >= n:
                marks.append((done, _rss_mb()))
            if done == n // 2 // chunk * chunk:
                middle = _rss_mb()
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        detect.unbind("bench")
        store.close()
    print(f"long run   {done:>9,} events  {done / dt:>9,.0f} events/s wall  {done / cpu:>9,.0f} per CPU-s")
    print(f"           RSS MB start {start:.0f}, middle ({n // 2 // chunk * chunk // 1000:,}k) {middle:.0f}, end {marks[-1][1]:.0f}")
    print("           RSS MB at " + ", ".join(f"{d // 1000:,}k:{m:.0f}" for d, m in marks))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--long", type=int, default=0, help="events for the memory run (0: skip)")
    ap.add_argument("--chunk", type=int, default=50_000)
    a = ap.parse_args()
    rules = [c for c in checks.all_checks() if c.meta.kind == "threat"]
    print(f"threat rules loaded: {len(rules)}")
    run(a.events, 1, a.chunk)
    run(a.events, 20, a.chunk)
    if a.long:
        long_run(a.long, a.chunk)


if __name__ == "__main__":
    main()
