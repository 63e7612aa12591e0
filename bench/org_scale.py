#!/usr/bin/env python3
"""Organisation scan at scale: a 3-account AWS Organization on moto, ≈N resources in total.

The management account creates the organisation and two member accounts; every account gets
≈N/3 resources of the breadth services (SQS queues, SNS topics, DynamoDB tables, Secrets Manager
secrets, IAM roles, ECR repositories).  Then, each in a fresh child process so peak RSS is its own:
  (a) the floor — bare boto3: AssumeRole into each account and make the list/describe/get calls
      that read the settings the checks need, accounts in parallel, 8 threads each;
  (b) the scan — ``run_scan`` over ``providers.aws.organization`` (discovery, AssumeRole,
      ``max_concurrent_accounts: 3``), every check, the store.
Prints wall time, peak RSS, the scan/floor ratio and API calls per resource (from
``ClientFactory.calls``).  moto runs on the same cores, so only ratios from one run mean anything.

    python bench/org_scale.py                  # N = 10000
    python bench/org_scale.py --size 900
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.moto_harness import child, peak_rss_mb, start_moto  # noqa: E402

REGION = "us-east-1"
SERVICES = ["sqs", "sns", "dynamodb", "secretsmanager", "iam_roles", "ecr"]
ROLE = "UCSAuditRole"
ENV = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": REGION,
       "PYTHONPATH": str(ROOT)}
ENV.pop("AWS_PROFILE", None)
ENV.pop("AWS_SESSION_TOKEN", None)
# Share of each kind of resource in an account's estate.
MIX = {"queue": 0.3, "topic": 0.2, "table": 0.1, "secret": 0.15, "role": 0.2, "repo": 0.05}
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def retry(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    for attempt in range(6):
        try:
            return fn(*args, **kwargs)
        except Exception:  # moto's threaded server answers 500 under concurrent writes
            if attempt == 5:
                raise
            time.sleep(0.1 * (attempt + 1))


# ------------------------------------------------------------------------------ seeding
def seed(url: str, size: int) -> list[str]:
    from agent.collectors.aws.context import ClientFactory
    from agent.collectors.aws.organization import assume

    mgmt = ClientFactory(endpoint_url=url, default_region=REGION)
    org = mgmt.client("organizations")
    org.create_organization(FeatureSet="ALL")
    members = [org.create_account(Email=f"m{i}@example.com", AccountName=f"member-{i}")["CreateAccountStatus"]["AccountId"]
               for i in range(2)]
    accounts = ["123456789012"] + members
    per_account = size // len(accounts)
    jobs: list[Callable[[], None]] = []
    for acct in accounts:
        f = assume(mgmt, acct, ROLE, None)
        for kind, share in MIX.items():
            for i in range(int(per_account * share)):
                jobs.append(_job(f, kind, i))
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda j: j(), jobs))
    return accounts


def _job(f: Any, kind: str, i: int) -> Callable[[], None]:
    def run() -> None:
        if kind == "queue":
            retry(f.client("sqs", REGION).create_queue, QueueName=f"q-{i}", Attributes={"SqsManagedSseEnabled": str(i % 2 == 0).lower()})
        elif kind == "topic":
            retry(f.client("sns", REGION).create_topic, Name=f"t-{i}")
        elif kind == "table":
            retry(f.client("dynamodb", REGION).create_table, TableName=f"tbl-{i}", BillingMode="PAY_PER_REQUEST",
                  KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
        elif kind == "secret":
            retry(f.client("secretsmanager", REGION).create_secret, Name=f"s-{i}", SecretString="x")
        elif kind == "role":
            retry(f.client("iam", REGION).create_role, RoleName=f"role-{i}", AssumeRolePolicyDocument=TRUST)
        elif kind == "repo":
            retry(f.client("ecr", REGION).create_repository, repositoryName=f"repo-{i}")
    return run


# ----------------------------------------------------------------------------- the floor
def floor(url: str) -> dict[str, Any]:
    import boto3
    import botocore.config

    cfg = botocore.config.Config(retries={"mode": "adaptive", "max_attempts": 8}, max_pool_connections=16)
    sts = boto3.client("sts", region_name=REGION, endpoint_url=url, config=cfg)
    mgmt_org = boto3.client("organizations", region_name=REGION, endpoint_url=url, config=cfg)
    accounts = [a["Id"] for p in mgmt_org.get_paginator("list_accounts").paginate() for a in p["Accounts"]]

    def quiet(fn: Any, **kw: Any) -> Any:
        try:
            return fn(**kw)
        except Exception:  # "no policy" answers are errors
            return None

    def account(acct: str) -> int:
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{acct}:role/{ROLE}", RoleSessionName="floor")["Credentials"]
        s = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                  aws_session_token=creds["SessionToken"], region_name=REGION)
        c = {n: s.client(n, endpoint_url=url, config=cfg) for n in ("sqs", "sns", "dynamodb", "secretsmanager", "iam", "ecr")}

        def pages(client: Any, op: str, key: str, **kw: Any) -> list[Any]:
            return [x for p in client.get_paginator(op).paginate(**kw) for x in p.get(key, [])]

        work: list[Callable[[], Any]] = []
        for q in pages(c["sqs"], "list_queues", "QueueUrls"):
            work.append(lambda q=q: c["sqs"].get_queue_attributes(QueueUrl=q, AttributeNames=["All"]))
        for t in pages(c["sns"], "list_topics", "Topics"):
            work.append(lambda t=t: c["sns"].get_topic_attributes(TopicArn=t["TopicArn"]))
        for name in pages(c["dynamodb"], "list_tables", "TableNames"):
            work.append(lambda n=name: (c["dynamodb"].describe_table(TableName=n), c["dynamodb"].describe_continuous_backups(TableName=n)))
        for sec in pages(c["secretsmanager"], "list_secrets", "SecretList"):
            work.append(lambda a=sec["ARN"]: quiet(c["secretsmanager"].get_resource_policy, SecretId=a))
        for repo in pages(c["ecr"], "describe_repositories", "repositories"):
            n = repo["repositoryName"]
            work.append(lambda n=n: (quiet(c["ecr"].get_repository_policy, repositoryName=n),
                                     quiet(c["ecr"].get_lifecycle_policy, repositoryName=n)))
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda w: w(), work))
        roles = [r for p in c["iam"].get_paginator("get_account_authorization_details").paginate(Filter=["Role", "LocalManagedPolicy"])
                 for r in p.get("RoleDetailList", [])]
        return len(work) + len(roles)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=3) as pool:
        n = sum(pool.map(account, accounts))
    return {"wall": time.perf_counter() - t0, "rss_mb": peak_rss_mb(), "resources": n}


# ------------------------------------------------------------------------------ the scan
def scan(url: str, out_dir: str) -> dict[str, Any]:
    from agent.collectors.aws.context import ClientFactory
    from agent.engine.scan import run_scan
    from agent.settings.tenant import parse_settings
    from agent.store import Store

    settings = parse_settings(f"""
