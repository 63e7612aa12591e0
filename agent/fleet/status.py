"""``ucs fleet status``: workers, each tenant's queue, shards in flight and the oldest one waiting."""

from __future__ import annotations

import json
import time
from typing import Any

from celery import Celery

from agent.fleet.app import TASK, queue_name
from agent.settings.engine import EngineSettings


def fleet_status(app: Celery, engine: EngineSettings, tenants: list[str], timeout: float = 1.0) -> dict[str, Any]:
    inspect = app.control.inspect(timeout=timeout)
    active = inspect.active() or {}
    reserved = inspect.reserved() or {}
    stats = inspect.stats() or {}
    per_tenant: dict[str, dict[str, Any]] = {t: {"queue": queue_name(engine, t), "running": 0, "reserved": 0,
                                                 "waiting": 0, "oldest_waiting_seconds": None} for t in tenants}
    for where, counter in ((active, "running"), (reserved, "reserved")):
        for tasks in where.values():
            for task in tasks:
                if task.get("name") != TASK:
                    continue
                tenant = (task.get("args") or [None])[0]
                if tenant in per_tenant:
                    per_tenant[tenant][counter] += 1
    with app.connection_for_read() as conn:
        client = conn.default_channel.client
        for info in per_tenant.values():
            info["waiting"] = int(client.llen(info["queue"]))
            oldest = client.lindex(info["queue"], -1)  # kombu pushes on the left, takes from the right
            if oldest:
                sent = json.loads(oldest).get("headers", {}).get("ucs_sent_at")
                if sent:
                    info["oldest_waiting_seconds"] = round(max(0.0, time.time() - float(sent)), 1)
    workers = [{"name": name, "running": len(active.get(name, [])), "reserved": len(reserved.get(name, [])),
                "processed": (s.get("total") or {}).get(TASK, 0), "pool": (s.get("pool") or {}).get("max-concurrency")}
               for name, s in sorted(stats.items())]
    return {"workers": workers, "tenants": per_tenant}
