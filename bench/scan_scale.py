#!/usr/bin/env python3
"""Scan speed and memory against a boto3 floor, at three estate sizes (issue 2's benchmark).

For each size: start a fresh moto server in its own process, seed ≈N resources over two regions,
then time, each in a fresh child process so peak RSS is its own:
  (a) the floor — a bare, concurrent boto3 script making the list/describe/get calls that
      read the same settings the checks need, and nothing else;
  (b) ``ucs scan`` — collect with the real collector, run every check, store, write JSON.
Prints wall time, peak RSS and the scan/floor ratio per size, and each side's own CPU time (its
process, all threads: on a shared machine the steadier figure).  Moto's own speed dominates both
walls, so only the ratio measured in one run means anything.

    python bench/scan_scale.py                 # 300, 3000, 10000
    python bench/scan_scale.py --sizes 300     # one size
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.moto_harness import child, peak_rss_mb, start_moto  # noqa: E402

REGIONS = ("us-east-1", "eu-west-1")
ACCOUNT_ID = "123456789012"  # moto's default account, where seed_scale() writes
SKELETON_SERVICES = ("s3", "ec2", "vpc", "iam", "cloudtrail", "kms", "rds")
ENV = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
       "PYTHONPATH": str(ROOT)}
ENV.pop("AWS_PROFILE", None)


# ----------------------------------------------------------------------------- the floor
def floor(url: str, extra: Sequence[tuple[str, str, str]] = ()) -> dict[str, Any]:
    """The minimal reads, as concurrent as the scanner's own pool: lists, then per-item gets.

    ``extra`` (``--all-services``): (service, region, operation) calls for the services beyond the
    skeleton, each made once with no parameters — the calls the scan itself makes for them on an
    account that uses none of them (see :func:`probe`), so the floor for ~35 more services is
    derived, not written per service."""
    import boto3
    import botocore.config

    cfg = botocore.config.Config(retries={"mode": "adaptive", "max_attempts": 8}, max_pool_connections=16)
    clients: dict[tuple[str, str], Any] = {}
    lock = threading.Lock()
    session = boto3.session.Session()

    def c(service: str, region: str = REGIONS[0]) -> Any:
        with lock:  # building clients is not thread-safe; using them is
            if (service, region) not in clients:
                clients[(service, region)] = session.client(service, region_name=region, endpoint_url=url, config=cfg)
            return clients[(service, region)]

    def pages(client: Any, op: str, key: str, **kw: Any) -> list[Any]:
        return [x for p in client.get_paginator(op).paginate(**kw) for x in p.get(key, [])]

    def quiet(fn: Any, **kw: Any) -> Any:
        try:
            return fn(**kw)
        except Exception:  # "not configured" answers are errors in the S3/IAM APIs
            return None

    def bucket(name: str) -> int:
        s3 = c("s3")
        quiet(s3.get_bucket_location, Bucket=name)
        quiet(s3.get_bucket_acl, Bucket=name)
        if quiet(s3.get_bucket_policy, Bucket=name) is not None:  # S3's verdict on a policy, as the collector asks it
            quiet(s3.get_bucket_policy_status, Bucket=name)
        for op in (s3.get_public_access_block, s3.get_bucket_encryption, s3.get_bucket_versioning, s3.get_bucket_logging,
                   s3.get_bucket_tagging, s3.get_object_lock_configuration,
                   # the data-management settings the storage checks read (issue 15)
                   s3.get_bucket_lifecycle_configuration, s3.get_bucket_notification_configuration,
                   s3.get_bucket_replication, s3.get_bucket_ownership_controls):
            quiet(op, Bucket=name)
        return 1

    def region(r: str) -> int:
        ec2, rds = c("ec2", r), c("rds", r)
        reservations = pages(ec2, "describe_instances", "Reservations")
        n = len(reservations)
        for res in reservations:  # user data has no batch read (the collector scans it for secrets)
            for inst in res.get("Instances", []):
                ec2.describe_instance_attribute(InstanceId=inst["InstanceId"], Attribute="userData")
        n += len(pages(ec2, "describe_security_groups", "SecurityGroups"))
        n += len(pages(ec2, "describe_volumes", "Volumes"))
        # moto also lists its public AMI snapshots under "self"; the collector skips them the same way
        snaps = [x for x in pages(ec2, "describe_snapshots", "Snapshots", OwnerIds=["self"])
                 if x.get("OwnerId") == ACCOUNT_ID]
        n += len(snaps)
        for snap in snaps:  # sharing has no batch read that the emulator honours
            ec2.describe_snapshot_attribute(SnapshotId=snap["SnapshotId"], Attribute="createVolumePermission")
        n += len(pages(ec2, "describe_vpcs", "Vpcs"))
        n += len(pages(ec2, "describe_subnets", "Subnets"))
        pages(ec2, "describe_flow_logs", "FlowLogs")
        pages(ec2, "describe_vpc_endpoints", "VpcEndpoints")
        ec2.describe_addresses()  # Elastic IPs (no paginator)
        ec2.get_ebs_encryption_by_default()
        quiet(ec2.get_serial_console_access_status)
        n += len(pages(rds, "describe_db_instances", "DBInstances"))
        for snap in pages(rds, "describe_db_snapshots", "DBSnapshots"):
            rds.describe_db_snapshot_attributes(DBSnapshotIdentifier=snap["DBSnapshotIdentifier"])
            n += 1
        n += len(pages(rds, "describe_db_clusters", "DBClusters"))
        for snap in pages(rds, "describe_db_cluster_snapshots", "DBClusterSnapshots"):
            rds.describe_db_cluster_snapshot_attributes(DBClusterSnapshotIdentifier=snap["DBClusterSnapshotIdentifier"])
            n += 1
        ct = c("cloudtrail", r)
        for trail in ct.describe_trails()["trailList"]:
            ct.get_trail_status(Name=trail["TrailARN"])
            ct.get_event_selectors(TrailName=trail["TrailARN"])
        kms = c("kms", r)
        # customer-managed keys only, as the collector reads them: not those an alias/aws/* names,
        # not those DescribeKey says AWS manages; rotation where it applies
        aws_managed = {a["TargetKeyId"] for a in pages(kms, "list_aliases", "Aliases")
                       if a.get("TargetKeyId") and a["AliasName"].startswith("alias/aws/")}
        for k in pages(kms, "list_keys", "Keys"):
            if k["KeyId"] in aws_managed:
                continue
            meta = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
            if meta.get("KeyManager") == "AWS":
                continue
            quiet(kms.get_key_policy, KeyId=k["KeyId"], PolicyName="default")
            if (meta.get("KeySpec", meta.get("CustomerMasterKeySpec")) == "SYMMETRIC_DEFAULT" and meta.get("KeyState") == "Enabled"
                    and meta.get("Origin", "AWS_KMS") == "AWS_KMS"):
                quiet(kms.get_key_rotation_status, KeyId=k["KeyId"])
        return n

    def iam_all() -> int:
        # IAM in batch reads, whatever the number of users: authorization details + credential report
        iam = c("iam")
        n = len(pages(iam, "get_account_authorization_details", "UserDetailList", Filter=["User", "Group", "LocalManagedPolicy"]))
        pages(iam, "list_virtual_mfa_devices", "VirtualMFADevices")
        quiet(iam.get_account_password_policy)
        iam.get_account_summary()
        delay = 0.2  # the report must exist before it can be read: poll as the collector does
        while iam.generate_credential_report().get("State") != "COMPLETE":
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
        iam.get_credential_report()
        return n

    def one(service: str, region: str, op: str) -> int:
        client = c(service, region)
        quiet(getattr(client, _snake(client, op)))
        return 0

    counter = CallCounter()
    session.events.register("before-call", counter)
    t0, cpu0 = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=8) as pool:
        c("sts").get_caller_identity()  # the account the scan resolves before collecting
        jobs = [pool.submit(region, r) for r in REGIONS] + [pool.submit(iam_all)]
        jobs += [pool.submit(bucket, b["Name"]) for b in c("s3").list_buckets()["Buckets"]]
        jobs += [pool.submit(one, *call) for call in extra]
        done = sum(j.result() for j in jobs)
    wall = time.perf_counter() - t0
    return {"wall": wall, "cpu": time.process_time() - cpu0, "rss_mb": peak_rss_mb(), "resources": done,
            "calls": counter.total,
            "by_service": counter.by_service()}


def _snake(client: Any, op: str) -> str:
    """The client method of an API operation name (``ListClusters`` → ``list_clusters``)."""
    return {v: k for k, v in client.meta.method_to_api_mapping.items()}[op]


class CallCounter:
    """botocore's ``before-call`` hook: every API call by (service, region, operation)."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str, str]] = Counter()
        self._lock = threading.Lock()

    def __call__(self, model: Any = None, request_signer: Any = None, **_: Any) -> None:
        service, op = model.service_model.service_name, model.name  # the client's name (logs, elbv2, …)
        region = getattr(request_signer, "region_name", "") or ""
        with self._lock:
            self.calls[(service, region, op)] += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def by_service(self) -> dict[str, int]:
        out: Counter[str] = Counter()
        for (service, _, _), n in self.calls.items():
            out[service] += n
        return dict(sorted(out.items()))


