"""Monitoring-log intake: files, gzip, CloudTrail objects in moto's S3, the HTTP endpoint."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import pytest

from agent import events
from agent.daemon.throttle import Throttle
from agent.events.http_intake import start_http_intake
from agent.events.intake import Intake
from agent.events.sources import read_files, read_s3
from agent.settings.daemon import FileSource, HttpIntake, S3Source, ThrottleSettings
from agent.store.daemon_state import DaemonState


def ct_record(i: int, name: str = "PutBucketPolicy") -> dict:
    return {"eventVersion": "1.08", "eventTime": f"2026-03-02T09:00:{i % 60:02d}Z", "eventSource": "s3.amazonaws.com",
            "eventName": name, "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.7",
            "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/alice"},
            "requestParameters": {"bucketName": f"bucket-{i}"}, "eventID": f"id-{i}"}


@pytest.fixture()
def seen():
    got: list[events.Event] = []

    @events.detector("test-collect")
    def collect(tenant: str, batch):
        got.extend(batch)
        return 0

    yield got
    events.unregister_detector("test-collect")


def test_files_json_gzip_and_json_lines_with_malformed_lines(tmp_path: Path, store, tenant_id, seen) -> None:
    logs = tmp_path / "logs"
    (logs / "2026").mkdir(parents=True)
    (logs / "trail.json").write_text(json.dumps({"Records": [ct_record(i) for i in range(3)]}))
    (logs / "2026" / "trail.json.gz").write_bytes(gzip.compress(json.dumps({"Records": [ct_record(9)]}).encode()))
    (logs / "audit.jsonl").write_text("\n".join([
        json.dumps({"auditID": "a1", "verb": "delete", "user": {"username": "bob"},
                    "objectRef": {"namespace": "prod", "resource": "secrets", "name": "db"},
                    "requestReceivedTimestamp": "2026-03-02T09:00:00Z"}),
        "{not json",
        "",
        "42",
        json.dumps(ct_record(5)),
    ]) + "\n")
    state = DaemonState(store.engine)
    intake = Intake(tenant_id, None, state)
    src = FileSource(path=str(logs), source="files")
    taken = read_files(src, intake, state)
    assert (taken.accepted, taken.malformed) == (6, 2)
    assert any("audit.jsonl:2" in e for e in taken.errors) and any("audit.jsonl:4" in e for e in taken.errors)
    by_actor = {(e.source, e.actor, e.action, e.target) for e in seen}
    assert ("k8s.audit", "bob", "delete:secrets", "prod/secrets/db") in by_actor
    assert ("aws.cloudtrail", "arn:aws:iam::123456789012:user/alice", "s3:PutBucketPolicy", "bucket-9") in by_actor

    # Nothing is read twice; lines appended later are read from where the last poll stopped.
    assert read_files(src, intake, state).accepted == 0
    with open(logs / "audit.jsonl", "a") as f:
        f.write(json.dumps(ct_record(7)) + "\nbroken\n")
    again = read_files(src, intake, state)
    assert (again.accepted, again.malformed) == (1, 1)
    assert any("audit.jsonl:7" in e for e in again.errors)
    [row] = state.counts(tenant_id)  # committed with each file: nothing waits for a flush
    assert (row["source"], row["accepted"], row["malformed"], row["dropped"]) == ("files", 7, 3, 0)
    assert "audit.jsonl:7" in row["last_error"]


def test_cloudtrail_gzip_objects_in_s3_are_read_incrementally(moto_reset: str, store, tenant_id, seen) -> None:
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=moto_reset)
    s3.create_bucket(Bucket="trail-logs")
    prefix = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/02/"

    def put(n: int, body: bytes) -> None:
        s3.put_object(Bucket="trail-logs", Key=f"{prefix}123456789012_CloudTrail_us-east-1_20260302T09{n:02d}Z.json.gz",
                      Body=body)

    put(0, gzip.compress(json.dumps({"Records": [ct_record(i) for i in range(4)]}).encode()))
    put(5, gzip.compress(json.dumps({"Records": [ct_record(4, "DeleteTrail")]}).encode()))
    put(7, b"\x1f\x8b not really gzip")
    state = DaemonState(store.engine)
    intake = Intake(tenant_id, None, state)
    src = S3Source(bucket="trail-logs", prefix="AWSLogs/", endpoint_url=moto_reset)
    taken = read_s3(src, intake, state)
    assert (taken.accepted, taken.malformed) == (5, 1)
    assert "corrupt gzip" in taken.errors[0]
    assert "s3:DeleteTrail" in {e.action for e in seen}

    assert read_s3(src, intake, state).accepted == 0  # position remembered
    put(9, gzip.compress(json.dumps({"Records": [ct_record(11), ct_record(12)]}).encode()))
    fresh = Intake(tenant_id, None, state)  # as after a restart: the position is in the store
    assert read_s3(src, fresh, state).accepted == 2


def test_intake_while_suspended_counts_drops_by_source(store, tenant_id, seen) -> None:
    state = DaemonState(store.engine)
    now = datetime.now(UTC)
    state.open_suspension(tenant_id, now, now + timedelta(hours=1), "test", {})
    th = Throttle(tenant_id, ThrottleSettings(), state)
    intake = Intake(tenant_id, th, state)
    taken = intake.take_bytes("s3://a", b"\n".join(json.dumps(ct_record(i)).encode() for i in range(30)), "a")
    intake.take_records("http:edr", [{"title": "alert"}] * 4)
    assert (taken.accepted, taken.dropped) == (0, 30) and seen == []
    # in the store as the takes return (Art. 12): no tick, flush or close needed
    assert state.active_suspension(tenant_id).dropped == {"s3://a": 30, "http:edr": 4}
    assert {r["source"]: r["dropped"] for r in state.counts(tenant_id)} == {"s3://a": 30, "http:edr": 4}


def test_a_failing_detector_never_stops_intake(store, tenant_id, seen) -> None:
    @events.detector("test-broken")
    def broken(tenant, batch):
        raise RuntimeError("rule bug")

    try:
        intake = Intake(tenant_id, None, None)
        assert intake.take_records("x", [ct_record(1), ct_record(2)]).accepted == 2
        assert intake.detector_errors == 1 and len(seen) == 2
    finally:
        events.unregister_detector("test-broken")


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def test_http_intake_requires_the_bearer_token(tenant_id, seen) -> None:
    token = "s3cr3t-token-0123456789"
    intake = Intake(tenant_id, None, None)
    srv = start_http_intake(HttpIntake(enabled=True, port=0), intake, token)
    try:
        assert srv.httpd.server_address[0] == "127.0.0.1"
        url = f"{srv.url}/v1/events"
        body = b"\n".join(json.dumps(ct_record(i)).encode() for i in range(3)) + b"\nnope\n"
        assert _post(url, body, {})[0] == 401
        assert _post(url, body, {"Authorization": "Bearer wrong-token-0123456789"})[0] == 401
        assert _post(url, body, {"Authorization": token})[0] == 401  # no scheme
        assert seen == []
        code, doc = _post(url, body, {"Authorization": f"Bearer {token}", "X-UCS-Source": "edr"})
        assert code == 400 and (doc["accepted"], doc["malformed"], doc["reasons"]) == (0, 1, {"not_json": 1})
        assert seen == []  # all or nothing: the sender fixes the body and resends it
        code, doc = _post(url, body.replace(b"nope\n", b""), {"Authorization": f"Bearer {token}", "X-UCS-Source": "edr"})
        assert code == 202 and (doc["accepted"], doc["malformed"]) == (3, 0)
        code, doc = _post(url, gzip.compress(json.dumps({"Records": [ct_record(8)]}).encode()),
                          {"Authorization": f"Bearer {token}"})
        assert code == 202 and doc["accepted"] == 1
        assert {e.origin for e in seen} == {"http:edr", "http"}
        assert srv.httpd.rejected == 3
    finally:
        srv.stop()


def test_cloudtrail_lookup_events_resume_after_the_newest_event(httpserver, store, tenant_id, seen) -> None:
    from agent.events.sources import read_lookup_events
    from agent.settings.daemon import LookupSource
    from tests.events.cloudtrail_standin import LookupEventsStandIn

    api = LookupEventsStandIn(httpserver)
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for i in range(5):
        api.add(f"ev{i}", t0 + timedelta(seconds=10 * i), ct_record(i, "ConsoleLogin"))
    api.events.append({"EventId": "broken", "EventName": "X", "EventTime": (t0 + timedelta(seconds=5)).timestamp(),
                       "CloudTrailEvent": "{truncated"})
    src = LookupSource(endpoint_url=httpserver.url_for("/").rstrip("/"), lookback_minutes=30)
    state = DaemonState(store.engine)
    intake = Intake(tenant_id, None, state)
    now = t0 + timedelta(minutes=1)
    taken = read_lookup_events(src, intake, state, now=now)
    assert taken.accepted == 6 and len(api.requests) == 3  # paged by the official paginator
    assert {e.action for e in seen} >= {"s3:ConsoleLogin"}
    # The next poll looks back over the overlap window and skips what it already took there, so an
    # event CloudTrail shows late (with an earlier event time) is still taken in, once.
    api.add("ev5", t0 + timedelta(seconds=90), ct_record(5, "DeleteTrail"))
    api.add("late", t0 + timedelta(seconds=15), ct_record(6, "StopLogging"))
    again = read_lookup_events(src, intake, state, now=now + timedelta(minutes=1))
    assert again.accepted == 2 and {e.action for e in seen[-2:]} == {"s3:DeleteTrail", "s3:StopLogging"}
    assert api.requests[-1]["StartTime"] == (t0 + timedelta(seconds=40) - timedelta(minutes=15)).timestamp()
    assert read_lookup_events(src, intake, state, now=now + timedelta(minutes=2)).accepted == 0
    assert api.requests[-1]["StartTime"] == (t0 + timedelta(seconds=90) - timedelta(minutes=15)).timestamp()


def test_s3_position_is_kept_per_account_and_region(moto_reset: str, store, tenant_id, seen) -> None:
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=moto_reset)
    s3.create_bucket(Bucket="org-trail")

    def put(account: str, region: str, stamp: str, i: int) -> None:
        s3.put_object(Bucket="org-trail",
                      Key=f"AWSLogs/o-abc/{account}/CloudTrail/{region}/2026/03/02/{account}_CloudTrail_{region}_{stamp}.json.gz",
                      Body=gzip.compress(json.dumps({"Records": [ct_record(i)]}).encode()))

    put("111111111111", "us-east-1", "20260302T0900Z", 1)
    put("222222222222", "eu-west-1", "20260302T0900Z", 2)
    s3.put_object(Bucket="org-trail", Key="AWSLogs/o-abc/111111111111/CloudTrail-Digest/us-east-1/2026/03/02/d.json.gz",
                  Body=gzip.compress(b'{"digestStartTime": "2026-03-02T08:00:00Z"}'))
    state = DaemonState(store.engine)
    intake = Intake(tenant_id, None, state)
    src = S3Source(bucket="org-trail", prefix="AWSLogs/", endpoint_url=moto_reset)
    assert read_s3(src, intake, state).accepted == 2  # the digest file is not an event
    # New objects that sort *before* keys already read (another account, an earlier region) are
    # still found: each account+region folder has its own position.
    put("111111111111", "ap-northeast-1", "20260302T0905Z", 3)
    put("111111111111", "us-east-1", "20260302T0905Z", 4)
    put("222222222222", "eu-west-1", "20260302T0905Z", 5)
    assert read_s3(src, intake, state).accepted == 3
    assert read_s3(src, intake, state).accepted == 0
    assert sorted(e.target for e in seen) == [f"bucket-{i}" for i in range(1, 6)]
