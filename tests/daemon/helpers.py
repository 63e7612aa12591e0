"""Tenant configs and small utilities for the daemon tests."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tenant_config(tenant: str, store_url: str, endpoint: str = "http://127.0.0.1:9", **sections: Any) -> dict[str, Any]:
    cfg: dict[str, Any] = {
        "tenant": {"id": tenant, "name": "test tenant"},
        "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=30)).isoformat()},
        "providers": {"aws": {"accounts": [{"id": "123456789012", "regions": ["us-east-1"],
                                              "endpoint_url": endpoint, "credentials": {"env": True}}]}},
        "storage": {"url": store_url},
        "daemon": {"scan": {"interval_seconds": 3600}, "health": {"enabled": False}, "stop_grace_seconds": 5},
    }
    for k, v in sections.items():
        if isinstance(v, dict) and isinstance(cfg.get(k), dict):
            cfg[k] = {**cfg[k], **v}
        else:
            cfg[k] = v
    return cfg


def write_config(path: Path, cfg: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return path


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll until predicate() is truthy; fail (not a timing assertion: a liveness bound) otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)
