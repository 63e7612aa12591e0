"""Product findings in the store: one finding per thing said, lifecycle following the product,
coverage-aware resolution (agent.store.products + agent.store.lifecycle.ingest)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.core.model import Coverage, Finding, FindingKind, Resource, Severity, State, Status
from agent.products.mapping import to_finding
from agent.products.model import Reported

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ACCOUNT = "111111111111"


def bucket(name: str) -> Resource:
    return Resource("aws", ACCOUNT, "eu-west-1", "aws.s3.bucket", f"arn:aws:s3:::{name}", name)


def sechub(name: str, control: str = "S3.8", active: bool = True, unit: str = f"{ACCOUNT}:eu-west-1") -> Finding:
    rep = Reported("securityhub", f"arn:aws:securityhub:eu-west-1:{ACCOUNT}:finding/{control}/{name}", control,
                   "S3 general purpose buckets should block public access", active, Severity.HIGH,
                   FindingKind.MISCONFIGURATION, bucket(name), "2026-12-01T08:00:00Z", status="ACTIVE/NEW")
    f = to_finding(rep, None)
    f.refs["securityhub"]["unit"] = unit
    return f


def ours(name: str, status: Status = Status.FAIL) -> Finding:
    return Finding("aws.s3.block_public_access", bucket(name), status, Severity.HIGH, detail="not blocked")


def scan(store, tenant: str, results: list[Finding], when: datetime) -> list:
    cov = Coverage()
    cov.add("aws", ACCOUNT, "eu-west-1", "aws.s3.bucket")
    sid = store.begin_scan(tenant, trigger="test", scope={})
    return store.record_scan(sid, tenant, results, cov, {"aws.s3.block_public_access"}, now=when)


def test_product_finding_and_our_check_are_one_finding_notified_once(store, tenant_id):
    first = scan(store, tenant_id, [ours("b1")], NOW)
    assert [t.kind for t in first] == ["new"]
    again = store.record_product_findings(tenant_id, "securityhub", [sechub("b1")], now=NOW + timedelta(hours=1))
    assert again == []  # the same thing said twice: no second notification
    [f] = store.findings(tenant_id)
    assert f.sources == ("ucs", "securityhub")
    assert f.detail == "not blocked"  # our check's detail stays; the product adds its reference
    assert f.refs["securityhub"]["control"] == "S3.8"
    # the product resolving it does not resolve what our own check still fails
    store.record_product_findings(tenant_id, "securityhub", [sechub("b1", active=False)], now=NOW + timedelta(hours=2))
    [f] = store.findings(tenant_id)
    assert f.state is State.NEW and f.refs["securityhub"]["active"] is False
    # a later scan keeps the product among the sources
    scan(store, tenant_id, [ours("b1")], NOW + timedelta(hours=3))
    assert store.findings(tenant_id)[0].sources == ("ucs", "securityhub")


def test_product_first_then_scan_is_still_one_finding(store, tenant_id):
    assert [t.kind for t in store.record_product_findings(tenant_id, "securityhub", [sechub("b2")], now=NOW)] == ["new"]
    assert scan(store, tenant_id, [ours("b2")], NOW + timedelta(hours=1)) == []
    [f] = store.findings(tenant_id)
    assert f.sources == ("ucs", "securityhub") and f.state is State.OPEN


def test_lifecycle_follows_the_product(store, tenant_id):
    unmapped = sechub("b3", control="S3.99")
    assert unmapped.check_id == "product.securityhub.S3.99"
    assert [t.kind for t in store.record_product_findings(tenant_id, "securityhub", [unmapped], now=NOW)] == ["new"]
    archived = sechub("b3", control="S3.99", active=False)
    assert [t.kind for t in store.record_product_findings(tenant_id, "securityhub", [archived], now=NOW)] == ["resolved"]
    # archived there before we ever saw it: nothing stored, nothing told
    assert store.record_product_findings(tenant_id, "securityhub", [sechub("b4", "S3.98", active=False)], now=NOW) == []
    assert len(store.findings(tenant_id)) == 1


def test_only_a_complete_full_read_of_the_unit_resolves_what_it_no_longer_reports(store, tenant_id):
    a, b = sechub("b5", "S3.97"), sechub("b6", "S3.97", unit=f"{ACCOUNT}:us-east-1")
    store.record_product_findings(tenant_id, "securityhub", [a, b], now=NOW)
    # a full read of eu-west-1 that did not report b5 resolves it; us-east-1 was not read: b6 stays
    t = store.record_product_findings(tenant_id, "securityhub", [], complete={f"{ACCOUNT}:eu-west-1"}, reported=set(),
                                      now=NOW + timedelta(hours=1))
    assert [(x.kind, x.finding.resource.name) for x in t] == [("resolved", "b5")]
    states = {f.resource.name: f.state for f in store.findings(tenant_id)}
    assert states == {"b5": State.RESOLVED, "b6": State.NEW}
    # another product's full read never resolves securityhub's findings
    store.record_product_findings(tenant_id, "guardduty", [], complete={f"{ACCOUNT}:us-east-1"}, now=NOW)
    assert {f.resource.name: f.state for f in store.findings(tenant_id)}["b6"] is State.NEW


def test_source_filter_and_muted_product_finding_stays_muted(store, tenant_id):
    f = sechub("b7", "S3.96")
    f.status, f.mute_reason = Status.MUTED, "accepted risk"
    store.record_product_findings(tenant_id, "securityhub", [f], now=NOW)
    store.record_product_findings(tenant_id, "securityhub", [sechub("b7", "S3.96")], now=NOW + timedelta(hours=1))
    [stored] = store.findings(tenant_id, source="securityhub")
    assert stored.state is State.MUTED
    assert store.findings(tenant_id, source="guardduty") == []
