"""The threat-rules detector through the daemon's intake: one finding per (rule, target) with a
count, lifecycle through the store, and no raw communication data anywhere (Art. 13)."""

from __future__ import annotations

import copy
import json
import logging
import uuid
from typing import Any

from sqlalchemy import select

from agent.events.intake import Intake
from agent.store import Store, outbox
from agent.store import threats as tables
from agent.threats.detect import pseudonymiser
from notifiers.delivery import deliver_pending
from tests.threats.conftest import fixture

RAW_IP = "203.0.113.45"
RAW_UA = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5 exe/x86_64"
RAW_ARN = "arn:aws:iam::111122223333:user/alice"
RAW_K8S_USER = "dev-bob@example.com"
RAW_K8S_IP = "10.0.4.21"
RAW_VALUES = (RAW_IP, RAW_UA, RAW_ARN, "AKIAEXAMPLEALICE001", "AIDAEXAMPLEALICE0001", RAW_K8S_USER, RAW_K8S_IP,
              "kubectl/v1.29.2", "svc-backup")


def copies(raw: dict[str, Any], n: int) -> list[dict[str, Any]]:
    out = []
    for _ in range(n):
        r = copy.deepcopy(raw)
        key = "eventID" if "eventID" in r else "auditID"
        r[key] = str(uuid.uuid4())
        out.append(r)
    return out


def seeded() -> list[dict[str, Any]]:
    stop = fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0]
    sg = fixture("threat.cloudtrail.admin_port_opened_to_world")["fail"][0]
    key = fixture("threat.cloudtrail.access_key_created_for_other_user")["fail"][0]
    exec_ = fixture("threat.k8s_audit.pod_exec")["fail"][0]
    quiet = fixture("threat.cloudtrail.root_account_used")["pass"][0]
    return copies(stop, 40) + copies(sg, 3) + copies(key, 2) + copies(exec_, 5) + copies(quiet, 20)


def threat_findings(store: Store, tenant: str) -> list[Any]:
    return [f for f in store.findings(tenant) if f.kind == "threat"]


def test_one_finding_per_rule_and_target_with_counts(store, tenant_id, bound) -> None:
    bound()
    intake = Intake(tenant_id, None, None)
    taken = intake.take_records("files audit", seeded())
    assert taken.accepted == 70 and intake.detector_errors == 0
    first = {f.check_id: f for f in threat_findings(store, tenant_id)}
    assert set(first) == {"threat.cloudtrail.trail_logging_stopped", "threat.cloudtrail.admin_port_opened_to_world",
                          "threat.cloudtrail.access_key_created_for_other_user", "threat.k8s_audit.pod_exec"}
    assert all(f.state.value == "new" for f in first.values())
    counts = tables.counts(store.engine, tenant_id)
    stop = first["threat.cloudtrail.trail_logging_stopped"]
    assert counts[stop.fingerprint] == 40 and stop.evidence["occurrences"] == 40
    assert stop.resource.type == "aws.cloudtrail.event_target"
    assert first["threat.k8s_audit.pod_exec"].resource.type == "k8s.audit_target"

    intake.take_records("files audit", seeded())  # the same events again: same findings, counted
    again = {f.check_id: f for f in threat_findings(store, tenant_id)}
    assert set(again) == set(first)
    assert tables.counts(store.engine, tenant_id)[stop.fingerprint] == 80
    s2 = again["threat.cloudtrail.trail_logging_stopped"]
    assert s2.state.value == "open" and s2.first_seen == stop.first_seen and s2.last_seen > stop.last_seen


