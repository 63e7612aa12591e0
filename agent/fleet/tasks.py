"""The worker side: ``ucs.run_shard`` collects one shard and returns its resources and coverage.

The worker finds the tenant's config in its own config directory (:func:`configure`): the message
names the tenant and the shard, never a credential.  A tenant this worker has no config for is
refused with a clear error and put back for another worker (a few times, then the shard fails and
the publisher records it as a coverage gap).  What the shard's collection could not read is in the
coverage it returns, as in the embedded scan.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path
from typing import Any

from celery import Celery, Task

from agent.collectors.deadline import Deadline
from agent.collectors.run import collect_all, provider_scopes
from agent.core.errors import UcsError
from agent.fleet.app import TASK
from agent.fleet.shards import Shard, scope_of
from agent.settings.tenant import Settings, load_settings

log = logging.getLogger(__name__)

_lock = threading.Lock()
_configs: dict[str, Path] = {}  # tenant id -> config file, from the worker's config directory
_config_dir: Path | None = None
REFUSALS = 3  # a worker without the tenant's config puts the shard back this many times


class UnknownTenant(UcsError):
    exit_code = 2
    hint = "give this worker the tenant's config (ucs worker --config-dir DIR), or route the tenant's queue elsewhere"


def configure(config_dir: str | Path) -> dict[str, Path]:
    """Index the tenant configs (``*.yaml``) of ``config_dir`` by tenant id; returns the index."""
    global _config_dir
    found: dict[str, Path] = {}
    for path in sorted(Path(config_dir).glob("*.y*ml")):
        try:
            found[load_settings(str(path)).tenant.id] = path
        except UcsError as exc:  # one broken file never stops the worker serving the others
            log.error("worker: %s is not a usable tenant config: %s", path, exc)
    with _lock:
        _config_dir = Path(config_dir)
        _configs.clear()
        _configs.update(found)
    return dict(found)


def settings_for(tenant: str) -> Settings:
    with _lock:
        path = _configs.get(tenant)
        folder = _config_dir
    if path is None and folder is not None:  # a config added since the worker started
        path = configure(folder).get(tenant)
    if path is None:
        raise UnknownTenant(f"worker {socket.gethostname()}: no tenant config for {tenant!r} in {folder}")
    return load_settings(str(path))


def run_shard(task: Task, tenant: str, shard_doc: dict[str, Any], deadline_seconds: float) -> dict[str, Any]:
    try:
        settings = settings_for(tenant)
    except UnknownTenant as exc:
        log.warning("%s", exc)
        if task.request.retries < REFUSALS:
            raise task.retry(exc=exc, countdown=0.5, max_retries=REFUSALS) from None
        raise
    shard = Shard.from_dict(shard_doc)
    started = time.monotonic()
    pair = scope_of(shard, provider_scopes(settings))  # the publisher numbered the shards in this order
    inv = collect_all([pair], None, None, Deadline.after(deadline_seconds), settings.scan.service_deadline_seconds)
    return {"shard": shard.id, "worker": task.request.hostname or socket.gethostname(),
            "seconds": round(time.monotonic() - started, 3),
            "resources": [r.to_dict() for r in inv], "coverage": inv.coverage.to_list()}


def register(app: Celery) -> None:
    app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)(run_shard)
