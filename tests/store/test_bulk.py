"""agent.store.bulk: many rows of one statement sent to the driver as SQLAlchemy would send them,
and the JSON columns' orjson serialiser with its standard-library fallbacks."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from agent.core.model import Coverage, Finding, Resource, Severity, State, Status
from agent.store import Store
from agent.store.bulk import Bulk, json_dumps, json_loads
from agent.store.tables import finding_history, findings

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_json_dumps_reads_back_as_the_standard_library_wrote_it() -> None:
    value = {"a": [1, 2.5, None, True], 3: "int key", "big": 2**70, "ja": "日本語"}
    assert json_loads(json_dumps(value)) == json.loads(json.dumps(value))
    assert json_loads("NaN") != json_loads("NaN")  # rows written by json.dumps may hold NaN
    with pytest.raises(TypeError):
        json_dumps({"x": object()})


def test_bulk_rows_equal_what_sqlalchemy_writes(store: Store) -> None:
    keys = ("tenant", "fingerprint", "scan_id", "at", "from_state", "to_state", "status", "severity", "reason")
    rows = [("t", f"fp{i}", 7, NOW, None if i else "open", "new", "FAIL", 3, "new" if i else None) for i in range(3)]
    with store.engine.begin() as conn:
        Bulk(finding_history.insert(), keys).execute(conn, rows)
        conn.execute(finding_history.insert(), [dict(zip(keys, (r[0], "sa" + r[1], *r[2:]), strict=True)) for r in rows])
    with store.engine.connect() as conn:
        got = {r.fingerprint: r for r in conn.execute(select(finding_history))}
    for r in rows:
        a, b = got[r[1]], got["sa" + r[1]]
        assert (a.at, a.from_state, a.to_state, a.severity, a.reason) == (b.at, b.from_state, b.to_state, b.severity, b.reason)
        assert a.at == NOW


def test_bulk_refuses_a_statement_whose_defaults_the_rows_do_not_carry(store: Store) -> None:
    with store.engine.begin() as conn, pytest.raises(ValueError, match="defaults"):
        Bulk(findings.insert(), ("tenant", "fingerprint")).execute(conn, [("t", "fp")])


def test_a_recorded_finding_reads_back_with_its_json_columns(store: Store) -> None:
    res = Resource("aws", "111111111111", "eu-west-1", "aws.s3.bucket", "arn:aws:s3:::b", "b", tags={"env": "prod"})
    f = Finding("aws.s3.demo_condition", res, Status.FAIL, Severity.HIGH, detail="d",
                evidence={"ports": [22, 3389], "nested": {"k": None}})
    scan = store.begin_scan("t")
    store.record_scan(scan, "t", [f], store_coverage(res), ["aws.s3.demo_condition"], now=NOW)
    (back,) = store.findings("t")
    assert (back.evidence, back.resource.tags, back.state, back.first_seen) == (f.evidence, {"env": "prod"}, State.NEW, NOW)



def store_coverage(res: Resource) -> Coverage:
    cov = Coverage()
    cov.add(res.provider, res.account, res.region, res.type)
    return cov
