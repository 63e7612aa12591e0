"""The publishing side of a distributed scan: shards out, resources and coverage back, one inventory.

:func:`collect_distributed` is what :func:`agent.engine.scan.run_scan` calls instead of collecting
in process when the tenant's ``engine.kind`` is ``celery``.  At most ``engine.max_in_flight`` of
the tenant's shards are queued or running at once (one tenant's 500 accounts never fill the
workers ahead of other tenants); a shard that fails or outlives ``engine.shard_timeout_seconds``
is sent again up to ``engine.shard_retries`` times, then — like one still missing at the scan's
deadline, or lost with a restarted broker — it is a coverage gap for its whole scope, so the scan
is partial and nothing it would have assessed is resolved.  Results are taken once per shard (the
first to arrive): a redelivered shard never counts twice.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from celery import Celery
from celery.result import AsyncResult

from agent.collectors import Scope
from agent.collectors.aws.context import ClientFactory
from agent.collectors.aws.organization import discover_accounts
from agent.collectors.deadline import Deadline
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Resource
from agent.fleet.app import TASK, app_for, queue_name
from agent.fleet.shards import Shard, plan
from agent.settings.tenant import AwsOrganization, Settings

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2
GRACE_SECONDS = 30.0  # a hard time limit past the soft one, for collectors that stop by themselves


@dataclass(slots=True)
class Sent:
    shard: Shard
    result: AsyncResult
    attempt: int
    at: float


@dataclass(slots=True)
class FleetRun:
    """What a distributed collection did (for logs, metrics and the benchmark)."""

    shards: int = 0
    sent: int = 0
    retried: int = 0
    gaps: list[str] = field(default_factory=list)
    broker_errors: int = 0
    workers: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)  # shard id -> its collection time on the worker
    round_trip: dict[str, float] = field(default_factory=dict)  # shard id -> sent to result read, here


def org_members(scope: AwsOrganization) -> list[str]:
    return discover_accounts(ClientFactory(), scope)


def collect_distributed(settings: Settings, scopes: Sequence[tuple[str, Scope]], progress: Callable[[str], None] | None = None,
                        deadline: Deadline | None = None, app: Celery | None = None,
                        org_accounts: Callable[[AwsOrganization], list[str]] = org_members,
                        run: FleetRun | None = None) -> Inventory:
    engine = settings.engine
    app = app or app_for(engine)
    tenant = settings.tenant.id
    queue = queue_name(engine, tenant)
    run = run if run is not None else FleetRun()
    inv = Inventory()
    shards, failed = plan(scopes, org_accounts)
    for provider, why in failed:
        inv.coverage.fail(provider, "organization", "*", "*", why)
    run.shards = len(shards)
    stop_at = deadline.at if deadline is not None else time.monotonic() + (engine.shard_retries + 1) * (
        engine.shard_timeout_seconds + GRACE_SECONDS) + 60
    scan_run = uuid.uuid4().hex[:12]
    pending: deque[tuple[Shard, int]] = deque((s, 0) for s in shards)
    running: dict[str, Sent] = {}
    done: set[str] = set()

    def gap(shard: Shard, why: str) -> None:
        run.gaps.append(f"{shard.id}: {why}")
        log.warning("fleet %s shard %s: %s", tenant, shard.id, why)
        inv.coverage.fail(shard.provider, shard.label, "*", "*", f"fleet shard {shard.id}: {why}")
        if progress:
            progress(f"fleet {shard.id}: FAILED {why}")

    def again(shard: Shard, attempt: int, why: str) -> None:
        if attempt < engine.shard_retries:
            run.retried += 1
            pending.append((shard, attempt + 1))
        else:
            gap(shard, why)

    while pending or running:
        now = time.monotonic()
        if now >= stop_at:
            for s in [*(x.shard for x in running.values()), *(p[0] for p in pending)]:
                gap(s, "not reported by the scan's deadline")
            for x in running.values():
                _revoke(app, x.result)
            break
        while pending and len(running) < engine.max_in_flight:
            shard, attempt = pending.popleft()
            remaining = max(1.0, min(engine.shard_timeout_seconds, stop_at - now))
            try:
                res = app.send_task(TASK, args=[tenant, shard.to_dict(), remaining], queue=queue,
                                    task_id=f"{tenant}:{scan_run}:{shard.id}:{attempt}",
                                    headers={"ucs_sent_at": time.time()},
                                    soft_time_limit=remaining, time_limit=remaining + GRACE_SECONDS,
                                    retry=True, retry_policy={"max_retries": 2, "interval_start": 0.5,
                                                              "interval_step": 0.5, "interval_max": 2})
            except Exception as exc:  # broker away: try again while the deadline allows
                run.broker_errors += 1
                log.warning("fleet %s: publishing shard %s failed: %s", tenant, shard.id, exc)
                pending.appendleft((shard, attempt))
                time.sleep(1.0)
                break
            run.sent += 1
            running[shard.id] = Sent(shard, res, attempt, now)
        for sid, x in list(running.items()):
            try:
                state = x.result.state
            except Exception as exc:  # the result backend is unreachable (restart): ask again later
                run.broker_errors += 1
                log.debug("fleet %s: state of %s unavailable: %s", tenant, sid, exc)
                continue
            if state == "SUCCESS":
                del running[sid]
                try:
                    doc = x.result.get(timeout=10, propagate=True)
                    x.result.forget()
                except Exception as exc:
                    again(x.shard, x.attempt, f"result unreadable: {type(exc).__name__}: {exc}")
                    continue
                if sid not in done:  # the first result of a shard counts; a redelivered one never twice
                    done.add(sid)
                    _merge(inv, doc)
                    run.workers.add(str(doc.get("worker", "")))
                    run.seconds[sid] = float(doc.get("seconds", 0.0))
                    run.round_trip[sid] = time.monotonic() - x.at
                    if progress:
                        progress(f"fleet {sid}: {len(doc.get('resources', []))} resources by {doc.get('worker')}")
            elif state in ("FAILURE", "REVOKED"):
                del running[sid]
                why = _failure(x.result)
                x.result.forget()
                again(x.shard, x.attempt, why)
            elif now - x.at > engine.shard_timeout_seconds + 2 * GRACE_SECONDS:
                # Neither done nor failed long past its limits: its message was lost (a broker
                # restarted without persistence). Sent again, or a gap.
                del running[sid]
                _revoke(app, x.result)
                again(x.shard, x.attempt, f"no answer after {engine.shard_timeout_seconds + 2 * GRACE_SECONDS:g} s")
        time.sleep(POLL_SECONDS)
    return inv


def _merge(inv: Inventory, doc: dict[str, Any]) -> None:
    part = Inventory([Resource.from_dict(r) for r in doc.get("resources", [])],
                     Coverage.from_list(doc.get("coverage", [])))
    inv.merge(part)


def _failure(result: AsyncResult) -> str:
    try:
        exc = result.result
    except Exception as read_error:  # noqa: BLE001 - the reason itself could not be read
        return f"failed ({type(read_error).__name__})"
    if isinstance(exc, BaseException):
        return f"{type(exc).__name__}: {exc}"
    return f"failed: {exc}"


def _revoke(app: Celery, result: AsyncResult) -> None:
    try:
        app.control.revoke(result.id, terminate=False)
    except Exception:  # noqa: BLE001 - best effort: the shard is already counted as a gap
        log.debug("revoke of %s failed", result.id, exc_info=True)
