"""Fleet mode end to end: `ucs worker` processes, a private Redis, PostgreSQL as the store where the
machine has it, moto over HTTP and the Kubernetes API stand-in.

A distributed scan records exactly the embedded scan's findings; a worker SIGKILLed mid-shard
leaves its shard to another worker and the scan completes with the same findings, once; a
restarted broker ends in a complete or partial scan, never a wait without end; a shard no worker
can run is a coverage gap that resolves nothing; a small tenant is not starved by a big one.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import date, timedelta
from typing import Any

import boto3

from agent.core.model import ScanStatus
from agent.engine.scan import ScanOutcome, run_scan
from agent.fleet.app import make_app
from agent.fleet.status import fleet_status
from agent.settings.tenant import load_settings
from agent.store import Store
from tests.fleet.conftest import write_tenant
from tests.kubernetes.standin import ApiStandIn, list_document

A, B, C = "123456789012", "210987654321", "333333333333"


def tenant(tid: str, store_url: str, broker: str, providers: dict[str, Any], **engine: Any) -> dict[str, Any]:
    return {"tenant": {"id": tid, "name": tid},
            "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=30)).isoformat()},
            "menus": {"options": ["containers"]},
            "providers": providers, "storage": {"url": store_url},
            "scan": {"deadline_seconds": 120},
            "engine": {"kind": "celery", "broker_url": broker, "redelivery_seconds": 4, "shard_timeout_seconds": 30,
                       **engine}}


def findings(outcome: ScanOutcome) -> set[tuple[str, str, str, str, str]]:
    return {(f.check_id, f.resource.account, f.resource.region, f.resource.id, f.status.value) for f in outcome.findings}


class SlowApi(ApiStandIn):
    """The API stand-in, slow on pod lists: a shard stays on its worker long enough to be killed."""

    def __init__(self, delay: float, **kw: Any) -> None:
        super().__init__(**kw)
        self.delay = delay
        self.pod_lists = 0

    def answer(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> Any:
        if path.endswith("/pods"):
            self.pod_lists += 1
            time.sleep(self.delay)
        return super().answer(method, path, query, headers)


def cluster_lists(n_pods: int = 3) -> dict[str, dict[str, Any]]:
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "uid": "ns-1"}}
    pods = [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"web-{i}", "namespace": "shop", "uid": f"p-{i}"},
             "spec": {"containers": [{"name": "web", "image": "registry.example.com/web:1.0",
                                      "securityContext": {"privileged": i == 0}}]}} for i in range(n_pods)]
    return {"/api/v1/namespaces": list_document("Namespace", [ns]), "/api/v1/pods": list_document("Pod", pods)}


def test_distributed_scan_records_exactly_the_embedded_findings(redis_server, workers, moto_reset, tmp_path, store_url,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
        workers.env[k] = v
    session = boto3.session.Session(region_name="us-east-1")
    sts = session.client("sts", endpoint_url=moto_reset)
    for acct in (A, B, C):
        if acct == A:
            creds = None
        else:
            c = sts.assume_role(RoleArn=f"arn:aws:iam::{acct}:role/UCSAuditRole", RoleSessionName="seed")["Credentials"]
            creds = {"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"],
                     "aws_session_token": c["SessionToken"]}
        sqs = session.client("sqs", endpoint_url=moto_reset, **(creds or {}))
        sns = session.client("sns", endpoint_url=moto_reset, **(creds or {}))
        sqs.create_queue(QueueName=f"jobs-{acct}", Attributes={"SqsManagedSseEnabled": "false"})
        sqs.create_queue(QueueName=f"safe-{acct}", Attributes={"SqsManagedSseEnabled": "true"})
        sns.create_topic(Name=f"alerts-{acct}")
    accounts = [{"id": acct, "regions": ["us-east-1"], "endpoint_url": moto_reset, "services": ["sqs", "sns"],
                 "credentials": {"env": True} if acct == A else
                 {"env": True, "assume_role": {"role_arn": f"arn:aws:iam::{acct}:role/UCSAuditRole"}}}
                for acct in (A, B, C)]
    cfg = tenant("fleet-eq", store_url, redis_server.url, {"aws": {"accounts": accounts}})  # PostgreSQL too
    path = write_tenant(workers.config_dir, cfg)
    settings = load_settings(str(path))
    app = make_app(redis_server.url)
    workers.start(2)
    workers.wait_ready(app, 2)
    embedded = run_scan(settings, Store(f"sqlite:///{tmp_path / 'embedded.sqlite'}"), engine="embedded")
    store = Store(settings.storage.resolved_url(settings.tenant.id))
    distributed = run_scan(settings, store, engine="celery")
    assert distributed.status is ScanStatus.COMPLETED, distributed.coverage.failures
    assert findings(distributed) == findings(embedded) and len(findings(embedded)) >= 9
    assert {r.account for r in distributed.inventory} == {A, B, C}
    (record,) = store.scans(settings.tenant.id, limit=1)
    assert record.scope["engine"] == "celery" and record.status == "completed"
    assert fleet_status(app, settings.engine, [settings.tenant.id])["workers"]


def test_worker_killed_mid_shard_the_shard_runs_again_elsewhere(redis_server, workers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with SlowApi(2.0, lists=cluster_lists()) as api:
        store_url = f"sqlite:///{tmp_path / 'kill.sqlite'}"
        cfg = tenant("fleet-kill", store_url, redis_server.url,
                     {"kubernetes": {"clusters": [{"name": "c1", "host": api.url}]}})
        settings = load_settings(str(write_tenant(workers.config_dir, cfg)))
        app = make_app(redis_server.url)
        first, second = workers.start(2, concurrency=1)
        workers.wait_ready(app, 2)
        store = Store(store_url)
        embedded = run_scan(settings, Store(f"sqlite:///{tmp_path / 'e.sqlite'}"), engine="embedded")
        box: dict[str, ScanOutcome] = {}
        t = threading.Thread(target=lambda: box.setdefault("o", run_scan(settings, store, engine="celery")))
        t.start()
        deadline = time.monotonic() + 30
        while api.pod_lists <= 1 and time.monotonic() < deadline:  # 1: the embedded scan's list
            time.sleep(0.05)
        active = {}
        while not active and time.monotonic() < deadline:
            active = {k: v for k, v in (app.control.inspect(timeout=0.5).active() or {}).items() if v}
        (holder,) = active
        pid = int(holder.rsplit("-", 1)[1])
        assert pid in (first.pid, second.pid)
        os.kill(pid, signal.SIGKILL)
        t.join(timeout=90)
        assert not t.is_alive(), "the scan waited for ever"
    outcome = box["o"]
    assert outcome.status is ScanStatus.COMPLETED, outcome.coverage.failures
    assert findings(outcome) == findings(embedded)
    # Recorded once: one row per finding, one scan.
    assert len(store.findings(settings.tenant.id)) == len(outcome.findings)


def test_a_shard_no_worker_can_run_is_a_gap_that_resolves_nothing(redis_server, workers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store_url = f"sqlite:///{tmp_path / 'gap.sqlite'}"
    with ApiStandIn(lists=cluster_lists()) as api:
        cfg = tenant("fleet-gap", store_url, redis_server.url, {"kubernetes": {"clusters": [{"name": "c1", "host": api.url}]}},
                     shard_retries=1)
        settings = load_settings(str(write_tenant(workers.config_dir, cfg)))
        store = Store(store_url)
        first = run_scan(settings, store, engine="embedded")
        assert any(f.status.value == "FAIL" for f in first.findings)
        # The workers serve the tenant's queue but have no config for it (another operator's tenant).
        (workers.config_dir / "fleet-gap.yaml").unlink()
        other = tenant("someone-else", store_url, redis_server.url, {"kubernetes": {"clusters": []}})
        write_tenant(workers.config_dir, other)
        app = make_app(redis_server.url)
        workers.start(1, queues="ucs.fleet-gap")
        workers.wait_ready(app, 1)
        before = {f.fingerprint: f.state for f in store.findings(settings.tenant.id)}
        outcome = run_scan(settings, store, engine="celery")
    assert outcome.status is ScanStatus.PARTIAL
    (gap,) = outcome.coverage.failures
    assert gap.account == "c1" and "no tenant config for 'fleet-gap'" in (gap.error or "")
    assert {f.fingerprint: f.state for f in store.findings(settings.tenant.id)} == before  # nothing resolved


def test_a_restarted_broker_ends_in_a_finished_scan_never_a_hang(redis_server, workers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store_url = f"sqlite:///{tmp_path / 'broker.sqlite'}"
    with SlowApi(3.0, lists=cluster_lists()) as api:
        cfg = tenant("fleet-broker", store_url, redis_server.url,
                     {"kubernetes": {"clusters": [{"name": "c1", "host": api.url}, {"name": "c2", "host": api.url}]}},
                     shard_timeout_seconds=6)
        cfg["scan"] = {"deadline_seconds": 40}
        settings = load_settings(str(write_tenant(workers.config_dir, cfg)))
        app = make_app(redis_server.url)
        workers.start(1, concurrency=2)
        workers.wait_ready(app, 1)
        box: dict[str, ScanOutcome] = {}
        t = threading.Thread(target=lambda: box.setdefault("o", run_scan(settings, Store(store_url), engine="celery")))
        t.start()
        deadline = time.monotonic() + 30
        while api.pod_lists < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        redis_server.stop()
        time.sleep(1.0)
        redis_server.start()
        t.join(timeout=120)
        assert not t.is_alive(), "the scan waited for ever"
    outcome = box["o"]
    assert outcome.status in (ScanStatus.COMPLETED, ScanStatus.PARTIAL)
    got = {e.account for e in outcome.coverage.entries if e.ok}
    lost = {e.account for e in outcome.coverage.failures}
    assert got | lost == {"c1", "c2"} and not got & lost  # every cluster: assessed, or a named gap


def test_a_small_tenant_is_not_starved_by_a_big_one(redis_server, workers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with SlowApi(0.5, lists=cluster_lists(1)) as api:
        big = tenant("fleet-big", f"sqlite:///{tmp_path / 'big.sqlite'}", redis_server.url,
                     {"kubernetes": {"clusters": [{"name": f"b{i}", "host": api.url} for i in range(12)]}}, max_in_flight=2)
        small = tenant("fleet-small", f"sqlite:///{tmp_path / 'small.sqlite'}", redis_server.url,
                       {"kubernetes": {"clusters": [{"name": "s0", "host": api.url}]}}, max_in_flight=2)
        s_big = load_settings(str(write_tenant(workers.config_dir, big)))
        s_small = load_settings(str(write_tenant(workers.config_dir, small)))
        app = make_app(redis_server.url)
        workers.start(1, concurrency=2)
        workers.wait_ready(app, 1)
        ends: dict[str, float] = {}
        start = time.monotonic()

        def scan(name: str, s: Any) -> None:
            run_scan(s, Store(s.storage.resolved_url(s.tenant.id)), engine="celery")
            ends[name] = time.monotonic() - start

        tb = threading.Thread(target=scan, args=("big", s_big))
        tb.start()
        time.sleep(1.0)
        ts = threading.Thread(target=scan, args=("small", s_small))
        ts.start()
        ts.join(timeout=120)
        tb.join(timeout=120)
    # Twelve 0.5 s shards behind a cap of two in flight: the small tenant's one shard is served in
    # turn with the big tenant's, and ends long before the big scan does.
    assert ends["small"] < ends["big"] - 1.0, ends
