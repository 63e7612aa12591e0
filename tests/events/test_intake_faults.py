"""Issue 23, defects 5 and 6 in process: a malformed record never jams the files intake, positions
are committed per file with that file's counts, and drops are in the store when the take returns."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent import events
from agent.daemon.throttle import Throttle
from agent.events.intake import Intake
from agent.events.sources import read_files
from agent.settings.daemon import FileSource, ThrottleSettings
from agent.store.daemon_state import DaemonState
from tests.events.test_intake import ct_record


def k8s_record(i: int) -> dict[str, Any]:
    return {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "auditID": f"a{i}", "verb": "get",
            "user": {"username": "bob"}, "objectRef": {"namespace": "prod", "resource": "pods", "name": f"p{i}"},
            "requestReceivedTimestamp": "2026-03-02T09:00:00Z"}


# Each is valid JSON of the wrong shape, as one line of a JSON-lines file: (line, reason).
MALFORMED = {
    "records_holds_a_string": (json.dumps({"Records": ["not a record"]}), "not_an_object"),
    "cloudtrail_without_event_time": (json.dumps({"Records": [{"eventName": "X", "eventSource": "s3.amazonaws.com"}]}),
                                      "missing_field"),
    "cloudtrail_without_event_name": (json.dumps({"Records": [{"eventTime": "2026-03-02T09:00:00Z",
                                                                 "eventSource": "s3.amazonaws.com"}]}),
                                      "missing_field"),
    "identity_is_a_string": (json.dumps({**ct_record(50), "userIdentity": "alice"}), "wrong_type"),
    "k8s_user_is_a_string": (json.dumps({**k8s_record(50), "user": "bob"}), "wrong_type"),
    "k8s_object_ref_is_a_list": (json.dumps({**k8s_record(51), "objectRef": ["prod", "pods"]}), "wrong_type"),
    "k8s_audit_line_is_a_list": (json.dumps([k8s_record(52)]), "not_an_object"),
}


@pytest.fixture()
def seen():
    got: list[events.Event] = []

    @events.detector("test-faults")
    def collect(tenant: str, batch):
        got.extend(batch)
        return 0

    yield got
    events.unregister_detector("test-faults")


def _scenario(logs: Path, bad_line: str) -> None:
    """Five files read in name order; the third holds one malformed record between good ones."""
    logs.mkdir()
    (logs / "1.json").write_text(json.dumps({"Records": [ct_record(1), ct_record(2)]}))
    (logs / "2.jsonl").write_text(json.dumps(k8s_record(3)) + "\n")
    (logs / "3.jsonl").write_text("\n".join([json.dumps(ct_record(4)), bad_line, json.dumps(k8s_record(5))]) + "\n")
    (logs / "4.json").write_text(json.dumps({"Records": [ct_record(6)]}))
    (logs / "5.jsonl").write_text(json.dumps(k8s_record(7)) + "\n")


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_record_is_counted_and_skipped_and_later_files_are_read(case, tmp_path, store, tenant_id,
                                                                            seen) -> None:
    bad_line, reason = MALFORMED[case]
    logs = tmp_path / "logs"
    _scenario(logs, bad_line)
    state = DaemonState(store.engine)
    src = FileSource(path=str(logs), source="files")
    first = read_files(src, Intake(tenant_id, None, state), state)
    second = read_files(src, Intake(tenant_id, None, state), state)  # the next poll (a fresh daemon alike)
    assert (first.accepted, first.malformed, second.accepted, second.malformed) == (7, 1, 0, 0)
    assert sorted(e.raw.get("eventID") or e.raw["auditID"] for e in seen) == [
        "a3", "a5", "a7", "id-1", "id-2", "id-4", "id-6"]  # each event once, files 4 and 5 read
    assert first.reasons == {reason: 1} and "3.jsonl:2" in first.errors[0]
    [row] = state.counts(tenant_id)  # committed with the files: no flush needed
    assert (row["accepted"], row["malformed"], row["malformed_by_reason"]) == (7, 1, {reason: 1})
    assert "3.jsonl:2" in row["last_error"]


class Killed(BaseException):
    """Stands for the process dying half-way through a poll (not an error intake could catch)."""


def test_positions_are_committed_per_file_so_a_crash_mid_poll_re_reads_nothing(tmp_path, store, tenant_id,
                                                                                 seen) -> None:
    logs = tmp_path / "logs"
    _scenario(logs, MALFORMED["records_holds_a_string"][0])  # a shape main already skipped: positions alone

    @events.detector("test-dies-on-file-4")
    def die(tenant: str, batch):
        if any(e.raw.get("eventID") == "id-6" for e in batch):
            raise Killed
        return 0

    state = DaemonState(store.engine)
    src = FileSource(path=str(logs), source="files")
    try:
        with pytest.raises(Killed):
            read_files(src, Intake(tenant_id, None, state), state)
    finally:
        events.unregister_detector("test-dies-on-file-4")
    assert [r["accepted"] for r in state.counts(tenant_id)] == [5]  # files 1-3 committed, file 4 not
    del seen[:]
    again = read_files(src, Intake(tenant_id, None, state), state)
    assert again.accepted == 2 and sorted(e.raw.get("eventID") or e.raw["auditID"] for e in seen) == ["a7", "id-6"]
    assert [r["accepted"] for r in state.counts(tenant_id)] == [7]


def test_take_records_never_raises_on_a_wrong_shape(tenant_id, seen) -> None:
    intake = Intake(tenant_id, None, None)
    records: list[Any] = [ct_record(1), "text", 7, None, [ct_record(2)], {**ct_record(3), "userIdentity": ["x"]},
                          {**ct_record(4), "eventTime": 1700000000}, {**ct_record(5), "requestParameters": "p"},
                          {**k8s_record(6), "impersonatedUser": "eve"}, {**k8s_record(7), "sourceIPs": "10.0.0.1"},
                          {"title": "a generic alert is still taken in"}]
    taken = intake.take_records("http", records)
    assert (taken.accepted, taken.malformed) == (2, 9)
    assert taken.reasons == {"not_an_object": 4, "wrong_type": 5}
    assert intake.cumulative() == {"http": (2, 9, 0)}
    assert intake.malformed_by_reason() == {("http", "not_an_object"): 4, ("http", "wrong_type"): 5}


def test_files_read_while_suspended_store_their_drops_with_the_position(tmp_path, store, tenant_id, seen) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "a.jsonl").write_text("".join(json.dumps(ct_record(i)) + "\n" for i in range(30)))
    state = DaemonState(store.engine)
    now = datetime.now(UTC)
    sus = state.open_suspension(tenant_id, now, now + timedelta(hours=1), "test", {})
    intake = Intake(tenant_id, Throttle(tenant_id, ThrottleSettings(), state), state)
    taken = read_files(FileSource(path=str(logs), source="files"), intake, state)
    # No tick, no flush, no close: what the take reported is in the store already.
    assert taken.dropped == 30 and seen == []
    assert state.active_suspension(tenant_id).dropped == {"files": 30}
    assert state.counts(tenant_id)[0]["dropped"] == 30
    assert state.suspensions(tenant_id)[0].id == sus.id
