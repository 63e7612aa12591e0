#!/usr/bin/env python3
"""Fleet mode at scale: one organisation's accounts collected in process vs by 1, 2 and 4 workers.

moto runs in a process of its own with ``--accounts`` accounts (the first, then members reached by
AssumeRole) holding ≈``--size`` SQS queues, SNS topics and IAM roles in all.  The same tenant is
scanned embedded (accounts one after another, 8 threads each) and with ``--engine celery`` over a
private redis-server and 1, 2, 4 ``ucs worker`` processes (2 threads each).  Printed per run: wall
time, shards per second, the overhead per shard (the publisher's round trip minus the worker's
collection time: serialisation and broker hops) and each worker's peak RSS.  Then the scheduler
side: ``--tenants`` small tenants' shards published at once to 4 workers, and the time until every
tenant's first shard has started.

    python bench/fleet_scale.py [--accounts 20] [--size 3000] [--tenants 500]

moto and every worker share this machine's cores: on 2 cores the emulator, not the fleet, is the
limit.  Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.moto_harness import start_moto  # noqa: E402

REGION = "us-east-1"
ENV = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": REGION,
       "PYTHONPATH": str(ROOT)}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(url: str, accounts: int, size: int) -> list[str]:
    import boto3

    ids = ["123456789012"] + [f"{100000000000 + i:012d}" for i in range(1, accounts)]
    sts = boto3.client("sts", endpoint_url=url, region_name=REGION)
    per = max(1, size // accounts)

    def one(acct: str) -> None:
        kw: dict[str, Any] = {}
        if acct != ids[0]:
            c = sts.assume_role(RoleArn=f"arn:aws:iam::{acct}:role/UCSAuditRole", RoleSessionName="seed")["Credentials"]
            kw = {"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"],
                  "aws_session_token": c["SessionToken"]}
        sqs = boto3.client("sqs", endpoint_url=url, region_name=REGION, **kw)
        sns = boto3.client("sns", endpoint_url=url, region_name=REGION, **kw)
        for i in range(per):
            for attempt in range(5):
                try:
                    if i % 2:
                        sqs.create_queue(QueueName=f"q-{i}", Attributes={"SqsManagedSseEnabled": str(i % 4 == 1).lower()})
                    else:
                        sns.create_topic(Name=f"t-{i}")
                    break
                except Exception:  # moto answers 500 under concurrent writes
                    time.sleep(0.1 * (attempt + 1))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, ids))
    return ids


def tenant(tid: str, url: str, broker: str, store: str, accounts: list[str]) -> dict[str, Any]:
    return {"tenant": {"id": tid, "name": tid},
            "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=30)).isoformat()},
            "providers": {"aws": {"accounts": [
                {"id": a, "regions": [REGION], "endpoint_url": url, "services": ["sqs", "sns"],
                 "credentials": {"env": True} if a == accounts[0] else
                 {"env": True, "assume_role": {"role_arn": f"arn:aws:iam::{a}:role/UCSAuditRole"}}} for a in accounts]}},
            "storage": {"url": store}, "scan": {"deadline_seconds": 3600},
            "engine": {"kind": "celery", "broker_url": broker, "max_in_flight": 64}}


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_workers(n: int, config_dir: Path, concurrency: int = 2) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, "-m", "agent", "worker", "--config-dir", str(config_dir),
                              "--concurrency", str(concurrency)], env=ENV, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(n)]


def wait_ready(app: Any, n: int) -> None:
    deadline = time.monotonic() + 120
    while len(app.control.ping(timeout=0.5) or []) < n:
        if time.monotonic() > deadline:
            raise SystemExit("workers did not start")


def stop(procs: list[subprocess.Popen[bytes]]) -> list[float]:
    rss = [peak_rss_mb(p.pid) for p in procs]
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=30)
    return rss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=20)
    ap.add_argument("--size", type=int, default=3000)
    ap.add_argument("--tenants", type=int, default=500)
    args = ap.parse_args()
    os.environ.update({k: ENV[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")})
    moto, url = start_moto(ENV)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--dir", tmp], stdout=subprocess.DEVNULL)
        broker = f"redis://127.0.0.1:{port}/0"
        try:
            run(Path(tmp), url, broker, args)
        finally:
            redis.kill()
            moto.kill()


def run(tmp: Path, url: str, broker: str, args: argparse.Namespace) -> None:
    from agent.engine.scan import run_scan
    from agent.fleet import dispatch
    from agent.fleet.app import make_app
    from agent.settings.tenant import load_settings
    from agent.store import Store

    t0 = time.monotonic()
    accounts = seed(url, args.accounts, args.size)
    print(f"seeded {len(accounts)} accounts, ≈{args.size} resources, in {time.monotonic() - t0:.0f} s")
    conf = tmp / "configs"
    conf.mkdir()
    path = conf / "bench-org.yaml"
    path.write_text(yaml.safe_dump(tenant("bench-org", url, broker, f"sqlite:///{tmp / 'org.sqlite'}", accounts)))
    settings = load_settings(str(path))
    app = make_app(broker)
    t0 = time.monotonic()
    embedded = run_scan(settings, Store(f"sqlite:///{tmp / 'embedded.sqlite'}"), engine="embedded")
    base = time.monotonic() - t0
    print(f"{'mode':14} {'wall':>8} {'shards/s':>9} {'overhead/shard':>15} {'worker peak RSS':>16}  findings")
    print(f"{'embedded':14} {base:7.1f}s {len(accounts) / base:9.2f} {'-':>15} {'-':>16}  {len(embedded.findings)}")
    for n in (1, 2, 4):
        procs = start_workers(n, conf)
        wait_ready(app, n)
        fleet = dispatch.FleetRun()
        original = dispatch.collect_distributed

        def traced(*a: Any, fleet: Any = fleet, original: Any = original, **kw: Any) -> Any:
            kw["run"] = fleet
            return original(*a, **kw)

        dispatch.collect_distributed = traced  # type: ignore[assignment]
        try:
            t0 = time.monotonic()
            outcome = run_scan(settings, Store(f"sqlite:///{tmp / f'fleet{n}.sqlite'}"), engine="celery")
            wall = time.monotonic() - t0
        finally:
            dispatch.collect_distributed = original  # type: ignore[assignment]
        rss = stop(procs)
        over = [fleet.round_trip[s] - fleet.seconds.get(s, 0.0) for s in fleet.round_trip]
        same = "same" if {(f.check_id, f.resource.id, f.status) for f in outcome.findings} == \
            {(f.check_id, f.resource.id, f.status) for f in embedded.findings} else "DIFFERENT"
        print(f"{f'{n} worker(s)':14} {wall:7.1f}s {len(accounts) / wall:9.2f} "
              f"{(sum(over) / len(over) * 1000 if over else float('nan')):12.0f} ms "
              f"{max(rss):13.0f} MB  {len(outcome.findings)} ({same})")
    scheduler(tmp, url, broker, args.tenants)


def scheduler(tmp: Path, url: str, broker: str, n: int) -> None:
    """``n`` one-account tenants publish their shard at once; when has every tenant's first shard started?"""
    from agent.fleet.app import TASK, make_app, queue_name
    from agent.settings.tenant import load_settings

    conf = tmp / "many"
    conf.mkdir()
    for i in range(n):
        (conf / f"t{i:04d}.yaml").write_text(yaml.safe_dump(
            tenant(f"t{i:04d}", url, broker, f"sqlite:///{tmp / 'many.sqlite'}", ["123456789012"])))
    settings = load_settings(str(conf / "t0000.yaml"))
    app = make_app(broker)
    procs = start_workers(4, conf, concurrency=4)
    wait_ready(app, 4)
    t0 = time.monotonic()
    results = [app.send_task(TASK, args=[f"t{i:04d}", {"provider": "aws", "index": 0, "label": "123456789012"}, 600],
                             queue=queue_name(settings.engine, f"t{i:04d}"), task_id=f"bench-{i}") for i in range(n)]
    published = time.monotonic() - t0
    started: dict[int, float] = {}
    while len(started) < n and time.monotonic() - t0 < 900:
        for i, r in enumerate(results):
            if i not in started and r.state in ("STARTED", "SUCCESS", "FAILURE"):
                started[i] = time.monotonic() - t0
        time.sleep(0.2)
    stop(procs)
    last = max(started.values()) if started else float("nan")
    print(f"scheduler: {n} tenants' shards published in {published:.1f} s; every tenant's first shard started "
          f"within {last:.1f} s (4 workers × 4 threads; {len(started)}/{n} seen)")


if __name__ == "__main__":
    main()
