"""Issue 23, "Honest under faults": a rescan of an UNCHANGED estate under one injected fault must
resolve nothing (nothing changed, so whatever resolves was not assessed), open no phantom finding
(no active fingerprint the baseline did not have), and show the fault: a partial scan (coverage
gap) or more ERROR results.

One clean baseline scan per module goes to a SQLite store; every scenario copies that store and
rescans the same estate through :mod:`tests.faults.proxy` with one (service, operation) failing in
one of five ways (or with the emulator dying mid-scan).  ``DISHONEST`` below would list scenarios
known to fail, with their cause, as strict xfails (whoever fixes a cause sees them pass and
removes their lines); it is empty.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest

from agent.collectors.aws.context import ClientFactory
from agent.collectors.aws.credentials import session_for
from agent.core.model import ACTIVE_STATES, Status
from agent.engine.scan import ScanOutcome, run_scan
from agent.settings.tenant import Settings, load_settings
from agent.store import Store
from tests.faults import estate
from tests.faults.proxy import KINDS, Call, Fault, FaultProxy, no_retry_waits

# ----------------------------------------------------------------------------------------------
# Scenarios that are dishonest TODAY: scenario id -> cause (each a strict xfail).  Empty since
# issue 23's collector causes were fixed: exposure and privilege carry what they could not read
# (agent/collectors/aws/exposure.py), cross-resource checks declare their inputs, a bucket whose
# region cannot be read is a coverage gap (agent/collectors/aws/s3.py), and a garbled JSON answer
# is a parse error (agent/collectors/aws/context.py refuse_unparseable_json).  A scenario found
# dishonest later goes here with its cause until it is fixed.
# ----------------------------------------------------------------------------------------------
DISHONEST: dict[str, str] = {}


# One representative read per collector module, plus the reads issue 23 names.  The botocore
# (service, operation) names are what the proxy sees; test_scenarios_follow_what_the_scan_calls
# proves each is called by a clean scan and that every service the scan calls has a scenario.
OPERATIONS: list[tuple[str, str]] = [
    ("s3", "GetBucketLocation"),            # s3: the bucket's region
    ("s3control", "GetPublicAccessBlock"),  # s3_account: account-level Block Public Access
    ("ec2", "DescribeSecurityGroups"),      # ec2: feeds instance exposure
    ("ec2", "DescribeRouteTables"),         # ec2_network: feeds instance exposure
    ("ec2", "DescribeFlowLogs"),            # vpc
    ("iam", "GetAccountAuthorizationDetails"),  # iam (users, policies) and iam_roles (roles)
    ("iam", "GetCredentialReport"),         # iam: MFA, keys, root
    ("lambda", "ListFunctions"),            # lambda: the listing
    ("lambda", "GetFunctionUrlConfig"),     # lambda: URL -> function exposure
    ("lambda", "GetPolicy"),                # lambda: resource policy -> function exposure
]

# Reads moto does not implement: they fail in the baseline already (the checks they feed answer
# ERROR there), so a fault injected into them leaves nothing new to see.
MOTO_LACKS: set[tuple[str, str]] = {("ssm", "DescribeInstanceInformation")}

# "The emulator dies": from the first request of this operation on, every connection is reset.
# Units run one at a time (max_workers=1) so the kill lands at the same point on every run.
KILLS: dict[str, tuple[str, str]] = {
    "killed-in-iam_roles": ("iam", "ListServerCertificates"),  # roles read, their unit not finished
    "killed-in-lambda": ("lambda", "GetPolicy"),               # functions listed, settings not read
}

# botocore's retries "max_attempts" counts RETRIES (ClientFactory passes it through): 1 means a throttled
# or reset call is sent twice, not nine times as with the collector's default of 8.
MAX_ATTEMPTS = 1
TENANT = "faults"


def _param(value: Any, scenario: str) -> Any:
    cause = DISHONEST.get(scenario)
    marks = [pytest.mark.xfail(strict=True, reason=f"issue 23: {cause}")] if cause else []
    return pytest.param(value, id=scenario, marks=marks)


SCENARIOS = [_param(Fault(s, o, k), f"{s}.{o}-{k}") for s, o in OPERATIONS for k in KINDS]


# ----------------------------------------------------------------------------------------------
@dataclass
class Rescan:
    """What one rescan changed in the store, compared with the baseline."""

    outcome: ScanOutcome
    proxy_injected: int
    resolved: list[str] = field(default_factory=list)  # active in the baseline, not any more
    phantoms: list[str] = field(default_factory=list)  # active now, a fingerprint the baseline never had
    new_rows: list[str] = field(default_factory=list)  # any fingerprint the baseline never had (context)
    new_errors: int = 0

    @property
    def visible(self) -> bool:
        """The scan admits it did not see everything: partial, or more ERROR results."""
        return self.outcome.status == "partial" or self.new_errors > 0

    def explain(self) -> str:
        return (f"status={self.outcome.status} injected={self.proxy_injected} "
                f"wrongly resolved={self.resolved} phantoms={self.phantoms} new fingerprints={self.new_rows} "
                f"coverage failures={[(e.resource_type, e.error) for e in self.outcome.coverage.failures]}")


@dataclass
class Lab:
    proxy: FaultProxy
    settings: Settings
    session: boto3.Session
    baseline_db: Path
    work: Path
    baseline_calls: dict[Call, int]
    baseline_active: dict[str, str]  # fingerprint -> "check on resource"
    baseline_all: set[str]
    baseline_errors: int

    def scan(self, store: Store, max_workers: int = 8) -> ScanOutcome:
        # The collector's own factory with its real (adaptive) retry mode, fewer attempts, and one
        # boto3 session for every scan so service models load once.
        factory = ClientFactory(session=self.session, endpoint_url=self.proxy.url,
                                default_region=estate.REGION, max_attempts=MAX_ATTEMPTS)
        return run_scan(self.settings, store, collect_options={"aws": {"clients": factory, "max_workers": max_workers}})

    def rescan(self, name: str, fault: Fault | None = None, kill_at: tuple[str, str] | None = None) -> Rescan:
        db = self.work / f"{name}.sqlite"
        shutil.copyfile(self.baseline_db, db)
        store = Store(f"sqlite:///{db}")
        try:
            with self.proxy.injecting(fault, kill_at=kill_at):
                outcome = self.scan(store, max_workers=1 if kill_at else 8)
                injected = self.proxy.injected
            after = _findings(store)
        finally:
            store.close()
        active = {fp for fp, (state, _) in after.items() if state in ACTIVE_STATES}
        return Rescan(
            outcome, injected,
            resolved=sorted(self.baseline_active[fp] for fp in set(self.baseline_active) - active),
            phantoms=sorted(after[fp][1] for fp in active - self.baseline_all),
            new_rows=sorted(f"{after[fp][1]} ({after[fp][0].value})" for fp in set(after) - self.baseline_all),
            new_errors=sum(f.status is Status.ERROR for f in outcome.findings) - self.baseline_errors)


def _findings(store: Store) -> dict[str, tuple[Any, str]]:
    return {f.fingerprint: (f.state, f"{f.check_id} on {f.resource.name} [{f.resource.region}]")
            for f in store.findings(TENANT)}


def _tenant_yaml(path: Path, endpoint: str) -> Path:
    services = ", ".join(estate.SERVICES)
    path.write_text(f"""\
