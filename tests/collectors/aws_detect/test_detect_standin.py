"""Detection and management collectors against the stand-in of :mod:`standin` (the APIs moto
lacks: GuardDuty findings and organisation configuration, Inspector finding aggregations, Macie
automated discovery, Security Hub standards and organisation configuration, Config delivery
status and conformance packs, SSM service settings / managed instances / compliance / Session
Manager preferences, Backup selections and recovery points, Trusted Advisor, Shield Advanced's
DRT access and contacts, Audit Manager), each in its wire format, through the real boto3 clients.

One estate per access key: GOOD passes every check, BAD fails them, EMPTY is an account using
none of the services (a listing or two each, nothing found), DENIED and PARTIAL prove that an
answer the scan could not read is a coverage gap or an ERROR, never a PASS, and BASIC is an
account whose support plan has no Trusted Advisor API.
"""

from __future__ import annotations

from typing import Any

import boto3
import botocore.session
import pytest
from pytest_httpserver import HTTPServer

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.collectors.aws.runner import service_modules
from agent.core.inventory import Inventory
from agent.core.model import Status
from agent.engine.evaluate import evaluate
from tests.collectors.aws_detect import standin

SERVICES = ["guardduty", "inspector2", "macie", "securityhub", "config_compliance", "ssm", "backup_plans",
            "trustedadvisor", "shield", "auditmanager"]
MODULES = {m.SERVICE: m for m in service_modules(SERVICES)}
TYPES = {t for m in MODULES.values() for t in m.RESOURCE_TYPES}
CHECKS = [c for c in registry.all_checks() if set(c.meta.resource_types) & TYPES]
ESTATES = ("GOOD", "BAD", "EMPTY", "DENIED", "PARTIAL", "BASIC")


_MODELS = botocore.session.get_session().get_component("data_loader")  # service models parsed once for all estates


def _factory(url: str, estate: str) -> ClientFactory:
    core = botocore.session.get_session()
    core.register_component("data_loader", _MODELS)
    core.set_credentials(estate, "testing")
    return ClientFactory(endpoint_url=url, default_region=standin.REGION, max_attempts=0,
                         session=boto3.Session(botocore_session=core))


@pytest.fixture(scope="module")
def scans() -> Any:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("").respond_with_handler(standin.answer)  # every path: the stand-in routes
    server.start()
    try:
        url = server.url_for("/").rstrip("/")
        out = {}
        for estate in ESTATES:
            inv = collect_account(_factory(url, estate), standin.ACCOUNT, [standin.REGION], services=SERVICES)
            out[estate] = (inv, {(f.check_id, f.resource.name): f for f in evaluate(inv, CHECKS).findings})
        calls = {}
        for service in SERVICES:  # the unused-account budget, one service at a time
            f = _factory(url, "EMPTY")
            inv = collect_account(f, standin.ACCOUNT, [standin.REGION], services=[service], max_workers=1)
            calls[service] = (f.calls, inv)
        out["calls"] = calls
    finally:
        server.stop()
    return out


def _statuses(scans: Any, estate: str) -> dict[str, set[Status]]:
    got: dict[str, set[Status]] = {}
    for (cid, _), f in scans[estate][1].items():
        got.setdefault(cid, set()).add(f.status)
    return got


# (the Shield check over every internet-facing load balancer needs ELBv2, which is not collected here:
# it must answer ERROR, see test_shield_targets_not_collected_are_error)
NEW = sorted(c.id for c in CHECKS if c.id not in {"aws.guardduty.enabled", "aws.securityhub.enabled",
                                                  "aws.shield.internet_facing_resources_protected"})


def test_clean_collections_have_no_coverage_gap(scans: Any) -> None:
    for estate in ("GOOD", "BAD", "EMPTY", "PARTIAL", "BASIC"):
        inv: Inventory = scans[estate][0]
        assert not inv.coverage.failures, (estate, [(e.resource_type, e.error) for e in inv.coverage.failures])


def test_shield_targets_not_collected_are_error(scans: Any) -> None:
    got = _statuses(scans, "GOOD")
    assert got["aws.shield.internet_facing_resources_protected"] == {Status.ERROR}


def test_good_estate_passes_every_check(scans: Any) -> None:
    got = {cid: s for cid, s in _statuses(scans, "GOOD").items() if cid in NEW}
    assert set(NEW) <= set(got), sorted(set(NEW) - set(got))
    wrong = {cid: s for cid, s in got.items() if s != {Status.PASS}}
    assert not wrong, {cid: [(n, f.status.value, f.detail) for (c, n), f in scans["GOOD"][1].items() if c == cid] for cid in wrong}


# In the BAD estate these still pass somewhere: Inspector keeps EC2 scanning; the account is no
# Security Hub administrator (InvalidAccessException); an Elastic IP is no application-layer resource.
# (Macie is enabled in BAD, its discovery off; "not enabled" is the EMPTY estate's FAIL.)
BAD_ALSO_PASSES = {"aws.macie.enabled", "aws.inspector2.ec2_scanning_enabled", "aws.securityhub.organization_auto_enable",
                   "aws.shield.protection_automatic_layer7_mitigation"}


