"""Shared test helpers: tenant settings, a stored failing finding, moto's request recording."""

from __future__ import annotations

import json
import urllib.request
from datetime import date, timedelta
from typing import Any

from agent.core.model import Coverage, Finding, Resource, Severity, Status
from agent.settings.tenant import Settings


def tenant_settings(tenant: str, menus: tuple[str, ...] = ("remediation",), **remediation: Any) -> Settings:
    base = {
        "s3_access_log_bucket": "ucs-test-access-logs",
        "flow_log_destination": "arn:aws:s3:::ucs-test-flow-logs",
        "unused_key_days": 0,
    }
    base.update(remediation)
    return Settings.model_validate(
        {
            "tenant": {"id": tenant},
            "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=30)).isoformat()},
            "menus": {"options": list(menus)},
            "remediation": base,
        }
    )


def store_failing(store: Any, tenant: str, check_id: str, resource: Resource) -> Finding:
    """Record a scan in which ``check_id`` fails on ``resource`` (with its snapshot)."""
    f = Finding(check_id, resource, Status.FAIL, Severity.HIGH, "seeded failure")
    cov = Coverage()
    cov.add(resource.provider, resource.account, resource.region, resource.type, 1)
    scan_id = store.begin_scan(tenant, "test")
    store.record_scan(scan_id, tenant, [f], cov, {check_id}, [resource])
    return f


class MotoRecording:
    """moto's own request log (``/moto-api/recorder``): what reached the server, as it arrived."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    def _post(self, what: str) -> bytes:
        req = urllib.request.Request(
            f"{self.endpoint}/moto-api/recorder/{what}", method="POST" if what != "download-recording" else "GET"
        )
        return urllib.request.urlopen(req).read()

    def start(self) -> None:
        self._post("reset-recording")
        self._post("start-recording")

    def stop(self) -> list[dict[str, Any]]:
        text = self._post("download-recording").decode()
        self._post("stop-recording")
        self._post("reset-recording")
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def write_requests(entries: list[dict[str, Any]]) -> list[str]:
    """The requests in a recording that could change something.

    REST services (S3) write with PUT/POST/DELETE; query services (EC2, IAM…) POST an Action whose
    name says whether it reads (Describe/Get/List).
    """
    import base64
    from urllib.parse import parse_qs

    out = []
    for e in entries:
        method, url = e["method"], e["url"]
        body = e.get("body") or ""
        if e.get("body_encoded"):
            body = base64.b64decode(body).decode(errors="replace")
        target = (e.get("headers") or {}).get("X-Amz-Target", "")
        if method in ("GET", "HEAD"):
            continue
        action = (parse_qs(body).get("Action") or [""])[0] or target.rsplit(".", 1)[-1]
        if action and action.startswith(("Describe", "Get", "List")):
            continue
        out.append(f"{method} {url} {action}")
    return out