def test_no_raw_communication_data_in_findings_notifications_or_logs(store, tenant_id, bound, httpserver,
                                                                     monkeypatch, caplog) -> None:
    bodies: list[bytes] = []

    def receive(request):
        from werkzeug import Response

        bodies.append(request.get_data())
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receive)
    monkeypatch.setenv("UCS_T_THREAT_HOOK", httpserver.url_for("/hook"))
    monkeypatch.setenv("UCS_T_THREAT_HOOK_KEY", "hook-signing-key-7")
    settings = bound(notifications={
        "channels": [{"name": "siem", "type": "webhook", "url_env": "UCS_T_THREAT_HOOK",
                      "secret_env": "UCS_T_THREAT_HOOK_KEY"}],
        "routes": [{"name": "threats", "match": {"kinds": ["threat"]}, "channels": ["siem"]}],
        "retry": {"attempts": 1, "initial_wait": 0.01, "max_wait": 0.02, "backoff_initial": 0}})
    caplog.set_level(logging.DEBUG)
    Intake(tenant_id, None, None).take_records("files audit", seeded())
    report = deliver_pending(store, settings, sleep=lambda s: None)
    found = threat_findings(store, tenant_id)
    assert len(found) == 4 and len(bodies) >= 1, report
    stored = json.dumps([f.to_dict() for f in found], default=str)
    with store.engine.connect() as conn:
        queued = json.dumps([dict(r) for r in conn.execute(select(outbox.outbox)).mappings()], default=str)
    sent = b"".join(bodies).decode()
    for raw in RAW_VALUES:
        for where, text in (("findings", stored), ("outbox", queued), ("webhook", sent), ("logs", caplog.text)):
            assert raw not in text, f"{raw!r} appears in {where}"
    # pseudonyms instead, stable: the same actor in several findings has one pseudonym
    p = pseudonymiser(store, settings)
    actor = p("user", RAW_ARN)
    aws = [f for f in found if f.resource.provider == "aws"]
    assert all(f.evidence["actor"] == actor and actor in f.detail for f in aws)
    assert all(f.evidence["source_ips"] == [p("ip", RAW_IP)] for f in aws)
    assert actor in sent or any(actor in json.dumps(json.loads(b)) for b in bodies)
    # one message per new finding; the same events again are counted, not announced again
    assert len(bodies) == 4
    Intake(tenant_id, None, None).take_records("files audit", seeded())
    deliver_pending(store, settings, sleep=lambda s: None)
    assert len(bodies) == 4


def test_reveal_for_investigators_only_and_audited(store, tenant_id, bound) -> None:
    from agent.store import investigators as inv
    from agent.threats.keys import InvestigatorKey

    settings = bound()
    hanako, taro = InvestigatorKey.generate(), InvestigatorKey.generate()
    assert inv.add_investigator(store.engine, tenant_id, "hanako", hanako.public, None, "designated").granted
    Intake(tenant_id, None, None).take_records("files audit", seeded())
    ip = pseudonymiser(store, settings)("ip", RAW_IP)
    got = inv.reveal(store.engine, tenant_id, ip, hanako, "INC-4711 brute force")
    assert got.granted and got.value == RAW_IP and got.actor == "hanako"
    refused = inv.reveal(store.engine, tenant_id, ip, taro, "curious")
    assert not refused.granted and refused.value is None
    audit = inv.audit(store.engine, tenant_id)
    assert [(a["action"], a["actor"], a["granted"], a["subject"], a["reason"]) for a in audit] == [
        ("reveal", f"unknown key {taro.public[:12]}", False, ip, "curious"),
        ("reveal", "hanako", True, ip, "INC-4711 brute force"),
        ("investigator-add", "first investigator", True, "hanako", "designated")]
    assert inv.verify_audit(store.engine, tenant_id).ok


def test_generated_key_is_kept_per_tenant(store, tenant_id, store_url) -> None:
    from tests.threats.conftest import make_settings

    settings = make_settings(tenant_id, store_url, threats={"investigators": []})
    k1 = tables.tenant_key(store.engine, tenant_id, settings.threats.configured_key())
    k2 = tables.tenant_key(store.engine, tenant_id, None)
    other = tables.tenant_key(store.engine, tenant_id + "x", None)
    assert k1 == k2 and k1 != other and len(k1) == 64


def test_closed_threat_reopens_when_it_happens_again(store, tenant_id, bound) -> None:
    from agent.threats.detect import close

    settings = bound()
    intake = Intake(tenant_id, None, None)
    stop = fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0]
    intake.take_records("files audit", copies(stop, 2))
    [f] = threat_findings(store, tenant_id)
    assert close(store, settings, f.fingerprint[:10], "hanako", "INC-9: approved maintenance").state.value == "resolved"
    assert close(store, settings, f.fingerprint[:10], "hanako", "again") is None  # not open any more
    intake.take_records("files audit", copies(stop, 1))
    [g] = threat_findings(store, tenant_id)
    assert g.fingerprint == f.fingerprint and g.state.value == "reopened"
    reasons = [h["reason"] for h in store.history(tenant_id, f.fingerprint)]
    assert reasons == ["new", "closed by hanako: INC-9: approved maintenance", "reopened"]


def test_concurrent_batches_give_one_finding(store, tenant_id, bound) -> None:
    import threading

    bound()
    intake = Intake(tenant_id, None, None)
    stop = fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0]
    workers = [threading.Thread(target=intake.take_records, args=(f"src{i}", copies(stop, 5))) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    [f] = threat_findings(store, tenant_id)
    assert intake.detector_errors == 0 and tables.counts(store.engine, tenant_id)[f.fingerprint] == 20
