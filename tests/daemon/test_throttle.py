"""Art. 11 throttle with a controlled clock (time-machine), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from agent.daemon.throttle import RESUMED, SUSPENDED, Notice, Throttle, resume_tenant
from agent.events.intake import Intake
from agent.settings.daemon import ThrottleSettings
from agent.store.daemon_state import DaemonState

START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
POLICY = ThrottleSettings(threshold_per_minute=100, sustain_minutes=3, suspend_minutes=10)


@pytest.fixture()
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _minute(th: Throttle, clock, events: int) -> list[bool]:
    """Feed ``events`` in batches of 50 during one minute, then move to the next minute; whether
    each batch was admitted."""
    out = [th.meter(50) is None for _ in range(events // 50)]
    clock.shift(60)
    return out


def _take(intake: Intake, source: str, n: int) -> int:
    """Hand ``n`` generic records to the intake; how many of them it dropped."""
    return intake.take_records(source, [{"title": "alert"}] * n).dropped


def _throttle(store, tenant: str, notices: list[Notice], policy: ThrottleSettings = POLICY) -> Throttle:
    return Throttle(tenant, policy, DaemonState(store.engine), notices.append)


def test_burst_shorter_than_sustain_never_suspends(store, tenant_id, clock) -> None:
    notices: list[Notice] = []
    th = _throttle(store, tenant_id, notices)
    for events in (500, 500, 50, 500, 500, 0, 1000, 1000):  # never three over-threshold minutes in a row
        assert all(_minute(th, clock, events))
    assert th.tick() is None
    assert DaemonState(store.engine).suspensions(tenant_id) == []
    assert notices == []


def test_sustained_overload_suspends_drops_counts_and_resumes(store, tenant_id, clock) -> None:
    notices: list[Notice] = []
    state = DaemonState(store.engine)
    th = _throttle(store, tenant_id, notices)
    intake = Intake(tenant_id, th, state)
    for _ in range(3):
        assert all(_minute(th, clock, 400))
    # The third over-threshold minute closes on the next event: suspended, and that event dropped.
    assert _take(intake, "s3://logs/", 50) == 50
    assert _take(intake, "http:edr", 7) == 7
    sus = th.suspended()
    assert sus is not None and sus.planned_end == START.replace(minute=13)
    assert sus.rates["peak_events_per_minute"] == 400 and len(sus.rates["minutes"]) == 3
    assert "Art. 11" in sus.reason
    assert [(n.kind, n.audiences) for n in notices] == [(SUSPENDED, ("tenant", "operator"))]
    th.tick()
    stored = state.active_suspension(tenant_id)
    assert stored is not None and stored.notified and stored.dropped == {"s3://logs/": 50, "http:edr": 7}

    clock.shift(9 * 60)
    assert th.meter(10) == sus.id
    assert _take(intake, "s3://logs/", 10) == 10
    clock.shift(60)  # planned end reached: resumes by itself
    assert th.meter(10) is None
    assert th.suspended() is None
    [done] = state.suspensions(tenant_id)
    assert done.ended_by == "auto" and done.ended_at == START.replace(minute=13)
    assert done.dropped == {"s3://logs/": 60, "http:edr": 7}
    assert [n.kind for n in notices] == [SUSPENDED, RESUMED]
    assert notices[1].suspension.ended_at is not None


def test_restart_neither_lifts_suspension_nor_resets_meter(store, tenant_id, clock) -> None:
    notices: list[Notice] = []
    th = _throttle(store, tenant_id, notices)
    _minute(th, clock, 300)
    _minute(th, clock, 300)
    th.meter(300)  # third minute half-way, then the daemon restarts
    th.close()
    th2 = _throttle(store, tenant_id, notices)
    clock.shift(60)
    state = DaemonState(store.engine)
    assert _take(Intake(tenant_id, th2, state), "src", 1) == 1  # the stored streak + open minute carried over
    th2.tick()
    th3 = _throttle(store, tenant_id, notices)  # restart during the suspension
    assert th3.suspended() is not None
    assert _take(Intake(tenant_id, th3, state), "src", 5) == 5
    assert state.active_suspension(tenant_id).dropped == {"src": 6}


def test_two_tenants_are_isolated(store, tenant_id, clock) -> None:
    other = tenant_id + "b"
    notices: list[Notice] = []
    flood = _throttle(store, tenant_id, notices)
    calm = _throttle(store, other, notices)
    admitted = 0
    for _ in range(5):
        for _ in range(20):
            flood.meter(50)
        admitted += sum(calm.meter(10) is None for _ in range(5)) * 10
        clock.shift(60)
    flood.tick()
    calm.tick()
    state = DaemonState(store.engine)
    assert state.active_suspension(tenant_id) is not None
    assert state.active_suspension(other) is None
    assert admitted == 5 * 50 and calm.meter(1) is None
    assert {n.tenant for n in notices} == {tenant_id}


def test_manual_resume_is_recorded_and_picked_up(store, tenant_id, clock) -> None:
    notices: list[Notice] = []
    th = _throttle(store, tenant_id, notices, ThrottleSettings(threshold_per_minute=10, sustain_minutes=1,
                                                               suspend_minutes=60, notify_operator=False))
    _minute(th, clock, 100)
    assert th.meter(1) is not None
    state = DaemonState(store.engine)
    lifted = resume_tenant(state, tenant_id, "alice", "customer fixed the log loop")
    assert lifted is not None and lifted.ended_by == "manual:alice"
    assert lifted.end_reason == "customer fixed the log loop"
    assert resume_tenant(state, tenant_id, "bob", "again") is None  # nothing active any more
    th.tick()  # the daemon sees the resume made elsewhere
    assert th.meter(1) is None
    assert [(n.kind, n.audiences) for n in notices] == [(SUSPENDED, ("tenant",)), (RESUMED, ("tenant",))]


def test_findings_rate_can_also_trigger_a_suspension(store, tenant_id, clock) -> None:
    notices: list[Notice] = []
    th = _throttle(store, tenant_id, notices, ThrottleSettings(threshold_per_minute=10**6, findings_threshold_per_minute=5,
                                                               sustain_minutes=1, suspend_minutes=5))
    th.record_findings(4)
    clock.shift(60)
    assert th.meter(1) is None  # 4 findings/min is within the policy
    th.record_findings(6)
    clock.shift(60)
    assert th.meter(1) is not None
    assert th.suspended().rates["minutes"][-1]["findings"] == 6
