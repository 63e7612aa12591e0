"""Per-channel back-off: a 429 / Retry-After (or an SMTP 4xx that outlasts the retries) pauses the
whole channel until then, the channel's queue keeps its order, and other channels go on.

Time is injected (``now=``, ``sleep=``): nothing here waits for real."""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from agent.core.model import utcnow
from agent.store import outbox
from notifiers.delivery import deliver_pending
from tests.notifiers.conftest import finding, free_port, make_settings, record
from tests.notifiers.test_http_channels import SLACK_PATH, slack_webhook, webhook
from tests.notifiers.test_router import rows

NEW_ONLY = {"transitions": ["new"]}  # later scans leave out earlier buckets: no "resolved" noise
ROOMY = {"rate_limit": {"messages": 100, "seconds": 60}}


def _name(text: str) -> str:
    """The resource a rendered message is about (its "Resource: <name> (<type>)" field)."""
    found = re.search(r"([\w.-]+) \(aws\.s3\.bucket\)", text)
    assert found, text
    return found.group(1)


def _names(bodies: list[dict[str, Any]], slack: bool) -> list[str]:
    if slack:
        return [_name(json.dumps(b, ensure_ascii=False).replace("\\n", " ")) for b in bodies]
    return [b["finding"]["resources"][0]["name"] for b in bodies]


def _queued(store, tenant: str, channel: str) -> list[str]:
    return [r["payload"]["finding"]["resource"]["name"] for r in rows(store, tenant, channel=channel)]


def _scans(store, settings, names: list[str]) -> None:
    """One scan per name, each seeing every earlier bucket too: exactly one new finding per scan,
    so the outbox order is the order of ``names``."""
    for i in range(len(names)):
        record(store, settings, [finding("aws.s3.notifytest_private", n) for n in names[:i + 1]])


def test_retry_after_pauses_the_whole_channel_and_keeps_its_order(store, tenant_id, httpserver, receiver,
                                                                  secret_env):
    slack_rec = receiver(SLACK_PATH, script=[(429, {"Retry-After": "120"})])
    hook_rec = receiver("/ucs-hook")
    channels = [slack_webhook(secret_env, httpserver, **ROOMY), webhook(secret_env, httpserver, **ROOMY)]
    settings = make_settings(tenant_id, channels, [{"name": "all", "match": NEW_ONLY,
                                                    "channels": ["slack", "hook"]}], burst_threshold=100)
    names = [f"b{i:02d}" for i in range(21)]
    _scans(store, settings, names[:1])
    t0 = utcnow()
    first = deliver_pending(store, settings, now=t0, sleep=pytest.fail)
    assert first.rescheduled == {"slack": 1} and first.sent == {"hook": 1}
    assert "HTTP 429" in first.errors["slack"]

    _scans(store, settings, names)  # 20 more messages for each channel
    assert len(rows(store, tenant_id, channel="slack")) == 21
    for later in (1, 30, 119):  # inside the pause: nothing goes to Slack, the webhook is not held up
        report = deliver_pending(store, settings, now=t0 + timedelta(seconds=later), sleep=pytest.fail)
        assert report.sent.get("slack", 0) == 0
    assert len(slack_rec.requests) == 1  # the 429 alone
    assert _names(hook_rec.json_bodies(), slack=False) == names

    after = deliver_pending(store, settings, now=t0 + timedelta(seconds=121), sleep=pytest.fail)
    assert after.sent == {"slack": 21}
    sent = _names(slack_rec.json_bodies(), slack=True)
    assert sent[0] == "b00"  # the delayed message first…
    assert sent == _queued(store, tenant_id, "slack") == names  # …then the rest, oldest first
    assert all(r["status"] == outbox.DELIVERED for r in rows(store, tenant_id))


