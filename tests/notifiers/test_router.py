"""Routing through the real Store: transitions only, route filters, bursts, the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agent.core.model import Severity, Status
from agent.store import outbox
from notifiers import enqueue_event
from notifiers.router import route_transitions
from tests.notifiers.conftest import finding, make_settings, record

HOOK = {"name": "hook", "type": "webhook", "url_env": "UCS_T_HOOK_URL", "secret_env": "UCS_T_HOOK_KEY"}


def rows(store, tenant, **where):
    o = outbox.outbox
    q = select(o).where(o.c.tenant == tenant).order_by(o.c.id)
    for k, v in where.items():
        q = q.where(getattr(o.c, k) == v)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def test_dedup_across_three_scans(store, tenant_id):
    settings = make_settings(tenant_id, [HOOK])
    bucket = finding("aws.s3.notifytest_private", "bucket-a")
    user = finding("aws.iam.notifytest_mfa", "user-b")
    record(store, settings, [bucket, user])
    first = rows(store, tenant_id)
    assert sorted(r["event"] for r in first) == ["new", "new"]

    # Second scan: nothing changed, so nothing is queued.
    record(store, settings, [finding("aws.s3.notifytest_private", "bucket-a"),
                             finding("aws.iam.notifytest_mfa", "user-b")])
    assert len(rows(store, tenant_id)) == 2

    # Third scan: the bucket is fixed; one "resolved" message, the user stays quiet.
    record(store, settings, [finding("aws.s3.notifytest_private", "bucket-a", Status.PASS),
                             finding("aws.iam.notifytest_mfa", "user-b")])
    after = rows(store, tenant_id)
    assert [r["event"] for r in after] == ["new", "new", "resolved"]
    assert after[2]["payload"]["finding"]["resource"]["name"] == "bucket-a"
    assert after[2]["thread_key"] == after[0]["thread_key"] or after[2]["thread_key"] == after[1]["thread_key"]


def test_reopened_and_severity_raised_are_announced(store, tenant_id):
    settings = make_settings(tenant_id, [HOOK])
    record(store, settings, [finding("aws.ec2.notifytest_tags", "i-1")])
    record(store, settings, [finding("aws.ec2.notifytest_tags", "i-1", Status.PASS)])
    record(store, settings, [finding("aws.ec2.notifytest_tags", "i-1")])
    record(store, settings, [finding("aws.ec2.notifytest_tags", "i-1", severity=Severity.HIGH)])
    got = rows(store, tenant_id)
    assert [r["event"] for r in got] == ["new", "resolved", "reopened", "severity_raised"]
    assert got[-1]["payload"]["previous_severity"] == "low"


def test_resolved_is_optional_per_route(store, tenant_id):
    routes = [{"name": "default", "channels": ["hook"]}]  # default transitions leave out "resolved"
    settings = make_settings(tenant_id, [HOOK], routes)
    record(store, settings, [finding("aws.s3.notifytest_private", "b")])
    record(store, settings, [finding("aws.s3.notifytest_private", "b", Status.PASS)])
    assert [r["event"] for r in rows(store, tenant_id)] == ["new"]


def test_route_filters_and_fan_out(store, tenant_id):
    slack = {"name": "slack", "type": "slack", "webhook_url_env": "UCS_T_SLACK"}
    routes = [
        {"name": "crit-iam", "match": {"min_severity": "critical", "services": ["iam"]}, "channels": ["slack"]},
        {"name": "prod-s3", "match": {"checks": ["aws.s3.*"], "tags": {"env": "prod*"}, "accounts": ["111122223333"],
                                      "providers": ["aws"], "kinds": ["misconfiguration"]}, "channels": ["slack", "hook"]},
        {"name": "everything-high", "match": {"min_severity": "high"}, "channels": ["hook"]},
    ]
    settings = make_settings(tenant_id, [slack, HOOK], routes)
    record(store, settings, [
        finding("aws.iam.notifytest_mfa", "u1"),                                   # crit-iam + everything-high
        finding("aws.s3.notifytest_private", "b-prod", tags={"env": "production"}),  # prod-s3 + everything-high
        finding("aws.s3.notifytest_private", "b-dev", tags={"env": "dev"}),          # everything-high only
        finding("aws.s3.notifytest_private", "b-other", account="999988887777", tags={"env": "prod"}),
        finding("aws.ec2.notifytest_tags", "i-1"),                                 # low: no route
    ])
    by_channel: dict[str, list[str]] = {}
    for r in rows(store, tenant_id):
        by_channel.setdefault(r["channel"], []).append(r["payload"]["finding"]["resource"]["name"])
    assert sorted(by_channel["slack"]) == ["b-prod", "u1"]
    # Two routes send b-prod to "hook": it still gets one message.
    assert sorted(by_channel["hook"]) == ["b-dev", "b-other", "b-prod", "u1"]


def test_burst_becomes_one_summary_per_channel(store, tenant_id):
    small = dict(HOOK, name="small", burst_threshold=3)
    settings = make_settings(tenant_id, [HOOK, small], burst_threshold=20)
    results = [finding("aws.s3.notifytest_private", f"b{i:02d}") for i in range(12)]
    results += [finding("aws.iam.notifytest_mfa", f"u{i}") for i in range(2)]
    record(store, settings, results)
    assert len(rows(store, tenant_id, channel="hook")) == 14  # under the tenant threshold of 20
    summary = rows(store, tenant_id, channel="small")
    assert len(summary) == 1 and summary[0]["kind"] == "burst"
    payload = summary[0]["payload"]
    assert payload["total"] == 14
    assert payload["by_severity"] == {"high": 12, "critical": 2}
    assert [t["severity"] for t in payload["top"][:2]] == ["critical", "critical"]
    assert payload["scan_id"] is not None and len(payload["top"]) == 10


def test_outbox_rows_share_the_scan_transaction(store, tenant_id):
    settings = make_settings(tenant_id, [HOOK])

    def hook_then_fail(conn, transitions):
        assert route_transitions(conn, settings, transitions) == 1
        raise RuntimeError("scan aborted after routing")

    with pytest.raises(RuntimeError):
        record(store, settings, [finding("aws.s3.notifytest_private", "b")], hook=hook_then_fail)
    assert rows(store, tenant_id) == []
    assert store.findings(tenant_id) == []
    # The scan runs again and this time commits: the message is queued exactly once.
    record(store, settings, [finding("aws.s3.notifytest_private", "b")])
    assert len(rows(store, tenant_id)) == 1


def test_enqueue_event_is_routed_and_idempotent(store, tenant_id):
    routes = [{"name": "ops", "match": {"transitions": ["remediation_failed", "service_suspended"],
                                        "min_severity": "high"}, "channels": ["hook"]}]
    settings = make_settings(tenant_id, [HOOK], routes)
    f = finding("aws.s3.notifytest_private", "b")
    assert enqueue_event(store, settings, "remediation_failed", {"finding": f, "message": "access denied"}) == 1
    assert enqueue_event(store, settings, "remediation_failed", {"finding": f, "message": "access denied"}) == 0
    with store.engine.begin() as conn:  # inside the caller's own transaction
        assert enqueue_event(conn, settings, "service_suspended", {"title": "log volume"}, key="susp-1") == 1
    # Not routed: the route does not list it.
    assert enqueue_event(store, settings, "service_resumed", {"title": "log volume"}) == 0
    got = rows(store, tenant_id)
    assert [(r["event"], r["severity"]) for r in got] == [("remediation_failed", 3), ("service_suspended", 4)]
    with pytest.raises(ValueError, match="unknown notification event"):
        enqueue_event(store, settings, "exploded", {})
