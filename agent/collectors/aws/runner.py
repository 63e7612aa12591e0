"""The AWS run: every service module over (account × region), concurrently and bounded.

A service module is a file in this package that defines::

    SERVICE = "ec2"                       # short name, used in coverage errors and logs
    GLOBAL = False                        # True: collected once per account, not per region
    RESOURCE_TYPES = ("aws.ec2.instance", ...)
    def collect(ctx: ServiceContext) -> list[Resource]: ...

Modules are found by listing this package, so adding a service is adding a file.  If ``collect``
raises, every one of its RESOURCE_TYPES is recorded as failed in Coverage for that account and
region and the scan goes on; a setting that could not be read for one resource is stored as
:func:`agent.core.model.unreadable` on that resource instead, so its checks answer ERROR.

Each unit (service × region) runs on a detached thread (:mod:`agent.collectors.deadline`).  One
still running at its service deadline, or at the scan's deadline, is given up on: its resource
types are coverage failures ("deadline exceeded after N s"), its thread is left to end by itself
(botocore's connect and read timeouts are capped at the service deadline), and the run goes on.
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from agent.collectors.aws import exposure
from agent.collectors.aws.context import ClientFactory, ServiceContext, describe_error
from agent.collectors.deadline import Deadline, detached, exceeded
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Resource

log = logging.getLogger(__name__)

PACKAGE = __name__.rsplit(".", 1)[0]
# Modules of the package that are the runner's own machinery, not services.
NOT_SERVICES = frozenset({"context", "exposure", "narrow", "organization", "permissions", "runner"})


# ``SERVICE = "name"`` as a service module declares it, read from the source without importing it.
_DECLARED_SERVICE = re.compile(r"""^SERVICE\s*=\s*["']([^"']+)["']\s*$""", re.M)


def _declared_service(path: Path) -> str | None:
    """The SERVICE a module's source declares as a plain string, None when it does not (then the
    module is imported to tell)."""
    try:
        found = _DECLARED_SERVICE.search(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    return found.group(1) if found else None


def service_modules(only: Iterable[str] | None = None) -> list[ModuleType]:
    """The service modules (all, or those whose SERVICE is in ``only``).  With ``only``, a module
    whose source declares another SERVICE is not imported: a scan of a few services does not pay
    for loading the other collectors (and their botocore-facing helpers)."""
    wanted = set(only) if only else None
    here = Path(__file__).parent
    mods = []
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("_") or info.name in NOT_SERVICES:
            continue
        if wanted is not None:
            declared = _declared_service(here / f"{info.name}.py")
            if declared is not None and declared not in wanted:
                continue
        mod = importlib.import_module(f"{PACKAGE}.{info.name}")
        if not hasattr(mod, "collect") or not hasattr(mod, "SERVICE"):
            continue
        if wanted is None or mod.SERVICE in wanted:
            mods.append(mod)
    return sorted(mods, key=lambda m: m.SERVICE)


SKIP_ENV = "UCS_AWS_SKIP_SERVICES"


def skipped_services() -> frozenset[str]:
    """Service modules a scan that names no services leaves out: ``UCS_AWS_SKIP_SERVICES``
    (comma-separated SERVICE names).  For an emulator (moto, LocalStack) that lacks some APIs and
    answers them with HTTP 500, which botocore retries with backoff; a real account needs none."""
    return frozenset(s.strip() for s in os.environ.get(SKIP_ENV, "").split(",") if s.strip())


def _run_unit(mod: ModuleType, factory: ClientFactory, account: str, region: str) -> tuple[list[Resource], Coverage]:
    cov = Coverage()
    cov_region = _cov_region(mod, region)
    ctx = ServiceContext(factory=factory, account=account, region=region, service=mod.SERVICE)
    try:
        resources = mod.collect(ctx)
    except Exception as exc:  # one service failing never stops the scan: it becomes a coverage gap
        err = describe_error(exc)
        log.warning("aws %s %s %s: %s", account, region, mod.SERVICE, err)
        return [], _unit_gap(mod, account, region, err)
    counts: dict[str, int] = {}
    for r in resources:
        counts[r.type] = counts.get(r.type, 0) + 1
    for rtype in mod.RESOURCE_TYPES:
        cov.add("aws", account, cov_region, rtype, counts.get(rtype, 0))
    for gap in ctx.gaps:
        cov.fail("aws", account, cov_region, gap[0], gap[1])
    return resources, cov


def _cov_region(mod: ModuleType, region: str) -> str:
    return "*" if getattr(mod, "GLOBAL", False) else region


def _unit_gap(mod: ModuleType, account: str, region: str, error: str) -> Coverage:
    """Every resource type of the unit, failed with ``error``."""
    cov = Coverage()
    for rtype in mod.RESOURCE_TYPES:
        cov.fail("aws", account, _cov_region(mod, region), rtype, f"{mod.SERVICE}: {error}")
    return cov


def cap_timeouts(factory: ClientFactory, seconds: float) -> None:
    """Cap ``factory``'s botocore timeouts at the service deadline (a stand-in factory has none)."""
    if isinstance(factory, ClientFactory):
        factory.cap_timeouts(seconds)


