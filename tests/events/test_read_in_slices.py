"""JSON lines read and taken in slices of one batch: the same records, places, malformed counts
and detector batches as reading the whole input at once."""

from __future__ import annotations

import gzip
import json

from agent import events
from agent.events.intake import BATCH, Intake
from agent.events.readers import parse_batches, parse_bytes


def _ct(i: int) -> dict:
    return {"eventTime": f"2026-03-02T09:00:{i % 60:02d}Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject",
            "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/alice"}, "eventID": f"id-{i}"}


def _lines(n: int) -> bytes:
    out = []
    for i in range(n):
        if i % 997 == 5:
            out.append(b"{not json")
        elif i % 1499 == 7:
            out.append(b"")  # blank lines are skipped, never counted
        elif i == 2500:  # a CloudTrail document on one line: three records at once
            out.append(json.dumps({"Records": [_ct(i), _ct(i + 1), {"eventName": 3}]}).encode())
        elif i % 1201 == 9:
            out.append(json.dumps({"eventName": "x", "eventSource": 7, "eventTime": "t"}).encode())  # malformed later
        else:
            out.append(json.dumps(_ct(i)).encode())
    return b"\n".join(out) + b"\n"


def test_slices_hold_exactly_the_records_of_one_read() -> None:
    data = _lines(5003)
    whole = parse_bytes(data, "f.jsonl")
    parts = list(parse_batches(data, "f.jsonl", 1000))
    assert [len(p.records) for p in parts[:-1]] == [1000] * (len(parts) - 1) and len(parts[-1].records) <= 1000
    assert [r for p in parts for r in p.records] == whole.records
    assert [p.where(i) for p in parts for i in range(len(p.records))] == [whole.where(i) for i in range(len(whole.records))]
    assert sum(p.malformed for p in parts) == whole.malformed > 0
    assert [e for p in parts for e in p.errors][:5] == whole.errors


def test_a_document_and_gzip_are_read_as_before() -> None:
    doc = json.dumps({"Records": [_ct(i) for i in range(30)]}, indent=2).encode()  # spread over lines
    for data in (doc, gzip.compress(doc), gzip.compress(_lines(50))):
        parts = list(parse_batches(data, "f", 7))
        whole = parse_bytes(data, "f")
        assert [r for p in parts for r in p.records] == whole.records and whole.records
        assert [p.where(i) for p in parts for i in range(len(p.records))] == [whole.where(i) for i in range(len(whole.records))]
    assert len(list(parse_batches(doc, "f", 7))) == 1  # one document is one slice
    bad = list(parse_batches(b"\x1f\x8bnot gzip", "g.gz"))
    assert len(bad) == 1 and bad[0].malformed == 1 and not bad[0].records


def test_take_bytes_gives_the_detectors_the_same_batches_and_counts() -> None:
    data = _lines(2 * BATCH + 700)
    got: dict[str, list[int]] = {"stream": [], "whole": []}
    which = ["stream"]

    @events.detector("test-slices")
    def collect(tenant: str, batch: object) -> int:
        got[which[0]].append(len(batch))  # type: ignore[arg-type]
        return 0

    try:
        streamed = Intake("t1", None, None).take_bytes("files", data, "f.jsonl")
        which[0] = "whole"
        whole = Intake("t1", None, None).take_parsed("files", parse_bytes(data, "f.jsonl"))
    finally:
        events.unregister_detector("test-slices")
    assert got["stream"] == got["whole"] and len(got["stream"]) == 3  # cut every BATCH records, as before
    assert streamed.as_dict() == whole.as_dict() and streamed.reasons == whole.reasons
    assert streamed.malformed > 0 and streamed.accepted == sum(got["stream"])