def test_retry_after_as_http_date_pauses_until_that_time(store, tenant_id, httpserver, receiver, secret_env):
    hook_rec = receiver("/ucs-hook")
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver)], burst_threshold=100)
    _scans(store, settings, ["a", "b", "c"])
    t0 = utcnow()
    hook_rec.script.append((429, {"Retry-After": format_datetime(t0 + timedelta(seconds=90), usegmt=True)}))
    assert deliver_pending(store, settings, now=t0, sleep=pytest.fail).rescheduled == {"hook": 3}
    assert deliver_pending(store, settings, now=t0 + timedelta(seconds=80), sleep=pytest.fail).sent == {}
    assert deliver_pending(store, settings, now=t0 + timedelta(seconds=95), sleep=pytest.fail).sent == {"hook": 3}
    assert _names(hook_rec.json_bodies(), slack=False) == ["a", "b", "c"]


def test_a_short_retry_after_never_holds_up_another_channel(store, tenant_id, httpserver, receiver, secret_env):
    slack_rec = receiver(SLACK_PATH, script=[(429, {"Retry-After": "2"})])
    hook_rec = receiver("/ucs-hook")
    settings = make_settings(tenant_id, [slack_webhook(secret_env, httpserver), webhook(secret_env, httpserver)])
    _scans(store, settings, ["a", "b"])
    waits: list[tuple[float, int]] = []  # (how long, how many webhook messages were in by then)
    report = deliver_pending(store, settings, sleep=lambda s: waits.append((s, len(hook_rec.accepted))))
    assert waits == [(2.0, 2)]  # Slack's wait came after the webhook's turn, and lasted what Slack asked
    assert report.sent == {"slack": 2, "hook": 2} and report.rescheduled == {} and report.errors == {}
    assert _names(slack_rec.json_bodies(), slack=True) == ["a", "b"] and len(slack_rec.requests) == 3


class TryLater:
    """An SMTP server that answers ``451`` to the first ``busy`` messages, then accepts."""

    def __init__(self, busy: int) -> None:
        self.busy = busy
        self.texts: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.busy > 0:
            self.busy -= 1
            return "451 4.3.0 mail system busy, try again later"
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.texts.append(msg.get_body(("plain",)).get_content())
        return "250 OK"


@pytest.fixture()
def busy_smtp() -> Iterator[tuple[TryLater, int]]:
    handler, port = TryLater(busy=3), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def test_smtp_temporary_failure_pauses_the_channel_for_its_back_off(store, tenant_id, busy_smtp):
    handler, port = busy_smtp
    mail = {"name": "mail", "type": "email", "host": "127.0.0.1", "port": port, "security": "none",
            "from": "UCS <alerts@ucs.example>", "to": ["secops@example.jp"]}
    retry = {"attempts": 3, "initial_wait": 0.01, "max_wait": 0.02, "backoff_initial": 60, "max_retry_after": 5}
    settings = make_settings(tenant_id, [mail], burst_threshold=100, retry=retry)
    _scans(store, settings, ["m0", "m1", "m2"])
    t0 = utcnow()
    first = deliver_pending(store, settings, now=t0, sleep=lambda s: None)  # three 451s: the retries run out
    assert first.rescheduled == {"mail": 3} and "SMTP 451" in first.errors["mail"]
    assert deliver_pending(store, settings, now=t0 + timedelta(seconds=30), sleep=lambda s: None).sent == {}
    assert handler.texts == []
    assert deliver_pending(store, settings, now=t0 + timedelta(seconds=61), sleep=lambda s: None).sent == {"mail": 3}
    assert [_name(t) for t in handler.texts] == ["m0", "m1", "m2"]


def test_status_shows_the_pause(store, tenant_id, httpserver, receiver, secret_env):
    receiver("/ucs-hook", script=[(429, {"Retry-After": "120"})])
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver)])
    _scans(store, settings, ["a"])
    t0 = utcnow()
    deliver_pending(store, settings, now=t0, sleep=pytest.fail)
    entry = outbox.Outbox(store.engine).backlog(tenant_id, now=t0)["hook"]
    assert entry["paused_until"] == t0 + timedelta(seconds=120) and "HTTP 429" in entry["pause_reason"]
    assert "paused_until" not in outbox.Outbox(store.engine).backlog(tenant_id, now=t0 + timedelta(seconds=121))["hook"]
