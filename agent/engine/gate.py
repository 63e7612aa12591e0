"""The CI gate (``ucs scan --fail-on LEVEL``): it trips on what is known, not only on what was seen.

A scan that could not read a region finds no FAIL there, which is not the same as "nothing is
wrong there".  So the gate counts two things at or above LEVEL:

* ``failing``: this scan's FAIL results;
* ``unassessed``: findings still open in the store (new, open or reopened; muted ones are
  excluded) that this scan could not re-assess, in its scope — their check, which this scan ran,
  answered ERROR this time, or their unit (provider, account, region, resource type) is a
  coverage failure of this scan.

A coverage failure recorded for a whole scope (the collector could not start, the scan deadline
cut it off: account ``*`` or the scope's own label, region and type ``*``) covers every finding
of that scope: its provider and, where the config names them, its accounts and regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from agent.collectors import Scope
from agent.collectors.run import scope_label
from agent.core.model import ACTIVE_STATES, CoverageEntry, Finding, Severity, Status
from agent.engine.scan import ScanOutcome
from agent.settings.gcp import GcpProvider
from agent.settings.tenant import AwsAccount, AwsOrganization, AzureProvider, KubernetesCluster

# Regions of AWS resources read once per account (IAM, S3 listing): in every configured region.
_GLOBAL_REGIONS = frozenset({"global", "*"})


@dataclass(slots=True)
class Gate:
    level: Severity
    failing: int = 0  # this scan's FAIL results at or above the level
    unassessed: list[Finding] = field(default_factory=list)

    @property
    def tripped(self) -> bool:
        return bool(self.failing or self.unassessed)


def in_scope(provider: str, scope: Scope, f: Finding) -> bool:
    """Whether ``f`` belongs to what (provider, scope) scans, as far as the config says."""
    r = f.resource
    if r.provider != provider:
        return False
    if isinstance(scope, AwsAccount | AwsOrganization):
        if isinstance(scope, AwsAccount):
            accounts = {scope.id} if scope.id else None
        else:
            accounts = set(scope.accounts) if scope.accounts else None
            if r.account in scope.exclude_accounts:
                return False
        regions = set(scope.regions)
        return ((accounts is None or r.account in accounts)
                and (not regions or r.region in regions or r.region in _GLOBAL_REGIONS))
    if isinstance(scope, KubernetesCluster):
        return r.account == scope.name
    if isinstance(scope, AzureProvider):
        listed = {s.id.lower() for s in scope.subscriptions}
        return scope.discover_subscriptions or not listed or r.account.lower() in listed
    if isinstance(scope, GcpProvider):
        return bool(scope.folders or scope.organization) or not scope.projects or r.account in scope.projects
    return True


def _covers(e: CoverageEntry, f: Finding, scopes: Sequence[tuple[str, Scope]]) -> bool:
    r = f.resource
    if e.provider != r.provider or e.region not in (r.region, "*") or e.resource_type not in (r.type, "*"):
        return False
    if e.account == r.account:
        return True
    return any(p == e.provider and e.account in ("*", scope_label(p, s)) and in_scope(p, s, f) for p, s in scopes)


def not_reassessed(outcome: ScanOutcome, open_findings: Iterable[Finding]) -> list[Finding]:
    """The findings of ``open_findings`` (as the store holds them after the scan) that the scan
    ran a check for but could not re-assess: ERROR this time, or in a failed unit."""
    tally = outcome.tally
    failures = outcome.coverage.failures
    scopes = outcome.scopes
    out = []
    for f in open_findings:
        if f.state not in ACTIVE_STATES or f.check_id not in outcome.evaluated_checks:
            continue
        # An ERROR result or a failed unit is this scan's own: only a whole-scope failure needs
        # the scope's config to say which findings it stands for (see _covers).
        status = tally.status_of(f.fingerprint)
        if status is Status.ERROR or (status is None and any(_covers(e, f, scopes) for e in failures)):
            out.append(f)
    return out


def fail_on(level: Severity, outcome: ScanOutcome, open_findings: Iterable[Finding]) -> Gate:
    """The gate at ``level``; ``open_findings`` are the store's findings after the scan (any
    filter by state or severity is applied here again)."""
    failing = outcome.tally.count(Status.FAIL, level)
    unassessed = [f for f in not_reassessed(outcome, open_findings) if f.severity >= level]
    return Gate(level, failing, unassessed)


@dataclass(frozen=True, slots=True)
class Assessment:
    """How much a scan assessed: the numbers of the summary line and the exit code's input.

    A provider counts as *not assessed* when none of its units could be read, when every
    regional unit of it failed (only global reads such as IAM succeeded), or when some units
    failed and the ones that answered held no resource at all: the scan could not
    assess what it was asked to, which is exit 3 even with ``--fail-on`` (a CI gate must not pass
    on nothing).  Some failed units beside read ones make the scan *partial* (exit 4 with
    ``--fail-on-partial``).
    """

    units: int
    failed: int
    resources: int
    accounts: int
    regions: int
    services: int
    unassessed_providers: tuple[str, ...]

    @property
    def nothing_assessed(self) -> bool:
        return bool(self.unassessed_providers) or self.units == 0

    @property
    def partial(self) -> bool:
        return self.failed > 0


def assess(outcome: ScanOutcome) -> Assessment:
    entries = outcome.coverage.entries
    by_provider: dict[str, list[CoverageEntry]] = {p: [] for p, _ in outcome.scopes}
    for e in entries:
        by_provider.setdefault(e.provider, []).append(e)
    unassessed = []
    for provider, es in sorted(by_provider.items()):
        ok = [e for e in es if e.ok]
        regional_failed = any(not e.ok and e.region not in _GLOBAL_REGIONS for e in es)
        regional_ok = any(e.region not in _GLOBAL_REGIONS for e in ok)
        # read nothing: no unit answered, every regional unit failed, or units failed and the
        # ones that answered held nothing (a manifests folder of which no object could be read)
        nothing_read = any(not e.ok for e in es) and not any(e.count for e in ok)
        if es and (not ok or (regional_failed and not regional_ok) or nothing_read):
            unassessed.append(provider)
    ok_entries = [e for e in entries if e.ok]
    return Assessment(
        units=len(entries), failed=len(entries) - len(ok_entries), resources=len(outcome.inventory),
        accounts=len({(e.provider, e.account) for e in ok_entries}),
        regions=len({e.region for e in ok_entries if e.region not in _GLOBAL_REGIONS}),
        services=len({".".join(e.resource_type.split(".")[:2]) for e in ok_entries if e.resource_type != "*"}),
        unassessed_providers=tuple(unassessed))


# Exit codes of a scan (README "Exit codes"); usage, config, licence and menu errors (2) and
# runtime errors (3) are raised as UcsError before a scan has an outcome.
EXIT_CLEAN, EXIT_FAIL_ON, EXIT_NOT_ASSESSED, EXIT_PARTIAL = 0, 1, 3, 4


def scan_exit_code(assessment: Assessment, gate: Gate | None, fail_on_partial: bool) -> int:
    """3 when the scan could not assess what it was asked (before everything: a gate over nothing
    proves nothing), then 1 when ``--fail-on`` tripped, then 4 for a partial scan under
    ``--fail-on-partial``, else 0."""
    if assessment.nothing_assessed:
        return EXIT_NOT_ASSESSED
    if gate is not None and gate.tripped:
        return EXIT_FAIL_ON
    if fail_on_partial and assessment.partial:
        return EXIT_PARTIAL
    return EXIT_CLEAN
