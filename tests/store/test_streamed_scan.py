"""A scan's results streamed into the store a batch at a time (issues 14 and 24): the engine
yields batches, the store writes each before the next, and what ends up stored — lifecycle,
coverage-aware resolution, repeats counted once, the scan's summary and the JSON output read
back from the store — is what recording the whole list at once gives."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

import checks as registry
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource, Severity, State, Status
from agent.core.tally import Tally
from agent.engine.evaluate import evaluate, evaluation
from agent.report import jsonout
from agent.report.document import finding_entry
from agent.store import Store
from agent.store.connect import RECORDING_CACHE_KIB, recording_cache

CHECK = "aws.s3.demo_condition"
T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=1)


def bucket(i: int, region: str = "eu-west-1") -> Resource:
    return Resource("aws", "111111111111", region, "aws.s3.bucket", f"arn:aws:s3:::b{i}", f"b{i}")


def result(i: int, status: Status, region: str = "eu-west-1") -> Finding:
    return Finding(CHECK, bucket(i, region), status, Severity.HIGH, detail=f"b{i} {status.value}")


def covered(*regions: str) -> Coverage:
    cov = Coverage()
    for region in regions:
        cov.add("aws", "111111111111", region, "aws.s3.bucket")
    return cov


def record(store: Store, batches: list[list[Finding]], cov: Coverage, now: datetime) -> tuple[int, Tally, dict[str, int]]:
    scan_id = store.begin_scan("t")
    rec = store.record_scan_batches(scan_id, "t", batches, cov, [CHECK], now=now)
    return scan_id, rec.tally, dict(rec.changes)


def states(store: Store) -> dict[str, tuple[str, str]]:
    return {f.resource.name: (f.state.value if f.state else "", f.status.value) for f in store.findings("t")}


def test_batches_give_what_the_whole_list_gives(tmp_path: Path) -> None:
    first = [result(i, Status.FAIL if i % 3 == 0 else Status.PASS) for i in range(9)]
    first += [result(20, Status.FAIL, "us-east-1"), result(0, Status.PASS)]  # a repeat: the first one counts
    whole, streamed = Store(f"sqlite:///{tmp_path}/a.sqlite"), Store(f"sqlite:///{tmp_path}/b.sqlite")
    cov = covered("eu-west-1", "us-east-1")
    whole.record_scan(whole.begin_scan("t"), "t", [Finding(**{k: getattr(f, k) for k in ("check_id", "resource", "status",
                                                                                          "severity", "detail")})
                                                   for f in first], cov, [CHECK], now=T1)
    _, tally, changes = record(streamed, [first[:4], first[4:8], first[8:]], cov, T1)
    assert states(whole) == states(streamed)
    assert changes == {"new": 4} and tally.total == 11 and len(tally.seen) == 10
    assert streamed.findings("t", check=CHECK)[0].state is State.NEW

    # Second scan: b0 now passes, b3 is not reported in a covered region (absent -> resolved),
    # b20's region failed (us-east-1 not covered): it is left as it was.
    second = [result(i, Status.FAIL if i == 6 else Status.PASS) for i in range(9) if i != 3]
    _, tally2, changes2 = record(streamed, [second[:2], second[2:]], covered("eu-west-1"), T2)
    got = states(streamed)
    assert got["b0"] == ("resolved", "PASS") and got["b3"] == ("resolved", "PASS") and got["b6"] == ("open", "FAIL")
    assert got["b20"] == ("new", "FAIL")
    assert changes2 == {"resolved": 2} and tally2.count(Status.FAIL) == 1


def test_the_scan_results_stream_back_from_the_store_into_json(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/s.sqlite")
    record(store, [[result(i, Status.FAIL if i % 2 else Status.PASS) for i in range(5)]], covered("eu-west-1"), T1)
    scan_id, _, _ = record(store, [[result(i, Status.FAIL) for i in range(1, 5)]], covered("eu-west-1"), T2)
    this_scan = list(store.scan_findings("t", scan_id, T2))
    assert sorted(f.resource.name for f in this_scan) == ["b1", "b2", "b3", "b4"]  # not b0, resolved as absent
    path = jsonout.write(iter(this_scan), tmp_path / "out.json", "en", {"tenant": "t"})
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == "ucs.findings/1" and doc["tenant"] == "t"
    assert [d["resource"]["name"] for d in doc["findings"]] == [f.resource.name for f in this_scan]
    assert {d["state"] for d in doc["findings"]} == {"new", "open"}
    empty = json.loads(jsonout.write(iter(()), tmp_path / "empty.json", "en", {"tenant": "t"}).read_text())
    assert empty["findings"] == []


def test_the_engine_yields_bounded_batches_and_the_same_findings() -> None:
    wanted = [c for c in registry.all_checks() if "aws.s3.bucket" in c.meta.resource_types]
    inv = Inventory([bucket(i) for i in range(40)], covered("eu-west-1"))
    run = evaluation(inv, wanted, batch=len(wanted) * 3)
    batches = list(run)
    assert len(batches) > 5 and max(len(b) for b in batches) <= len(wanted) * 3
    assert run.pairs == 40 * len(wanted) == sum(len(b) for b in batches)
    assert [f.fingerprint for b in batches for f in b] == [f.fingerprint for f in evaluate(inv, wanted).findings]


def _entry_lines(doc: bytes) -> list[bytes]:
    """The document's ``findings`` elements, one a line as :mod:`agent.report.jsonout` writes them."""
    return [line.strip().rstrip(b",") for line in doc.split(b"\n") if line.startswith(b"    {")]


