"""Shapes of monitoring-log input the readers accept, and what counts as malformed."""

from __future__ import annotations

import gzip
import json

from agent.events.normalise import normalise
from agent.events.readers import parse_bytes


def test_document_shapes() -> None:
    ct = {"Records": [{"eventName": "A", "eventSource": "ec2.amazonaws.com", "eventTime": "2026-03-02T09:00:00Z"},
                      "oops", {"eventName": "B", "eventSource": "ec2.amazonaws.com"}]}
    k8s = {"kind": "EventList", "apiVersion": "audit.k8s.io/v1",
           "items": [{"auditID": "1", "verb": "get", "user": {"username": "u"}}]}
    array = [{"time": "t", "actor": "a", "action": "x", "target": "y"}, 7]
    single = {"title": "GuardDuty finding", "resource": "i-123", "timestamp": "2026-03-02T09:00:00Z"}
    results = {name: parse_bytes(json.dumps(doc).encode(), name)
               for name, doc in (("ct", ct), ("k8s", k8s), ("array", array), ("single", single))}
    assert [(n, len(p.records), p.malformed) for n, p in results.items()] == [
        ("ct", 1, 2), ("k8s", 1, 0), ("array", 1, 1), ("single", 1, 0)]
    assert results["ct"].errors == ["ct:1 item 1: not a JSON object", "ct:1 item 2: CloudTrail record without eventTime"]
    assert results["ct"].reasons == {"not_an_object": 1, "missing_field": 1}
    assert results["array"].where(0) == "array:1 item 0"
    alert = normalise(results["single"].records[0])
    assert (alert.source, alert.action, alert.target, alert.time) == ("alert", "GuardDuty finding", "i-123",
                                                                       "2026-03-02T09:00:00Z")


def test_json_lines_gzip_and_garbage() -> None:
    lines = b'{"eventName": "A", "eventSource": "s3.amazonaws.com"}\n\n[1, 2]\n"text"\n{"Records": [{"x": 1}]}\n{bad'
    p = parse_bytes(gzip.compress(lines), "f.jsonl.gz")
    assert len(p.records) == 1 and p.malformed == 4 and p.where(0) == "f.jsonl.gz:1"
    # an array line is not a record (a whole-document array is); a Records item must be a CloudTrail record
    assert [e.split(":")[1] for e in p.errors] == ["3", "4", "5 item 0", "6"]
    assert p.reasons == {"not_an_object": 2, "missing_field": 1, "not_json": 1}
    assert parse_bytes(b"\x1f\x8b\x08garbage", "x.gz").errors[0].startswith("x.gz: corrupt gzip data")
    assert parse_bytes(b"", "empty").records == []
    deep = b"[" * 100_000 + b"]" * 100_000
    assert parse_bytes(deep, "deep").malformed == 1  # never a crash
