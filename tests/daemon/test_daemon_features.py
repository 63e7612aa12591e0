"""Daemon features around the scheduler: intake behind its menu, HTTP intake, retention, the
tenant and status commands."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from agent.cli import main
from agent.daemon.jobs import purge_old
from agent.daemon.service import Daemon
from agent.settings.tenant import load_settings
from agent.store import Store
from agent.store.daemon_state import DaemonState
from agent.store.tables import event_counts, finding_history
from tests.daemon.helpers import tenant_config, wait_for, write_config

TOKEN = "intake-token-for-tests-0123456789"


def _config(tmp_path: Path, store_url: str, tenant: str, **sections) -> Path:
    return write_config(tmp_path / f"{tenant}.yaml", tenant_config(tenant, store_url, **sections))


def test_intake_needs_the_threat_detection_menu(tmp_path, store_url, tenant_id, caplog) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "a.jsonl").write_text('{"eventName": "X", "eventSource": "iam.amazonaws.com", '
                                  '"eventTime": "2026-03-02T09:00:00Z"}\nbad\n')
    intake = {"files": [{"path": str(logs), "source": "files"}]}
    without = Daemon(str(_config(tmp_path, store_url, tenant_id, intake=intake))).start()
    try:
        assert not without.intake_allowed and without.scheduler.get_job("intake") is None
        assert "threat-detection" in caplog.text
    finally:
        without.stop()
    with_menu = Daemon(str(_config(tmp_path, store_url, tenant_id, intake=intake,
                                   menus={"options": ["threat-detection"]}))).start()
    try:
        assert with_menu.scheduler.get_job("intake") is not None
        with_menu.run("intake", "")
        [row] = DaemonState(with_menu.store.engine).counts(tenant_id)
        assert (row["accepted"], row["malformed"]) == (1, 1)
    finally:
        with_menu.stop()


def test_http_intake_through_the_daemon(tmp_path, store_url, tenant_id, monkeypatch) -> None:
    monkeypatch.setenv("UCS_INTAKE_TOKEN", TOKEN)
    d = Daemon(str(_config(tmp_path, store_url, tenant_id, menus={"options": ["threat-detection"]},
                           intake={"http": {"enabled": True, "port": 0}}))).start()
    try:
        body = (b'{"Records": [{"eventName": "StopLogging", "eventSource": "cloudtrail.amazonaws.com", '
                b'"eventTime": "2026-03-02T09:00:00Z"}]}')
        req = urllib.request.Request(f"{d.http_intake.url}/v1/events", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            assert r.status == 202 and json.loads(r.read())["accepted"] == 1
        d.run("tick", "")
        assert [(r["source"], r["accepted"]) for r in DaemonState(d.store.engine).counts(tenant_id)] == [("http", 1)]
    finally:
        d.stop()


def test_retention_removes_only_old_rows_of_the_tenant(store, tenant_id, tmp_path) -> None:
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=40), now - timedelta(days=5)
    rows = [{"tenant": t, "fingerprint": "f" * 32, "scan_id": None, "at": at, "from_state": None,
             "to_state": "new", "status": "FAIL", "severity": 3, "reason": None}
            for t in (tenant_id, tenant_id + "x") for at in (old, recent)]
    with store.engine.begin() as conn:
        conn.execute(insert(finding_history), rows)
    state = DaemonState(store.engine)
    state.add_counts(tenant_id, old.strftime("%Y-%m-%d"), {"s": (1, 0, 0, None)})
    state.add_counts(tenant_id, recent.strftime("%Y-%m-%d"), {"s": (2, 0, 0, None)})
    settings = load_settings(_config(tmp_path, store.url, tenant_id, daemon={"retention": {"days": 30}}))
    removed = purge_old(store, settings, now)
    assert removed == {"finding_history": 1, "event_counts": 1}
    with store.engine.connect() as conn:
        left = conn.execute(select(finding_history.c.tenant, finding_history.c.at).where(
            finding_history.c.tenant.in_([tenant_id, tenant_id + "x"]))).all()
        assert sorted(t for t, _ in left) == sorted([tenant_id, tenant_id + "x", tenant_id + "x"])
        assert conn.execute(select(event_counts.c.accepted).where(event_counts.c.tenant == tenant_id)).scalars().all() == [2]


@pytest.fixture()
def cli_logging():
    """`main()` configures process-wide logging (root handler, library levels); put it back so
    later tests in this process see the logging they expect."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in logging.root.manager.loggerDict})
    yield
    root.handlers[:], root.level = saved[0], saved[1]
    for name in list(logging.root.manager.loggerDict):
        logging.getLogger(name).setLevel(saved[2].get(name, logging.NOTSET))


