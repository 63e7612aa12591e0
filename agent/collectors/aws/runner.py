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
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

from agent.collectors.aws import exposure
from agent.collectors.aws.context import ClientFactory, ServiceContext, describe_error
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Resource

log = logging.getLogger(__name__)

PACKAGE = __name__.rsplit(".", 1)[0]
# Modules of the package that are the runner's own machinery, not services.
NOT_SERVICES = frozenset({"context", "exposure", "organization", "runner"})


def service_modules(only: Iterable[str] | None = None) -> list[ModuleType]:
    wanted = set(only) if only else None
    mods = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("_") or info.name in NOT_SERVICES:
            continue
        mod = importlib.import_module(f"{PACKAGE}.{info.name}")
        if not hasattr(mod, "collect") or not hasattr(mod, "SERVICE"):
            continue
        if wanted is None or mod.SERVICE in wanted:
            mods.append(mod)
    return sorted(mods, key=lambda m: m.SERVICE)


def _run_unit(mod: ModuleType, factory: ClientFactory, account: str, region: str) -> tuple[list[Resource], Coverage]:
    cov = Coverage()
    cov_region = "*" if getattr(mod, "GLOBAL", False) else region
    ctx = ServiceContext(factory=factory, account=account, region=region, service=mod.SERVICE)
    try:
        resources = mod.collect(ctx)
    except Exception as exc:  # one service failing never stops the scan: it becomes a coverage gap
        err = describe_error(exc)
        log.warning("aws %s %s %s: %s", account, region, mod.SERVICE, err)
        for rtype in mod.RESOURCE_TYPES:
            cov.fail("aws", account, cov_region, rtype, f"{mod.SERVICE}: {err}")
        return [], cov
    counts: dict[str, int] = {}
    for r in resources:
        counts[r.type] = counts.get(r.type, 0) + 1
    for rtype in mod.RESOURCE_TYPES:
        cov.add("aws", account, cov_region, rtype, counts.get(rtype, 0))
    for gap in ctx.gaps:
        cov.fail("aws", account, cov_region, gap[0], gap[1])
    return resources, cov


def collect_account(
    factory: ClientFactory,
    account: str,
    regions: list[str],
    services: Iterable[str] | None = None,
    max_workers: int = 8,
    progress: Callable[[str], None] | None = None,
) -> Inventory:
    """Collect one account: global services once, regional ones in every region."""
    mods = service_modules(services)
    units: list[tuple[ModuleType, str]] = []
    for mod in mods:
        if getattr(mod, "GLOBAL", False):
            units.append((mod, regions[0] if regions else "us-east-1"))
        else:
            units.extend((mod, region) for region in regions)
    inv = Inventory()
    with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="ucs-aws") as pool:
        futures = [(mod, region, pool.submit(_run_unit, mod, factory, account, region)) for mod, region in units]
        for mod, region, fut in futures:
            resources, cov = fut.result()
            inv.add_all(resources)
            inv.coverage.extend(cov)
            if progress:
                where = "global" if getattr(mod, "GLOBAL", False) else region
                progress(f"aws {account} {where} {mod.SERVICE}: {len(resources)}")
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