tenant: {{id: bench}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
providers:
  aws:
    organization: {{enabled: true, role_name: {ROLE}, regions: [{REGION}], max_concurrent_accounts: 3}}
""")
    factories: list[ClientFactory] = []
    store = Store(f"sqlite:///{out_dir}/bench.sqlite")
    t0 = time.perf_counter()
    outcome = run_scan(settings, store, tenant_scan=False, trigger="bench", collect_options={"aws": {
        "clients": ClientFactory(endpoint_url=url, default_region=REGION), "services": SERVICES,
        "on_factory": factories.append}})
    wall = time.perf_counter() - t0
    calls = sum(f.calls for f in factories)
    return {"wall": wall, "rss_mb": peak_rss_mb(), "resources": len(outcome.inventory), "calls": calls,
            "results": len(outcome.findings), "gaps": len(outcome.coverage.failures),
            "accounts": len({r.account for r in outcome.inventory})}


# --------------------------------------------------------------------------- the harness
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--child", nargs=3, metavar=("MODE", "URL", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, url, out = args.child
        print(json.dumps(floor(url) if mode == "floor" else scan(url, out)))
        return
    proc, url = start_moto(ENV)
    try:
        os.environ.update({k: v for k, v in ENV.items() if k.startswith("AWS_")})
        os.environ.pop("AWS_SESSION_TOKEN", None)
        t0 = time.perf_counter()
        accounts = seed(url, args.size)
        seed_s = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as out:
            fl = child(__file__, "floor", url, out, ENV)
            sc = child(__file__, "scan", url, out, ENV)
            fl2 = child(__file__, "floor", url, out, ENV)
    finally:
        proc.kill()
    floor_s = min(fl["wall"], fl2["wall"])
    print(f"accounts {len(accounts)} (scanned {sc['accounts']}), resources {sc['resources']} "
          f"(floor read {fl['resources']}), seeded in {seed_s:.0f}s")
    print(f"floor {floor_s:.2f}s {max(fl['rss_mb'], fl2['rss_mb']):.0f} MB | scan {sc['wall']:.2f}s {sc['rss_mb']:.0f} MB | "
          f"ratio {sc['wall'] / floor_s:.2f} | API calls {sc['calls']} = {sc['calls'] / max(1, sc['resources']):.2f} per resource "
          f"| {sc['results']} results, {sc['gaps']} coverage gaps")


if __name__ == "__main__":
    main()