def test_tenant_commands_list_and_resume_suspensions(tmp_path, store_url, tenant_id, capsys, cli_logging) -> None:
    config = _config(tmp_path, store_url, tenant_id)
    store = Store(store_url)
    state = DaemonState(store.engine)
    now = datetime.now(UTC)
    sus = state.open_suspension(tenant_id, now, now + timedelta(hours=1), "Art. 11: test flood",
                                {"peak_events_per_minute": 9000})
    state.add_drops(tenant_id, sus.id, {"s3://trail": 120, "http": 3})
    assert main(["tenant", "suspensions", "--json", "--config", str(config)]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["ended_at"] is None and listed["dropped"] == {"s3://trail": 120, "http": 3}
    assert listed["dropped_total"] == 123

    assert main(["status", "--config", str(config)]) == 0
    assert "SUSPENDED" in capsys.readouterr().out

    assert main(["tenant", "resume", "--config", str(config), "--reason", "loop fixed", "--by", "ops-alice"]) == 0
    assert "lifted by ops-alice" in capsys.readouterr().out
    [done] = state.suspensions(tenant_id)
    assert done.ended_by == "manual:ops-alice" and done.end_reason == "loop fixed"
    assert main(["tenant", "resume", "--config", str(config), "--reason", "again"]) == 0
    assert "no active suspension" in capsys.readouterr().out
    assert main(["tenant", "suspensions", "--config", str(config)]) == 0
    assert "manual:ops-alice" in capsys.readouterr().out
    store.close()


class StepClock:
    """A clock the test moves by hand (the daemon's meter reads it; APScheduler keeps real time)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC).timestamp()

    def __call__(self) -> float:
        return self.now


def _post(d: Daemon, n: int) -> dict:
    body = "\n".join(json.dumps({"eventName": "GetObject", "eventSource": "s3.amazonaws.com",
                                 "eventTime": "2026-03-02T09:00:05Z", "i": i})
                     for i in range(n)).encode()
    req = urllib.request.Request(f"{d.http_intake.url}/v1/events", data=body, method="POST",
                                 headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


def test_flood_suspends_one_tenant_only_skips_its_scans_and_resumes(tmp_path, store_url, tenant_id, monkeypatch,
                                                                    httpserver) -> None:
    monkeypatch.setenv("UCS_INTAKE_TOKEN", TOKEN)
    monkeypatch.setenv("UCS_T_OPS_URL", httpserver.url_for("/ops"))
    monkeypatch.setenv("UCS_T_OPS_KEY", "hmac-key-for-tests")
    httpserver.expect_request("/ops", method="POST").respond_with_data("ok")
    clock = StepClock()
    sections = {
        "menus": {"options": ["threat-detection"]}, "intake": {"http": {"enabled": True, "port": 0}},
        "throttle": {"threshold_per_minute": 100, "sustain_minutes": 2, "suspend_minutes": 5},
        "notifications": {
            "channels": [{"name": "ops", "type": "webhook", "url_env": "UCS_T_OPS_URL", "secret_env": "UCS_T_OPS_KEY"}],
            "routes": [{"name": "art11", "match": {"transitions": ["service_suspended", "service_resumed"]},
                        "channels": ["ops"]}]},
    }
    flooded = Daemon(str(_config(tmp_path, store_url, tenant_id, **sections)), clock=clock).start()
    calm = Daemon(str(_config(tmp_path, store_url, tenant_id + "c", **sections)), clock=clock).start()

    def events_sent() -> list[str]:
        return [req.headers.get("X-UCS-Event", "") for req, _ in httpserver.log]

    try:
        for _ in range(2):
            assert _post(flooded, 300)["accepted"] == 300
            assert _post(calm, 20)["accepted"] == 20
            clock.now += 60
        assert _post(flooded, 40) == {"accepted": 0, "malformed": 0, "dropped": 40, "errors": []}
        assert _post(calm, 20)["accepted"] == 20  # the other tenant is untouched
        flooded.run("tick", "")
        calm.run("tick", "")
        state = DaemonState(flooded.store.engine)
        sus = state.active_suspension(tenant_id)
        assert sus is not None and sus.dropped == {"http": 40} and sus.rates["peak_events_per_minute"] == 300
        assert state.active_suspension(tenant_id + "c") is None
        # The notice goes out after the fact, although deliveries are otherwise skipped while suspended.
        wait_for(lambda: events_sent() == ["service_suspended"], 20, "the suspension notice")
        notice = json.loads(httpserver.log[0][0].get_data())
        assert notice["tenant"] == tenant_id and notice["event"]["suspension"]["suspension_id"] == sus.id

        flooded.run("scan", "aws:123456789012")  # a scheduled scan while suspended: skipped, recorded
        [refused] = flooded.store.scans(tenant_id)
        assert refused.status == "refused" and f"suspension {sus.id}" in refused.error

        clock.now += 5 * 60  # planned end
        assert _post(flooded, 10)["accepted"] == 10
        [done] = state.suspensions(tenant_id)
        assert done.ended_by == "auto" and done.dropped == {"http": 40}
        flooded.run("outbox", "")
        assert events_sent() == ["service_suspended", "service_resumed"]
    finally:
        flooded.stop()
        calm.stop()


def test_health_and_metrics_endpoints(tmp_path, store_url, tenant_id, monkeypatch) -> None:
    monkeypatch.setenv("UCS_INTAKE_TOKEN", TOKEN)
    d = Daemon(str(_config(tmp_path, store_url, tenant_id, menus={"options": ["threat-detection"]},
                           intake={"http": {"enabled": True, "port": 0}},
                           daemon={"health": {"port": 0}}))).start()
    try:
        base = d.health.url
        assert d.health.httpd.server_address[0] == "127.0.0.1"  # loopback by default
        _post(d, 3)
        with urllib.request.urlopen(f"{base}/readyz", timeout=5) as r:
            assert r.status == 200
        with urllib.request.urlopen(f"{base}/metrics", timeout=5) as r:
            text = r.read().decode()
        assert f'ucs_events_accepted_total{{source="http",tenant="{tenant_id}"}} 3.0' in text
        assert f'ucs_throttle_suspended{{tenant="{tenant_id}"}} 0.0' in text
        assert f'ucs_intake_events_this_minute{{tenant="{tenant_id}"}} 3.0' in text
        d.stopping.set()  # while stopping, the daemon is alive but no longer ready
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=5)
            raise AssertionError("readyz answered 200 while stopping")
        except urllib.error.HTTPError as e:
            assert e.code == 503 and b"scheduler not running" in e.read()
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as r:
            assert r.status == 200
        d.stopping.clear()
    finally:
        d.stop()