def test_bad_estate_fails_every_check(scans: Any) -> None:
    got = {cid: s for cid, s in _statuses(scans, "BAD").items() if cid in NEW}
    for cid in NEW:
        assert cid in got, cid
        if cid in BAD_ALSO_PASSES:
            continue
        assert got[cid] == {Status.FAIL}, (cid, [(n, f.status.value, f.detail) for (c, n), f in scans["BAD"][1].items() if c == cid])
    assert got["aws.shield.protection_automatic_layer7_mitigation"] == {Status.PASS, Status.FAIL}
    assert scans["BAD"][1][("aws.inspector2.ec2_scanning_enabled", f"inspector2 {standin.REGION}")].status is Status.PASS
    assert scans["BAD"][1][("aws.inspector2.ecr_scanning_enabled", f"inspector2 {standin.REGION}")].status is Status.FAIL


def test_guardduty_counts_open_high_findings_only(scans: Any) -> None:
    det = next(r for r in scans["BAD"][0] if r.type == "aws.guardduty.region").data["Detectors"][0]
    assert det["_high_findings"] == 4 and det["_high_findings_more"] is False
    assert "Tags" not in det and "FindingIds" not in det  # the ids themselves are not kept


def test_denied_answers_are_gaps_or_errors_never_pass(scans: Any) -> None:
    inv, findings = scans["DENIED"]
    failed = {e.resource_type for e in inv.coverage.failures}
    assert TYPES - {"aws.ssm.region"} <= failed, sorted(TYPES - failed)
    assert not [k for k, f in findings.items() if f.status is Status.PASS and k[0] in NEW]
    ssm = {cid: f.status for (cid, _), f in findings.items() if cid.startswith("aws.ssm.")}
    assert ssm and set(ssm.values()) == {Status.ERROR}, ssm


PARTIAL_ERRORS = {
    "aws.guardduty.no_high_severity_findings", "aws.guardduty.organization_auto_enable",
    "aws.inspector2.no_critical_findings", "aws.macie.automated_discovery_enabled",
    "aws.securityhub.fsbp_standard_enabled", "aws.securityhub.cis_standard_enabled",
    "aws.securityhub.organization_auto_enable", "aws.config.delivery_channel_healthy",
    "aws.config.conformance_pack_deployed", "aws.ssm.documents_public_sharing_blocked",
    "aws.ssm.automation_logging_enabled", "aws.ssm.session_manager_logging_enabled", "aws.ssm.session_manager_encrypted",
    "aws.ssm.managed_instance_patch_compliant", "aws.ssm.managed_instance_association_compliant",
    "aws.backup.plan_has_selection", "aws.trustedadvisor.security_check_ok", "aws.trustedadvisor.fault_tolerance_check_ok",
    "aws.shield.drt_access_granted", "aws.shield.proactive_engagement_enabled",
    "aws.auditmanager.settings_encrypted_with_cmk", "aws.auditmanager.report_destination_configured",
    "aws.auditmanager.evidence_finder_enabled", "aws.auditmanager.active_assessment_exists",
}


def test_unreadable_settings_answer_error(scans: Any) -> None:
    got = _statuses(scans, "PARTIAL")
    wrong = {cid: got.get(cid) for cid in PARTIAL_ERRORS if got.get(cid) != {Status.ERROR}}
    assert not wrong, wrong


def test_unused_services_cost_a_listing_and_find_nothing(scans: Any) -> None:
    """EMPTY: nothing enabled, nothing listed.  The per-region detector summaries (GuardDuty,
    Inspector, Macie, Security Hub) and the SSM account settings are one resource each (their
    checks report "not enabled" once); the others yield nothing."""
    budget = {"guardduty": 1, "inspector2": 1, "macie": 1, "securityhub": 1, "config_compliance": 2, "ssm": 3,
              "backup_plans": 2, "trustedadvisor": 2, "shield": 1, "auditmanager": 1}
    one_resource = {"guardduty", "inspector2", "macie", "securityhub", "ssm"}
    for service, (calls, inv) in scans["calls"].items():
        assert not inv.coverage.failures, (service, inv.coverage.failures)
        assert calls <= budget[service], (service, calls)
        want = 1 if service in one_resource else 0
        if service == "trustedadvisor":
            continue  # EMPTY still has a support plan: its checks are listed
        assert len(inv) == want, (service, [(r.type, r.name) for r in inv])
    empty = scans["EMPTY"][1]
    assert empty[("aws.macie.enabled", f"macie {standin.REGION}")].status is Status.FAIL
    assert empty[("aws.inspector2.ec2_scanning_enabled", f"inspector2 {standin.REGION}")].status is Status.FAIL


def test_no_trusted_advisor_api_is_a_note_not_a_failure(scans: Any) -> None:
    inv, findings = scans["BASIC"]
    ta = [r for r in inv if r.type.startswith("aws.trustedadvisor.")]
    assert [(r.type, r.data["Available"]) for r in ta] == [("aws.trustedadvisor.account", False)]
    assert "SubscriptionRequiredException" in ta[0].data["Reason"]
    assert not [k for k in findings if k[0].startswith("aws.trustedadvisor.")]


def test_session_preferences_keep_only_logging_and_encryption(scans: Any) -> None:
    region = next(r for r in scans["GOOD"][0] if r.type == "aws.ssm.region")
    assert region.data["_session_preferences"]["cloudWatchLogGroupName"] == "/ssm/sessions"
    assert "not-kept" not in repr([r.to_dict() for r in scans["GOOD"][0]])  # the shell profile is dropped
