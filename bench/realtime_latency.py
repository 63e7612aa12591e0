"""Event-driven re-assessment: latency from a change event to its recorded finding, and what it costs.

A daemon with default realtime settings (settle 10 s, job every 2 s) runs against moto in a
process of its own; 1,000 change events over 200 buckets (a few buckets changed often, most
rarely, like a real account) are fed through the intake over ``--spread`` seconds, as
CloudTrail records stamped with the time they are fed.  Printed: p50 / p95 event-to-finding
latency (from the earliest event a re-assessment answers), re-collections made vs events, API
calls per event, and a scheduled scan's duration alone and while the changes are re-assessed.

    python bench/realtime_latency.py [--events 1000] [--resources 200] [--spread 30]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import boto3
import yaml

from bench.moto_harness import start_moto

ACCOUNT = "123456789012"


def change(bucket: str, i: int) -> dict:
    return {"eventVersion": "1.09", "eventTime": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "eventSource": "s3.amazonaws.com", "eventName": "PutBucketAcl", "awsRegion": "us-east-1",
            "recipientAccountId": ACCOUNT, "eventID": f"bench-{i}",
            "userIdentity": {"type": "IAMUser", "arn": f"arn:aws:iam::{ACCOUNT}:user/ops", "accountId": ACCOUNT},
            "requestParameters": {"bucketName": bucket, "acl": ""}, "readOnly": False}


def config(tmp: Path, url: str) -> Path:
    cfg = {"tenant": {"id": "bench-rt", "name": "bench"},
           "licence": {"product": "UCS Cloud Security", "expires": (datetime.now(UTC) + timedelta(days=30)).date().isoformat()},
           "menus": {"options": ["threat-detection"]},
           "providers": {"aws": {"accounts": [{"id": ACCOUNT, "regions": ["us-east-1"], "endpoint_url": url,
                                               "credentials": {"env": True}, "services": ["s3"]}]}},
           "storage": {"url": f"sqlite:///{tmp / 'store.sqlite'}"},
           "intake": {"http": {"enabled": True, "port": 0}},
           "daemon": {"scan": {"interval_seconds": 86400}, "health": {"enabled": False}, "stop_grace_seconds": 5}}
    p = tmp / "tenant.yaml"
    p.write_text(yaml.safe_dump(cfg))
    return p


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--resources", type=int, default=200)
    ap.add_argument("--spread", type=float, default=30.0)
    args = ap.parse_args()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
           "UCS_INTAKE_TOKEN": "bench-token-123456"}
    os.environ.update({k: env[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION",
                                           "UCS_INTAKE_TOKEN")})
    proc, url = start_moto(env)
    try:
        run(url, args)
    finally:
        proc.kill()


def run(url: str, args: argparse.Namespace) -> None:
    from sqlalchemy import func, select

    from agent.daemon.service import Daemon
    from agent.store.realtime import RealtimeLog
    from agent.store.tables import realtime_assessments as t

    s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1")
    buckets = [f"rt-bench-{i:04d}" for i in range(args.resources)]
    for b in buckets:
        s3.create_bucket(Bucket=b)
    with tempfile.TemporaryDirectory() as tmp:
        d = Daemon(str(config(Path(tmp), url))).start()
        try:
            t0 = time.monotonic()
            d.run("scan", f"aws:{ACCOUNT}")
            scan_alone = time.monotonic() - t0
            rng = random.Random(7)
            # 20 % of the buckets get 80 % of the changes.
            hot = buckets[: max(1, len(buckets) // 5)]
            stream = [rng.choice(hot) if rng.random() < 0.8 else rng.choice(buckets) for _ in range(args.events)]
            scan_during: list[float] = []

            def concurrent_scan() -> None:
                time.sleep(args.spread / 3)
                s = time.monotonic()
                d.run("scan", f"aws:{ACCOUNT}")
                scan_during.append(time.monotonic() - s)

            scanner = threading.Thread(target=concurrent_scan)
            scanner.start()
            start = time.monotonic()
            batch = max(1, args.events // max(1, int(args.spread)))  # about one take per second
            calls_before = 0
            for i in range(0, len(stream), batch):
                d.intake.take_records("bench", [change(b, i + j) for j, b in enumerate(stream[i:i + batch])])
                time.sleep(max(0.0, start + (i + batch) * args.spread / len(stream) - time.monotonic()))
            # Wait for the queue to drain (settle delay plus the realtime job's period).
            deadline = time.monotonic() + 120
            while (len(d.realtime.queue) or d.active()) and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(3)
            scanner.join()
            summary = RealtimeLog(d.store.engine).summary(d.tenant)
            with d.store.engine.connect() as conn:
                calls = conn.execute(select(func.sum(t.c.api_calls)).where(t.c.tenant == d.tenant)).scalar() or 0
        finally:
            d.stop()
    print(f"realtime re-assessment, default settings (settle {d.settings.realtime.settle_seconds:g} s, "
          f"job every 2 s), moto in its own process:")
    print(f"  change events fed          {args.events} over {args.resources} buckets in {args.spread:g} s")
    print(f"  re-collections made        {summary.recollections} ({summary.saved_by_coalescing} saved by coalescing; "
          f"outcomes {summary.by_outcome})")
    print(f"  latency event -> finding   p50 {summary.latency_p50:.1f} s, p95 {summary.latency_p95:.1f} s "
          "(from the earliest event each re-assessment answers)")
    print(f"  API calls                  {calls - calls_before} in all, {(calls - calls_before) / args.events:.2f} per event, "
          f"{(calls - calls_before) / max(1, summary.recollections):.1f} per re-collection")
    print(f"  scheduled scan ({args.resources} buckets)  alone {scan_alone:.1f} s, during the changes "
          f"{scan_during[0] if scan_during else float('nan'):.1f} s")


if __name__ == "__main__":
    main()