# ------------------------------------------------------------------------------ the scan
def scan(url: str, out_dir: str, all_services: bool = False) -> dict[str, Any]:
    from agent.collectors.aws import context
    from agent.commands._common import adhoc_settings
    from agent.engine.scan import run_scan
    from agent.report import write_outputs
    from agent.report.jsonout import ScanJson
    from agent.store import Store

    counter = CallCounter()
    counted = context.ClientFactory._count

    def count(self: Any, **kw: Any) -> None:  # every API call of every factory the scan builds
        counted(self, **kw)
        counter(**kw)

    context.ClientFactory._count = count  # type: ignore[method-assign]
    settings = adhoc_settings(list(REGIONS), url)
    # The skeleton's services: the ones the seeded estate and the floor cover (org_scale.py covers
    # the rest); with --all-services every collector module runs.
    settings.providers.aws.accounts[0].services = None if all_services else list(SKELETON_SERVICES)
    store = Store(f"sqlite:///{out_dir}/bench.sqlite")
    t0, cpu0 = time.perf_counter(), time.process_time()
    scan_json = ScanJson(out_dir) if store.reads_back_as_recorded else None  # as `ucs scan` writes its JSON
    outcome = run_scan(settings, store, providers=["aws"], tenant_scan=False, trigger="bench",
                       on_recorded=scan_json.add if scan_json else None)
    write_outputs(outcome.results, ["json"], out_dir, "bench", scan_json=scan_json)
    wall = time.perf_counter() - t0
    return {"wall": wall, "cpu": time.process_time() - cpu0, "rss_mb": peak_rss_mb(), "resources": len(outcome.inventory),
            "results": outcome.tally.total, "gaps": len(outcome.coverage.failures), "calls": counter.total,
            "by_service": counter.by_service(), "call_list": [[*k, n] for k, n in sorted(counter.calls.items())]}


