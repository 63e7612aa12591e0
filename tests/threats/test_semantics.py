"""Event semantics the rules rely on: success vs failure per source, every request shape, the
real target of an event, Kubernetes audit events without auditID, unread events counted, and
the evidence a finding keeps (times, count, up to 20 event ids, where they came from)."""

from __future__ import annotations

import copy
import json

from agent.events.intake import Intake
from agent.events.normalise import normalise
from agent.store import threat_engine
from agent.threats.detect import evaluate
from agent.threats.pseudonym import Pseudonymiser
from tests.threats.conftest import fixture
from tests.threats.test_detector import copies, threat_findings

STOP = "threat.cloudtrail.trail_logging_stopped"


def _ids(evs) -> set[str]:
    return {s.finding.check_id for s in evaluate([normalise(r) for r in evs], Pseudonymiser(b"k")).sightings.values()}


def test_failed_root_sign_in_is_not_root_activity() -> None:
    ok = fixture("threat.cloudtrail.root_account_used")["fail"][0]
    assert ok["eventName"] == "ConsoleLogin" and "threat.cloudtrail.root_account_used" in _ids([ok])
    failed = copy.deepcopy(ok)
    failed["responseElements"] = {"ConsoleLogin": "Failure"}  # sign-in failures carry no errorCode
    assert "threat.cloudtrail.root_account_used" not in _ids([failed])


def test_flat_security_group_request_shape() -> None:
    nested = fixture("threat.cloudtrail.admin_port_opened_to_world")["fail"][0]
    flat = copy.deepcopy(nested)
    flat["requestParameters"] = {"groupId": "sg-1", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIp": "0.0.0.0/0"}
    assert "threat.cloudtrail.admin_port_opened_to_world" in _ids([flat])


def test_k8s_audit_event_without_audit_id_is_read_by_the_rules() -> None:
    ev = copy.deepcopy(fixture("threat.k8s_audit.pod_exec")["fail"][0])
    del ev["auditID"]
    assert ev["apiVersion"].startswith("audit.k8s.io/") and ev["kind"] == "Event"
    assert normalise(ev).source == "k8s.audit"
    assert "threat.k8s_audit.pod_exec" in _ids([ev])


def test_k8s_denied_exec_does_not_match() -> None:
    ev = copy.deepcopy(fixture("threat.k8s_audit.pod_exec")["fail"][0])
    ev["responseStatus"] = {"metadata": {}, "code": 403, "status": "Failure", "reason": "Forbidden"}
    ev.setdefault("annotations", {})["authorization.k8s.io/decision"] = "forbid"
    assert "threat.k8s_audit.pod_exec" not in _ids([ev])


def test_two_tampered_trails_are_two_findings() -> None:
    stop = fixture(STOP)["fail"][0]
    other = copy.deepcopy(stop)
    other["requestParameters"] = {"name": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit"}
    other["eventID"] = "00000000-0000-0000-0000-00000000beef"
    got = evaluate([normalise(stop), normalise(other)], Pseudonymiser(b"k")).sightings
    targets = sorted(s.finding.resource.id for s in got.values() if s.finding.check_id == STOP)
    assert len(targets) == 2 and any(t.endswith("trail/org-audit") for t in targets), targets


def test_unread_events_are_counted_by_reason(store, tenant_id, bound) -> None:
    bound()
    generic = [{"message": "not a log record any rule reads", "n": i} for i in range(3)]
    Intake(tenant_id, None, None).take_records("files audit", generic)
    assert threat_engine.unread(store.engine, tenant_id) == {"unrecognised_record": 3}


def test_evidence_keeps_times_count_ids_and_sources(store, tenant_id, bound) -> None:
    bound()
    stop = fixture(STOP)["fail"][0]
    evs = copies(stop, 25)
    for i, e in enumerate(evs):
        e["eventTime"] = f"2026-11-24T10:{i:02d}:00Z"
    intake = Intake(tenant_id, None, None)
    intake.take_bytes("files audit", json.dumps({"Records": evs[:15]}).encode(), "/logs/a.json")
    intake.take_bytes("files audit", json.dumps({"Records": evs[15:]}).encode(), "/logs/b.json")
    [f] = [f for f in threat_findings(store, tenant_id) if f.check_id == STOP]
    ev = threat_engine.evidence(store.engine, tenant_id, f.fingerprint)
    assert ev is not None and ev["events"] == 25
    assert ev["first_event_time"] == "2026-11-24T10:00:00Z" and ev["last_event_time"] == "2026-11-24T10:24:00Z"
    assert ev["event_ids"] == [e["eventID"] for e in evs[:20]]
    assert ev["sources"] == ["/logs/a.json", "/logs/b.json"]
    assert f.evidence["source"] == "/logs/b.json:1 item 0"  # the latest batch's first event, to its line


def test_targets_of_wrapped_ec2_requests_and_rds_calls() -> None:
    """EC2's newer calls wrap the request ({"XxxRequest": {"Field": {"content": …}}}) and RDS names
    its objects with its own keys: each still names what it acted on, so two of them are two findings."""
    base = {"eventVersion": "1.09", "eventTime": "2026-11-24T10:00:00Z", "eventSource": "ec2.amazonaws.com",
            "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::111122223333:user/alice"}}
    flow = {**base, "eventName": "DeleteFlowLogs",
            "requestParameters": {"DeleteFlowLogsRequest": {"FlowLogId": {"content": "fl-0a1b2c", "tag": 1}}}}
    mirror = {**base, "eventName": "CreateTrafficMirrorSession", "requestParameters": {"CreateTrafficMirrorSessionRequest": {
        "TrafficMirrorTargetId": "tmt-9", "NetworkInterfaceId": "eni-7", "SessionNumber": 1}}}
    nacl = {**base, "eventName": "CreateNetworkAclEntry", "requestParameters": {"networkAclId": "acl-3", "ruleNumber": 90}}
    rds = {**base, "eventSource": "rds.amazonaws.com", "eventName": "DeleteDBInstanceAutomatedBackup",
           "requestParameters": {"dbiResourceId": "db-ABC"}}
    copied = {**base, "eventSource": "rds.amazonaws.com", "eventName": "CopyDBSnapshot",
              "requestParameters": {"sourceDBSnapshotIdentifier": "orders-nightly", "targetDBSnapshotIdentifier": "orders-copy"}}
    assert [normalise(r).target for r in (flow, mirror, nacl, rds, copied)] == \
        ["fl-0a1b2c", "eni-7", "acl-3", "db-ABC", "orders-nightly"]
    unwrapped = {**base, "eventName": "DescribeTrafficMirrorTargets",
                 "requestParameters": {"DescribeTrafficMirrorTargetsRequest": {"MaxResults": 1000}}}
    assert normalise(unwrapped).target == ""