def _varied(i: int, status: Status) -> Finding:
    """Results whose entries exercise every field: evidence with non-text keys, tuples, unicode
    and datetimes, tags, a message id (rendered in ja), a mute reason, a severity of its own."""
    r = Resource("aws", "111111111111", "eu-west-1" if i % 2 else "us-east-1", "aws.s3.bucket",
                 f"arn:aws:s3:::b{i // 2}", f"バケット{i}", {"env": "prod", "n": str(i)})
    return Finding(CHECK if i % 3 else "aws.s3.default_encryption", r, status, Severity(i % 5), detail=f"b{i} {status}",
                   evidence={"i": i, 7: ("a", 1.5), "when": T1, "nested": {"ü": [None, True]}},
                   message="checks.aws.s3.demo:x" if i % 4 == 0 else "",
                   mute_reason="accepted" if status is Status.MUTED else None,
                   mute_expires=date(2027, 1, 31) if status is Status.MUTED and i % 3 == 0 else None)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_scan_json_built_while_recording_is_the_document_read_back(tmp_path: Path, lang: str) -> None:
    """ScanJson (entries made as the store records them) writes byte for byte what reading the
    scan's results back from the store writes (issue 14), after a first scan, a product's report
    of one finding (its refs are the store's, not the scan's) and with repeats and resolutions."""
    store = Store(f"sqlite:///{tmp_path}/s.sqlite")
    statuses = (Status.FAIL, Status.PASS, Status.ERROR, Status.MUTED)
    cov = covered("eu-west-1", "us-east-1")
    checks = [CHECK, "aws.s3.default_encryption"]
    first = store.begin_scan("t")
    store.record_scan_batches(first, "t", [[_varied(i, statuses[i % 4]) for i in range(16)]], cov, checks, now=T1)
    product = _varied(5, Status.FAIL)
    store.record_product_findings("t", "securityhub", [Finding(product.check_id, product.resource, Status.FAIL,
                                                              product.severity, sources=("securityhub",),
                                                              refs={"securityhub": {"id": "sh-1", "active": True}})],
                                  now=T1)
    second = [_varied(i, statuses[(i + 1) % 4]) for i in (*range(12), 23)] + [_varied(3, Status.PASS)]  # 12-15 absent; a repeat
    scan_json = jsonout.ScanJson(tmp_path / "out", lang)
    scan_id = store.begin_scan("t")
    store.record_scan_batches(scan_id, "t", [second[:5], second[5:9], second[9:]], cov, checks, now=T2,
                              on_recorded=scan_json.add)
    assert store.reads_back_as_recorded
    extra = {"tenant": "t", "scan": {"id": scan_id, "status": "completed", "trigger": "cli"}}
    streamed = scan_json.write(tmp_path / "streamed.json", extra).read_bytes()
    back = list(store.scan_findings("t", scan_id, T2))
    read_back = jsonout.write(iter(back), tmp_path / "back.json", lang, extra).read_bytes()
    generated = re.compile(rb'"generated_at": "[^"]*"')
    assert generated.sub(b"", streamed) == generated.sub(b"", read_back)
    assert len(back) == 13 and any(f.refs for f in back)  # each fingerprint once; the product's refs kept
    # and each entry is what the document's own builder gives for the finding read back
    assert _entry_lines(streamed) == [orjson.dumps(finding_entry(f, lang), default=str, option=orjson.OPT_NON_STR_KEYS)
                                      for f in back]
    doc = json.loads(streamed)
    assert [d["fingerprint"] for d in doc["findings"]] == [f.fingerprint for f in back]
    assert {d["state"] for d in doc["findings"]} >= {"resolved", "open", "new", "muted"}
    # a mute's expiry is a calendar day: written as its ISO date (it failed the document before)
    assert {d["mute_expires"] for d in doc["findings"] if d["state"] == "muted"} >= {"2027-01-31"}