def probe(url: str, out: str) -> tuple[list[tuple[str, str, str]], dict[str, Any], dict[str, Any]]:
    """On the empty account: the scan with every service and with the skeleton's; the calls the
    first makes and the second does not are what the services beyond the skeleton cost an
    account that uses none of them, and the floor's extra calls."""
    everything = child(__file__, "scan-all", url, out, ENV)
    skeleton = child(__file__, "scan", url, out, ENV)
    known = {(s, r, o) for s, r, o, _ in skeleton["call_list"]}
    extra = [(s, r, o) for s, r, o, _ in everything["call_list"] if (s, r, o) not in known]
    return extra, everything, skeleton


# --------------------------------------------------------------------------- the harness
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 3000, 10000])
    ap.add_argument("--all-services", action="store_true",
                    help="scan with every AWS service module (the floor replays, once, the calls the scan makes "
                         "for the services beyond the skeleton on the empty account)")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "URL", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, url, out = args.child
        if mode == "floor":
            extra_file = Path(out) / "extra-calls.json"
            extra = [(s, r, o) for s, r, o in json.loads(extra_file.read_text())] if extra_file.exists() else []
            print(json.dumps(floor(url, extra)))
        else:
            print(json.dumps(scan(url, out, all_services=mode == "scan-all")))
        return
    from agent.demo.seed import seed_scale

    print(f"{'size':>6} {'resources':>9} {'floor s':>8} {'scan s':>8} {'ratio':>6} {'floor MB':>9} {'scan MB':>8} "
          f"{'calls':>6} {'calls/res':>9}")
    for size in args.sizes:
        proc, url = start_moto(ENV)
        try:
            os.environ.update({k: v for k, v in ENV.items() if k.startswith("AWS_")})
            with tempfile.TemporaryDirectory() as out:
                if args.all_services:
                    extra, everything, skeleton = probe(url, out)
                    (Path(out) / "extra-calls.json").write_text(json.dumps(extra))
                    beyond = {k: v - skeleton["by_service"].get(k, 0) for k, v in everything["by_service"].items()}
                    print(f"empty account, every service: {everything['calls']} calls ({skeleton['calls']} for the "
                          f"skeleton); beyond the skeleton {sum(beyond.values())} calls: "
                          + ", ".join(f"{k} {v}" for k, v in beyond.items() if v), flush=True)
                    for stale in Path(out).glob("bench.sqlite*"):
                        stale.unlink()
                t0 = time.perf_counter()
                seed_scale(url, size, REGIONS)
                seed_s = time.perf_counter() - t0
                fl = child(__file__, "floor", url, out, ENV)
                sc = child(__file__, "scan-all" if args.all_services else "scan", url, out, ENV)
                fl2 = child(__file__, "floor", url, out, ENV)  # the floor again: moto warms up; take the faster floor
        finally:
            proc.kill()
        floor_s = min(fl["wall"], fl2["wall"])
        print(f"{size:>6} {sc['resources']:>9} {floor_s:>8.2f} {sc['wall']:>8.2f} {sc['wall'] / floor_s:>6.2f} "
              f"{max(fl['rss_mb'], fl2['rss_mb']):>9.0f} {sc['rss_mb']:>8.0f} {sc['calls']:>6} "
              f"{sc['calls'] / max(1, sc['resources']):>9.2f}   (floor {fl['calls']} calls; CPU floor "
              f"{min(fl['cpu'], fl2['cpu']):.1f} s, scan {sc['cpu']:.1f} s; seeded in {seed_s:.0f}s, "
              f"{sc['results']} results, {sc['gaps']} coverage gaps)", flush=True)
        if args.all_services:
            print("       calls by service, scan: " + ", ".join(f"{k} {v}" for k, v in sc["by_service"].items()), flush=True)
            print("       calls by service, floor: " + ", ".join(f"{k} {v}" for k, v in fl["by_service"].items()),
                  flush=True)


if __name__ == "__main__":
    main()
