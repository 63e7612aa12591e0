"""`ucs tenant suspensions` and `ucs tenant resume` (Art. 11 suspensions, Art. 12 dropped counts)."""

from __future__ import annotations

import argparse
import getpass
import json

from agent.commands._common import add_config_arg, load, open_existing_store, open_store
from agent.daemon.throttle import resume_tenant
from agent.store.daemon_state import DaemonState


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tenant", help="tenant service state: Art. 11 suspensions")
    tsub = p.add_subparsers(dest="tenant_command", metavar="ACTION", required=True)
    s = tsub.add_parser("suspensions", help="list the tenant's suspensions with dropped-event counts")
    add_config_arg(s, required=True)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=suspensions)
    r = tsub.add_parser("resume", help="lift the tenant's active suspension early (audited)")
    add_config_arg(r, required=True)
    r.add_argument("--reason", required=True, help="why the suspension is lifted (kept in the record)")
    r.add_argument("--by", default=None, help="who lifts it (default: the login name)")
    r.set_defaults(func=resume)


def suspensions(args: argparse.Namespace) -> int:
    settings = load(args)
    store = open_existing_store(settings, args, known_tenant=False)  # reads only: creates nothing
    rows = DaemonState(store.engine).suspensions(settings.tenant.id, limit=500)
    if args.json:
        print(json.dumps([{
            "id": s.id, "started_at": s.started_at.isoformat(), "planned_end": s.planned_end.isoformat(),
            "ended_at": s.ended_at.isoformat() if s.ended_at else None, "ended_by": s.ended_by,
            "end_reason": s.end_reason, "reason": s.reason, "rates": s.rates, "notified": s.notified,
            "dropped": s.dropped, "dropped_total": s.dropped_total} for s in rows], indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print(f"tenant {settings.tenant.id}: no suspensions")
        return 0
    print(f"tenant {settings.tenant.id}: suspensions (Art. 11), newest first")
    for s in rows:
        ended = f"ended {s.ended_at.isoformat(timespec='seconds')} by {s.ended_by}" if s.ended_at else "ACTIVE"
        drops = ", ".join(f"{k}={v}" for k, v in sorted(s.dropped.items())) or "none"
        print(f"#{s.id}  {s.started_at.isoformat(timespec='seconds')} -> planned {s.planned_end.isoformat(timespec='seconds')}"
              f"  {ended}{(' (' + s.end_reason + ')') if s.end_reason and s.ended_by != 'auto' else ''}")
        print(f"     reason: {s.reason}")
        print(f"     peak {s.rates.get('peak_events_per_minute', '?')}/min; dropped {s.dropped_total} ({drops});"
              f" notice {'sent' if s.notified else 'not sent'}")
    return 0


def resume(args: argparse.Namespace) -> int:
    settings = load(args)
    store = open_store(settings, args)
    who = args.by or getpass.getuser()
    sus = resume_tenant(DaemonState(store.engine), settings.tenant.id, who, args.reason)
    if sus is None:
        print(f"tenant {settings.tenant.id}: no active suspension")
        return 0
    print(f"tenant {settings.tenant.id}: suspension {sus.id} lifted by {who} at {sus.ended_at.isoformat()} "
          f"(planned end was {sus.planned_end.isoformat()}); {sus.dropped_total} event(s) were dropped")
    return 0