@dataclass(slots=True)
class _Unit:
    """One (service module, region) of an account, and when its thread started."""

    index: int
    mod: ModuleType
    region: str
    started: float = 0.0
    future: Future[tuple[list[Resource], Coverage]] | None = None

    @property
    def where(self) -> str:
        return "global" if getattr(self.mod, "GLOBAL", False) else self.region


def _run_bounded(
    units: list[_Unit],
    factory: ClientFactory,
    account: str,
    max_workers: int,
    service_deadline: float | None,
    deadline: Deadline | None,
) -> Iterator[tuple[_Unit, list[Resource], Coverage, str | None]]:
    """Run ``units`` at most ``max_workers`` at a time; yield each one's result as it ends.

    A unit still running ``service_deadline`` seconds after it started, or when ``deadline``
    passes, is yielded as a coverage gap and its thread left running, detached: its slot goes to
    the next unit, and its late result is never read.  Units not started by the deadline are
    gaps too.  The fourth item is the deadline's error for a unit that was cut off, else None.
    """
    pending = deque(units)
    running: list[_Unit] = []
    while pending or running:
        while pending and len(running) < max_workers and not (deadline and deadline.expired()):
            u = pending.popleft()
            u.started = time.monotonic()
            u.future = detached(_run_unit, u.mod, factory, account, u.region,
                                name=f"ucs-aws-{u.mod.SERVICE}-{u.region}")
            running.append(u)
        if deadline and deadline.expired():
            for u in running:
                yield u, [], _unit_gap(u.mod, account, u.region, deadline.error), deadline.error
            for u in pending:
                err = f"not started: {deadline.error}"
                yield u, [], _unit_gap(u.mod, account, u.region, err), err
            return
        bounds = [u.started + service_deadline for u in running] if service_deadline else []
        if deadline:
            bounds.append(deadline.at)
        timeout = max(0.0, min(bounds) - time.monotonic()) if bounds else None
        wait([u.future for u in running if u.future], timeout=timeout, return_when=FIRST_COMPLETED)
        now = time.monotonic()
        for u in list(running):
            assert u.future is not None
            if u.future.done():
                running.remove(u)
                yield u, *u.future.result(), None
            elif service_deadline and now - u.started >= service_deadline:
                running.remove(u)
                err = exceeded(service_deadline)
                log.warning("aws %s %s %s: %s", account, u.region, u.mod.SERVICE, err)
                yield u, [], _unit_gap(u.mod, account, u.region, err), err


def collect_account(
    factory: ClientFactory,
    account: str,
    regions: list[str],
    services: Iterable[str] | None = None,
    max_workers: int = 8,
    progress: Callable[[str], None] | None = None,
    service_deadline: float | None = None,
    deadline: Deadline | None = None,
) -> Inventory:
    """Collect one account: global services once, regional ones in every region.

    ``service_deadline`` bounds each unit (service × region) from its start, ``deadline`` the whole
    account; what is cut off is a coverage gap ("deadline exceeded after N s").
    """
    if service_deadline:
        cap_timeouts(factory, service_deadline)
    pairs: list[tuple[ModuleType, str]] = []
    skip = skipped_services() if services is None else frozenset()
    for mod in service_modules(services):
        if mod.SERVICE in skip:
            continue
        if getattr(mod, "GLOBAL", False):
            pairs.append((mod, regions[0] if regions else "us-east-1"))
        else:
            pairs.extend((mod, region) for region in regions)
    units = [_Unit(i, mod, region) for i, (mod, region) in enumerate(pairs)]
    done: dict[int, tuple[list[Resource], Coverage]] = {}
    for u, resources, cov, cut_off in _run_bounded(units, factory, account, max(1, max_workers), service_deadline,
                                                   deadline):
        done[u.index] = (resources, cov)
        if progress:
            progress(f"aws {account} {u.where} {u.mod.SERVICE}: {cut_off or len(resources)}")
    inv = Inventory()
    for i in sorted(done):  # unit order, not completion order: the same estate gives the same inventory
        resources, cov = done[i]
        inv.add_all(resources)
        inv.coverage.extend(cov)
    exposure.annotate(inv)  # derived _exposure / _privileged fields, from what was just collected
    return inv


def caller_account(factory: ClientFactory) -> str:
    return str(factory.client("sts", factory.default_region).get_caller_identity()["Account"])


def enabled_regions(factory: ClientFactory) -> list[str]:
    """Regions enabled for the account (opt-in regions only once opted in)."""
    resp = factory.client("ec2", factory.default_region).describe_regions(
        Filters=[{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}])
    names = sorted(r["RegionName"] for r in resp.get("Regions", []))
    # Global services are read in the first region: prefer the configured default one.
    return sorted(names, key=lambda n: n != factory.default_region)
