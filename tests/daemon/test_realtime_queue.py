"""The realtime change queue (coalescing, settle delay, max wait) and the per-account budget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.daemon.realtime import Budget, ChangeQueue
from agent.events.changes import changes_in
from agent.settings.realtime import RealtimeSettings
from tests.events.test_change_mapping import _one


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def bucket_change(name: str, seconds: int = 0, event: str = "PutBucketAcl"):  # type: ignore[no-untyped-def]
    ev = _one("aws", "s3-bucket")
    ev["requestParameters"]["bucketName"] = name
    ev["eventName"] = event
    ev["eventTime"] = (datetime(2026, 12, 1, 3, 0, tzinfo=UTC) + timedelta(seconds=seconds)).isoformat()
    return changes_in(ev)


def test_a_burst_to_one_resource_is_one_entry_after_the_settle_delay() -> None:
    clock = Clock()
    q = ChangeQueue(RealtimeSettings(settle_seconds=10, max_wait_seconds=60), clock)
    for i in range(50):
        q.add(bucket_change("b1", seconds=i))
        clock.t += 0.1
    q.add(bucket_change("b2"))
    assert len(q) == 2 and q.events == 51
    assert q.due() == []  # still changing
    clock.t += 10
    due = {p.change.key: p for p in q.due()}
    assert set(due) == {"b1", "b2"} and due["b1"].events == 50
    assert due["b1"].first_event == datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # latency counts from the first event
    assert len(q) == 0


def test_a_resource_that_never_settles_is_taken_at_max_wait() -> None:
    clock = Clock()
    q = ChangeQueue(RealtimeSettings(settle_seconds=10, max_wait_seconds=30), clock)
    for _ in range(40):
        q.add(bucket_change("busy"))
        clock.t += 1
    assert [p.change.key for p in q.due()] == ["busy"]


def test_the_latest_event_decides_deleted_or_written() -> None:
    clock = Clock()
    q = ChangeQueue(RealtimeSettings(settle_seconds=0), clock)
    q.add(bucket_change("b", event="PutBucketPolicy"))
    q.add(bucket_change("b", event="DeleteBucket"))
    (p,) = q.due()
    assert p.deleted and p.events == 2
    q.add(bucket_change("b", event="DeleteBucket"))
    q.add(bucket_change("b", event="CreateBucket"))
    (p,) = q.due()
    assert not p.deleted


def test_providers_not_enabled_are_not_queued() -> None:
    q = ChangeQueue(RealtimeSettings(providers=["kubernetes"]), Clock())
    assert q.add(bucket_change("b")) == 0 and len(q) == 0


def test_budget_caps_per_hour_and_per_day() -> None:
    clock = Clock()
    b = Budget(per_hour=2, per_day=3, clock=clock)
    assert b.take("1") is None and b.take("1") is None
    assert "hourly cap" in (b.take("1") or "")
    assert b.take("2") is None  # accounts are apart
    clock.t += 3601
    assert b.take("1") is None
    assert "daily cap" in (b.take("1") or "")
    clock.t += 86400
    assert b.take("1") is None


def test_budget_seeded_from_the_store_survives_a_restart() -> None:
    clock = Clock()
    b = Budget(per_hour=100, per_day=5, clock=clock)
    b.seed("1", lambda: 5)
    b.seed("1", lambda: 0)  # seeded once: the store is asked the first time only
    assert "daily cap" in (b.take("1") or "")
