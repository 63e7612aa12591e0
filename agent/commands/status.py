"""`ucs status`: the daemon's next runs, last scans, outbox backlog, intake counts and Art. 11
throttle state, all read from the store (works whether or not the daemon runs)."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import MetaData, Table, inspect, select

from agent.commands import _args
from agent.commands._common import add_config_arg, load, open_existing_store
from agent.commands.products import print_products, products_doc
from agent.core.messages import Catalogue, render
from agent.daemon.jobs import outbox_backlog
from agent.daemon.lock import TenantLock
from agent.daemon.realtime import realtime_on
from agent.daemon.service import intake_allowed, job_table
from agent.report.common import local_time
from agent.store.daemon_state import DaemonState
from agent.store.realtime import RealtimeLog


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="daemon schedule, last scans, backlog and throttle state of a tenant")
    add_config_arg(p, required=True)
    p.add_argument("--json", action="store_true", help="print JSON")
    _args.add_lang(p)
    p.set_defaults(func=run)


def status_doc(settings: Any, store: Any) -> dict[str, Any]:
    tenant = settings.tenant.id
    jobs = []
    if inspect(store.engine).has_table(job_table(tenant)):
        t = Table(job_table(tenant), MetaData(), autoload_with=store.engine)
        with store.engine.connect() as conn:
            for job_id, next_run in conn.execute(select(t.c.id, t.c.next_run_time).order_by(t.c.next_run_time)):
                jobs.append({"job": job_id, "next_run": datetime.fromtimestamp(next_run, UTC).isoformat()
                             if next_run is not None else None})
    state = DaemonState(store.engine)
    active = state.active_suspension(tenant)
    meter = state.load_meter(tenant)
    since = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    holder = TenantLock(store.engine, tenant, settings.daemon.lock).held_elsewhere()
    return {
        "tenant": tenant,
        "daemon": {"running": holder is not None, "lock": holder},
        "jobs": jobs,
        "last_scans": [{"id": s.id, "status": s.status, "trigger": s.trigger, "started_at": s.started_at.isoformat(),
                        "finished_at": s.finished_at.isoformat() if s.finished_at else None,
                        "summary": s.summary, "error": s.error} for s in store.scans(tenant, limit=5)],
        "outbox_backlog": outbox_backlog(store, settings),
        "throttle": {
            "suspended": active is not None,
            "suspension": None if active is None else {
                "id": active.id, "started_at": active.started_at.isoformat(),
                "planned_end": active.planned_end.isoformat(), "reason": active.reason, "dropped": active.dropped},
            "policy": settings.throttle.model_dump(),
            "recent_minutes": [{"minute": datetime.fromtimestamp(m * 60, UTC).isoformat(), "events": e,
                                "findings": f} for m, e, f in (meter.recent[-5:] if meter else [])],
            "open_minute_events": meter.events if meter else 0,
            "over_streak": meter.over_streak if meter else 0,
        },
        "intake": [{k: v for k, v in r.items() if k != "tenant"} for r in state.counts(tenant, since)],
        # the daemon's own rule (it also needs the threat-detection menu), not a second copy of it
        "realtime": {"enabled": realtime_on(settings, intake_allowed(settings, quiet=True)),
                     "last_24h": RealtimeLog(store.engine).summary(tenant).as_dict()},
        "products": products_doc(settings, store),
    }


# The head lines of the human status (the detail lines carry data: ids, counts, reasons).
LINES = Catalogue("cli.status", {
    "tenant": ("tenant {tenant}", "テナント {tenant}"),
    "running": ("daemon: running ({lock})", "デーモン: 稼働中（{lock}）"),
    "not_running": ("daemon: not running", "デーモン: 停止中"),
    "next_runs": ("next runs:", "次回の実行:"),
    "no_runs": ("next runs: none scheduled (the daemon has not run)", "次回の実行: 予定なし（デーモン未実行）"),
    "last_scans": ("last scans:", "最近のスキャン:"),
})


def _say(lang: str, key: str, **params: object) -> None:
    print(render(LINES.qualify(key), params, lang))


def run(args: argparse.Namespace) -> int:
    settings = load(args)
    store = open_existing_store(settings, args, known_tenant=False)
    doc = status_doc(settings, store)
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False, default=str))
        return 0
    tz, lang = settings.tenant.timezone, args.lang or settings.language
    say = partial(_say, lang)
    say("tenant", tenant=doc["tenant"])
    d = doc["daemon"]
    say("running", lock=d["lock"]) if d["running"] else say("not_running")
    say("next_runs") if doc["jobs"] else say("no_runs")
    for j in doc["jobs"]:
        print(f"  {local_time(j['next_run'], tz, lang) if j['next_run'] else 'paused':32} {j['job']}")
    say("last_scans")
    for s in doc["last_scans"]:
        fails = s["summary"].get("failed_by_severity", {}) if s["summary"] else {}
        print(f"  #{s['id']:<5} {s['status']:11} {s['trigger']:7} {local_time(s['started_at'], tz, lang)}  "
              f"{' '.join(f'{k}={v}' for k, v in fails.items()) or ''}{(' ' + s['error']) if s['error'] else ''}")
    backlog = doc["outbox_backlog"]
    print(f"outbox backlog: {'unknown (notifications unavailable)' if backlog is None else backlog}")
    th = doc["throttle"]
    if th["suspended"]:
        sus = th["suspension"]
        print(f"throttle: SUSPENDED since {sus['started_at']} until {sus['planned_end']}: {sus['reason']}")
    else:
        print(f"throttle: active; {th['open_minute_events']} events this minute, "
              f"{th['over_streak']}/{settings.throttle.sustain_minutes} minutes over "
              f"{settings.throttle.threshold_per_minute}/min")
    for r in doc["intake"]:
        why = ", ".join(f"{k} {n}" for k, n in r["malformed_by_reason"].items())
        print(f"intake {r['day']} {r['source']}: accepted {r['accepted']}, malformed {r['malformed']}"
              f"{f' ({why})' if why else ''}, dropped {r['dropped']}"
              f"{'  last error: ' + r['last_error'] if r['last_error'] else ''}")
    print(realtime_line(doc["realtime"], settings.language))
    print_products(doc["products"])
    return 0


def _secs(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}s"


def realtime_line(rt: dict[str, Any], lang: str) -> str:
    """One line on event-driven re-assessment over the last 24 hours."""
    s = rt["last_24h"]
    by = s["by_outcome"]
    if lang == "ja":
        if not rt["enabled"]:
            return "リアルタイム再評価: 無効"
        return (f"リアルタイム再評価 (24時間): 変更イベント {s['events']} 件、再収集 {s['recollections']} 回 "
                f"(集約で {s['saved_by_coalescing']} 回削減)、遅延 p50 {_secs(s['latency_p50_seconds'])} / "
                f"p95 {_secs(s['latency_p95_seconds'])}、失敗 {by.get('failed', 0)}、次回スキャンへ持ち越し "
                f"{by.get('deferred', 0)}")
    if not rt["enabled"]:
        return "realtime re-assessment: off"
    return (f"realtime re-assessment (24 h): {s['events']} change event(s), {s['recollections']} re-collection(s) "
            f"({s['saved_by_coalescing']} saved by coalescing), latency p50 {_secs(s['latency_p50_seconds'])} / "
            f"p95 {_secs(s['latency_p95_seconds'])}, failed {by.get('failed', 0)}, left to the next scan "
            f"{by.get('deferred', 0)}")