tenant: {{id: {TENANT}}}
licence: {{product: UCS Cloud Security, expires: 2099-12-31}}
providers:
  aws:
    accounts:
      - id: "{estate.ACCOUNT}"
        regions: [{estate.REGION}]
        endpoint_url: {endpoint}
        credentials: {{env: true}}
        services: [{services}]
""")
    return path


@pytest.fixture(scope="module")
def lab(moto_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    work = tmp_path_factory.mktemp("faults")
    with no_retry_waits(), pytest.MonkeyPatch.context() as mp:
        # moto answers DescribeSnapshots(OwnerIds=self) with its ~1,300 public AMI snapshots too
        # (1-2 s a call); real AWS would not, and the estate needs no AMI.  Read at moto's reset.
        mp.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
        estate.seed(moto_server)
        proxy = FaultProxy(moto_server).start()
        try:
            settings = load_settings(_tenant_yaml(work / "tenant.yaml", proxy.url))
            assert settings.providers.aws is not None
            session = session_for(settings.providers.aws.accounts[0])
            lab = Lab(proxy, settings, session, work / "baseline.sqlite", work, {}, {}, set(), 0)
            store = Store(f"sqlite:///{lab.baseline_db}")
            try:
                with proxy.injecting():
                    outcome = lab.scan(store)
                    lab.baseline_calls = dict(proxy.calls)
                    assert not proxy.unnamed, f"requests the proxy could not name: {proxy.unnamed}"
                assert outcome.status == "completed", outcome.coverage.failures
                found = _findings(store)
            finally:
                store.close()  # closing checkpoints the WAL: the file alone is the whole store
            lab.baseline_all = set(found)
            lab.baseline_active = {fp: what for fp, (state, what) in found.items() if state in ACTIVE_STATES}
            lab.baseline_errors = sum(f.status is Status.ERROR for f in outcome.findings)
            yield lab
        finally:
            proxy.stop()
    estate.reset(moto_server)  # later modules get moto's defaults (AMIs included) back


# ----------------------------------------------------------------------------------------------
EXPECTED_FAILS = [
    ("aws.s3.no_public_acl", estate.PUBLIC_BUCKET),
    ("aws.s3.no_public_policy", estate.PUBLIC_BUCKET),
    ("aws.s3.versioning_enabled", estate.EU_BUCKET),
    ("aws.ec2.sg_no_ssh_from_internet", estate.ADMIN_PORTS_SG),
    ("aws.ec2.admin_ports_not_reachable", estate.ADMIN_INSTANCE),
    ("aws.ec2.reachable_instance_not_privileged", estate.ADMIN_INSTANCE),
    ("aws.lambda.function_url_requires_auth", estate.URL_FUNCTION),
    ("aws.lambda.not_publicly_invokable", estate.POLICY_FUNCTION),
    ("aws.lambda.public_function_not_privileged", estate.URL_FUNCTION),
    ("aws.lambda.public_function_not_privileged", estate.POLICY_FUNCTION),
    ("aws.iam.user_mfa_enabled", "ucs-bad-console-no-mfa"),
    ("aws.iam.no_policies_attached_to_users", "ucs-bad-key-user"),
]


def test_baseline_has_the_cross_resource_findings(lab: Lab) -> None:
    active = set(lab.baseline_active.values())
    for check_id, name in EXPECTED_FAILS:
        assert any(a.startswith(f"{check_id} on {name} ") for a in active), (check_id, name)


def test_scenarios_follow_what_the_scan_calls(lab: Lab) -> None:
    called = {(c.service, c.operation) for c in lab.baseline_calls}
    assert set(OPERATIONS) <= called, f"not called by a clean scan: {set(OPERATIONS) - called}"
    assert set(KILLS.values()) <= called
    assert {s for s, _ in called - MOTO_LACKS} == {s for s, _ in OPERATIONS}, "a service the scan calls has no scenario"


def test_clean_rescan_changes_nothing(lab: Lab) -> None:
    r = lab.rescan("clean")
    assert r.outcome.status == "completed" and not r.resolved and not r.new_rows and r.new_errors == 0, r.explain()
    assert not r.outcome.changes


def _assert_honest(r: Rescan) -> None:
    assert r.proxy_injected > 0, "the fault never fired"
    assert not r.resolved, f"resolved what the scan did not assess: {r.explain()}"
    assert not r.phantoms, f"opened phantom findings: {r.explain()}"
    assert r.visible, f"the fault left no trace (not partial, no ERROR): {r.explain()}"


@pytest.mark.parametrize("fault", SCENARIOS)
def test_rescan_under_fault_is_honest(lab: Lab, fault: Fault) -> None:
    _assert_honest(lab.rescan(f"{fault.service}-{fault.operation}-{fault.kind}", fault))


@pytest.mark.parametrize("where", [_param(k, k) for k in KILLS])
def test_emulator_killed_mid_scan(lab: Lab, where: str) -> None:
    _assert_honest(lab.rescan(where, kill_at=KILLS[where]))
