"""Take in the licensed products' findings: read (incremental), meter, join, dedup, mute, store.

One *unit* is one product in one place: an AWS product in one (account, region), Defender over
the tenant's subscriptions, SCC under one parent.  Per unit:

    cursor = the unit's intake position (``product:<source>:<account>:<where>``), None at first
    read pages ──► Art. 11 meter (a suspended tenant's pages are dropped, counted per product —
                   Art. 12 — and the cursor stays, so they are read again once it ends)
               ──► join each resource to our inventory (stored snapshots, by id)
               ──► dedup mapping (config/products) ──► mutelist ──► store (one transaction a page)
    a full read that completed resolves what the product no longer reports there; a read that
    failed resolves nothing, moves no cursor, and is a coverage gap: a finding
    ``product.<source>.coverage_gap`` on the unit (new once, notified once, resolved when it reads)

Only licensed products (``products.licensed``, Art. 3) are read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Protocol

from agent.core.model import Finding, Resource, Severity, Status, fingerprint, utcnow
from agent.engine.evaluate import MuteMatcher, mute_matchers
from agent.products import aws as aws_readers
from agent.products.mapping import resource_key, to_finding
from agent.products.model import MSG, PRODUCT_NAMES, PRODUCT_PROVIDER, Reported
from agent.settings.products import AWS_PRODUCTS
from agent.settings.tenant import Settings
from agent.store import Store, TransitionHook
from agent.store.daemon_state import DaemonState, SourcePosition

log = logging.getLogger(__name__)

OVERLAP = timedelta(minutes=5)  # the next read starts this much before this one did (clock skew)
GAP_CONTROL = "coverage_gap"
STORE_BATCH = 500  # findings per store transaction: pages are streamed, a few of them written at once


class Meter(Protocol):
    """What the Art. 11 throttle offers the intake: ``meter(n)`` → None (admitted) or a suspension id."""

    def meter(self, n: int = 1) -> int | None: ...


@dataclass(slots=True)
class UnitResult:
    source: str
    account: str
    where: str
    ok: bool = True
    error: str = ""
    full: bool = False
    read: int = 0
    stored: int = 0
    dropped: int = 0
    transitions: int = 0


@dataclass(slots=True)
class IngestReport:
    units: list[UnitResult] = field(default_factory=list)

    def by_source(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for u in self.units:
            s = out.setdefault(u.source, {"units": 0, "gaps": 0, "read": 0, "stored": 0, "dropped": 0, "transitions": 0})
            s["units"] += 1
            s["gaps"] += 0 if u.ok else 1
            for k in ("read", "stored", "dropped", "transitions"):
                s[k] += getattr(u, k)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"by_source": self.by_source(),
                "gaps": [{"source": u.source, "account": u.account, "where": u.where, "error": u.error}
                         for u in self.units if not u.ok]}


@dataclass(slots=True)
class Clients:
    """SDK clients the readers use (built from the settings when not given; tests pass their own)."""

    aws: dict[str, Any] = field(default_factory=dict)  # account id -> agent.collectors.aws.context.ClientFactory
    azure: Any = None  # agent.collectors.azure.clients.AzureClients
    scc: Any = None  # google.cloud.securitycenter_v1.SecurityCenterClient


PageSource = Callable[[str | None], Iterator[list[Reported]]]


class Ingest:
    def __init__(self, settings: Settings, store: Store, clients: Clients | None = None, throttle: Meter | None = None,
                 on_transitions: TransitionHook | None = None) -> None:
        self.settings = settings
        self.tenant = settings.tenant.id
        self.store = store
        self.state = DaemonState(store.engine)
        self.clients = clients or Clients()
        self.throttle = throttle
        self.on_transitions = on_transitions
        self.mutes: list[MuteMatcher] = mute_matchers(settings.mutelist)

    # ------------------------------------------------------------------ plan
    def units(self) -> Iterator[tuple[str, str, str, PageSource]]:
        """(source, account, where, pages(since)) for every unit of every licensed product."""
        licensed = list(self.settings.products.licensed)
        direct = [s for s in licensed if s in AWS_PRODUCTS and s != "securityhub"]
        aws_settings = self.settings.providers.aws
        for source in (s for s in licensed if s in AWS_PRODUCTS):
            reader, _full = aws_readers.READERS[source]
            for acct in (aws_settings.accounts if aws_settings else []):
                factory = self._aws_factory(acct)
                try:
                    account = acct.id or _caller_account(factory)
                except Exception as exc:  # the account cannot even be named: one gap for the account
                    yield source, acct.name or "unknown-account", "*", partial(_failing, exc)
                    continue
                regions = list(acct.regions) or [factory.default_region]
                if source == "securityhub" and self.settings.products.securityhub_aggregation_region:
                    regions = [self.settings.products.securityhub_aggregation_region]
                for region in regions:
                    extra: dict[str, Any] = {"skip_products": direct} if source == "securityhub" else {}
                    yield source, account, region, partial(_aws_pages, reader, factory, account, region, extra)
        if "defender" in licensed and self.settings.providers.azure is not None:
            from agent.products.azure import defender

            clients = self._azure_clients()
            subs = self._subscriptions(clients)
            yield "defender", ",".join(subs) if len(subs) < 4 else f"{len(subs)} subscriptions", "*", (
                partial(defender, clients.graph(), subs))
        if "scc" in licensed:
            from agent.products.gcp import client_for, scc

            client = self.clients.scc or client_for(self.settings.products.scc_endpoint)
            for parent in self.settings.products.scc_parents:
                yield "scc", parent, "*", partial(scc, client, parent)

    def _aws_factory(self, acct: Any) -> Any:
        from agent.collectors.aws.context import ClientFactory

        key = acct.id or acct.name or "default"
        if key not in self.clients.aws:
            self.clients.aws[key] = ClientFactory.for_account(acct)
        return self.clients.aws[key]

    def _azure_clients(self) -> Any:
        if self.clients.azure is None:
            from agent.collectors.azure.clients import AzureClients, credential_for

            scope = self.settings.providers.azure
            assert scope is not None
            self.clients.azure = AzureClients(credential_for(scope), scope.base_url, scope.ca_bundle)
        return self.clients.azure

    def _subscriptions(self, clients: Any) -> list[str]:
        from agent.collectors.azure import resolve_subscriptions
        from agent.core.model import Coverage

        scope = self.settings.providers.azure
        assert scope is not None
        return resolve_subscriptions(scope, clients, Coverage())

    # ------------------------------------------------------------------- run
    def run(self, now: datetime | None = None) -> IngestReport:
        report = IngestReport()
        for source, account, where, pages in self.units():
            report.units.append(self.read_unit(source, account, where, pages, now=now))
        return report

    def read_unit(self, source: str, account: str, where: str, pages: PageSource,
                  now: datetime | None = None) -> UnitResult:
        key = f"product:{source}:{account}:{where}"
        since = self.state.position(self.tenant, key)
        started = now or utcnow()
        res = UnitResult(source, account, where, full=since is None)
        reported: set[str] = set()
        drops: dict[int, int] = {}
        pending: list[Finding] = []

        def flush() -> None:
            res.transitions += len(self.store.record_product_findings(
                self.tenant, source, pending, on_transitions=self.on_transitions, now=started))
            res.stored += len(pending)
            pending.clear()

        try:
            for page in pages(since):
                res.read += len(page)
                suspension = self.throttle.meter(len(page)) if (self.throttle is not None and page) else None
                if suspension is not None:
                    drops[suspension] = drops.get(suspension, 0) + len(page)
                    res.dropped += len(page)
                    continue
                found = self._findings(page, f"{account}:{where}")
                reported.update(f.fingerprint for f in found)
                pending.extend(found)
                if len(pending) >= STORE_BATCH:
                    flush()
            flush()
        except Exception as exc:  # one product failing never stops the others: a coverage gap
            res.ok, res.error = False, _describe(exc)
            log.warning("tenant %s: %s %s %s not readable: %s", self.tenant, source, account, where, res.error)
        if res.ok and res.full and not res.dropped:
            res.transitions += len(self.store.record_product_findings(
                self.tenant, source, [], complete={f"{account}:{where}"}, reported=reported,
                on_transitions=self.on_transitions, now=started))
        res.transitions += len(self.store.record_product_findings(
            self.tenant, source, [self._gap(source, account, where, res)], on_transitions=self.on_transitions, now=started))
        position = (started - OVERLAP).astimezone(UTC).isoformat().replace("+00:00", "Z")
        self.state.record_take(self.tenant, started.date().isoformat(), f"product:{source}", res.stored, {}, drops,
                               res.error or None,
                               SourcePosition(key, position) if res.ok and not res.dropped else None)
        return res

    # --------------------------------------------------------------- helpers
    def _findings(self, page: list[Reported], unit: str) -> list[Finding]:
        ours = self.store.resources_by_id(self.tenant, [resource_key(r) for r in page])
        out = []
        today = utcnow().date()
        for rep in page:
            f = to_finding(rep, ours.get(resource_key(rep).lower()))
            f.refs[rep.source]["unit"] = unit  # which read reports it: a full read of that unit may resolve it
            if f.status is Status.FAIL:
                for m in self.mutes:
                    if m.matches(f.check_id, f.resource, today):
                        f.status, f.mute_reason, f.mute_expires = Status.MUTED, m.reason, m.expires
                        break
            out.append(f)
        return out

    def _gap(self, source: str, account: str, where: str, res: UnitResult) -> Finding:
        """The coverage-gap finding of a unit: FAIL while it cannot be read, PASS once it can."""
        provider = PRODUCT_PROVIDER[source]
        r = Resource(provider, account, where, f"product.{source}", f"{source}:{account}:{where}",
                     f"{PRODUCT_NAMES[source]} {account} {where}".strip())
        check_id = f"product.{source}.{GAP_CONTROL}"
        params = {"product": PRODUCT_NAMES[source], "where": f"{account} {where}".strip(), "error": res.error}
        result = MSG.fail("not_readable", **params)
        return Finding(check_id, r, Status.FAIL if not res.ok else Status.PASS, Severity.MEDIUM, result.detail, params,
                       fingerprint(check_id, provider, account, where, r.id), message=result.message,
                       sources=(source,), refs={})


def _aws_pages(reader: Callable[..., Iterator[list[Reported]]], factory: Any, account: str, region: str,
               extra: dict[str, Any], since: str | None) -> Iterator[list[Reported]]:
    return reader(factory, account, region, since, **extra)


def _failing(exc: Exception, since: str | None) -> Iterator[list[Reported]]:
    raise exc
    yield []  # pragma: no cover - makes this a generator like every page source


def _caller_account(factory: Any) -> str:
    return str(factory.client("sts").get_caller_identity()["Account"])


def _describe(exc: BaseException) -> str:
    from agent.collectors.aws.context import describe_error

    if isinstance(exc, aws_readers.NotEnabled):
        return f"not enabled: {exc}"
    return describe_error(exc)