def test_the_scan_json_falls_back_to_the_store_when_it_cannot_spool(tmp_path: Path) -> None:
    """A spool that cannot be written (its directory is a file) gives up without failing the
    recording, and the document is then written from the store read back."""
    (tmp_path / "not-a-dir").write_text("")
    scan_json = jsonout.ScanJson(tmp_path / "not-a-dir", "en")
    store = Store(f"sqlite:///{tmp_path}/s.sqlite")
    scan_id = store.begin_scan("t")
    store.record_scan_batches(scan_id, "t", [[result(i, Status.FAIL) for i in range(3)]], covered("eu-west-1"), [CHECK],
                              now=T1, on_recorded=scan_json.add)
    assert scan_json.failed
    out = scan_json.write(tmp_path / "out.json", {"tenant": "t"}, fallback=lambda: store.scan_findings("t", scan_id, T1))
    assert [d["resource"]["name"] for d in json.loads(out.read_text())["findings"]] == ["b0", "b1", "b2"]
    odd = jsonout.ScanJson(tmp_path / "odd", "en")  # ids that do not sort in Python: the store's order
    odd.add([result(1, Status.FAIL), Finding(CHECK, Resource("aws", "111111111111", "eu-west-1", "aws.s3.bucket",
                                                             7, "b7"), Status.FAIL, Severity.HIGH,  # type: ignore[arg-type]
                                                    fingerprint=result(1, Status.FAIL).fingerprint)])
    out = odd.write(tmp_path / "odd.json", {"tenant": "t"}, fallback=lambda: store.scan_findings("t", scan_id, T1))
    assert [d["resource"]["name"] for d in json.loads(out.read_text())["findings"]] == ["b0", "b1", "b2"]
    empty = jsonout.ScanJson(tmp_path / "e", "en").write(tmp_path / "empty.json", {"tenant": "t"})
    assert json.loads(empty.read_text())["findings"] == []


def test_recording_takes_a_larger_page_cache_and_gives_it_back(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/s.sqlite")
    with store.engine.connect() as conn:
        default = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with pytest.raises(KeyError), recording_cache(conn):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -RECORDING_CACHE_KIB != default
            raise KeyError("a scan that fails")
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == default
