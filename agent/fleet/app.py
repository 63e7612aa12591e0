"""The Celery application both sides build from ``engine:``: JSON only (kombu's JSON keeps
datetimes), late acknowledgement, one message prefetched per worker process, redelivery after
``engine.redelivery_seconds`` when a worker dies holding a shard."""

from __future__ import annotations

from typing import Any

from celery import Celery

from agent.settings.engine import EngineSettings

TASK = "ucs.run_shard"


def queue_name(engine: EngineSettings, tenant: str) -> str:
    """Each tenant has its own queue: a worker serves the queues in turn, so one tenant's 500
    accounts never wait in front of another tenant's one."""
    return f"{engine.queue}.{tenant}"


def make_app(broker: str, backend: str | None = None, redelivery_seconds: float = 1800.0, **conf: Any) -> Celery:
    app = Celery("ucs", broker=broker, backend=backend or broker)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"], result_accept_content=["json"],
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        # A message taken by a worker that then died is handed out again once it has been unacknowledged
        # for ``redelivery_seconds``; idle consumers look for such messages every few seconds.
        broker_transport_options={"visibility_timeout": redelivery_seconds,
                                  "unacked_restore_interval": max(1, min(10, int(redelivery_seconds / 2))),
                                  "unacked_restore_throttle": 1},
        result_backend_transport_options={"visibility_timeout": redelivery_seconds},
        result_expires=6 * 3600, broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        task_track_started=True, worker_hijack_root_logger=False, worker_send_task_events=True,
        task_send_sent_event=True, broker_heartbeat=10,
    )
    app.conf.update(conf)
    return app


def app_for(engine: EngineSettings) -> Celery:
    return make_app(engine.broker(), engine.result_backend, engine.redelivery)
