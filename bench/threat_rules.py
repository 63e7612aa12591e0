"""Threat-rule throughput: events/s through normalise → 17 threat rules → pseudonymise → store,
on one core, for a quiet stream (1 % of events match) and a noisy one (every event matches; one
finding per rule and target, so the store sees few rows however many events).

    python bench/threat_rules.py [--events 100000]

Prints figures; asserts nothing (speed is shown, not tested).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.events.intake import Intake
from agent.settings.tenant import Settings
from agent.store import Store
from agent.store import threats as tables
from agent.threats import detect

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "checks" / "fixtures"


def sample(rule: str, which: str) -> dict:
    return json.loads((FIXTURES / f"{rule}.json").read_text())[which][0]["data"]


def stream(n: int, match_every: int) -> list[dict]:
    quiet = sample("threat.cloudtrail.root_account_used", "pass")
    hits = [sample("threat.cloudtrail.trail_logging_stopped", "fail"), sample("threat.k8s_audit.pod_exec", "fail"),
            sample("threat.cloudtrail.admin_port_opened_to_world", "fail")]
    out = []
    for i in range(n):
        r = copy.deepcopy(hits[i % len(hits)] if i % match_every == 0 else quiet)
        r["eventID" if "eventID" in r else "auditID"] = str(uuid.UUID(int=i))
        out.append(r)
    return out


def run(n: int, match_every: int, label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["UCS_BENCH_PSEUDONYM_KEY"] = "bench-key"
        url = f"sqlite:///{tmp}/bench.sqlite"
        settings = Settings.model_validate({
            "tenant": {"id": "bench"}, "licence": {"product": "UCS Cloud Security", "expires": "2099-01-01"},
            "menus": {"options": ["threat-detection"]}, "storage": {"url": url},
            "threats": {"pseudonym_key_env": "UCS_BENCH_PSEUDONYM_KEY"}})
        store = Store(url)
        detect.bind("bench", store, settings)
        records = stream(n, match_every)
        t0 = time.perf_counter()
        Intake("bench", None, None).take_records("bench", records)
        dt = time.perf_counter() - t0
        found = [f for f in store.findings("bench") if f.kind == "threat"]
        total = sum(tables.counts(store.engine, "bench").values())
        detect.unbind("bench")
        store.close()
    print(f"{label:28} {n:>8} events  {n / dt:>10,.0f} events/s  {len(found)} findings, {total} occurrences")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    a = ap.parse_args()
    run(a.events, 100, "quiet (1% match)")
    run(a.events, 1, "noisy (every event matches)")


if __name__ == "__main__":
    main()
