"""AWS collector: one account (``AwsAccount``) or a whole organisation (``AwsOrganization``).

The run over (account × region) and the service modules it finds are in
:mod:`agent.collectors.aws.runner`; organisation discovery and AssumeRole in
:mod:`agent.collectors.aws.organization`.  Both are re-exported here for callers that collect
one account directly (verification, the demo, tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.collectors.aws import exposure
from agent.collectors.aws.context import ClientFactory
from agent.collectors.aws.organization import collect_organization
from agent.collectors.aws.runner import caller_account, cap_timeouts, collect_account, enabled_regions, service_modules
from agent.core.inventory import Inventory
from agent.settings.tenant import AwsAccount, AwsOrganization

__all__ = ["ClientFactory", "caller_account", "collect", "collect_account", "exposure", "service_modules"]


OPTIONS = frozenset({"services", "regions", "max_workers", "service_deadline", "deadline", "on_factory"})


def collect(scope: AwsAccount | AwsOrganization, clients: ClientFactory | None = None,
            progress: Callable[[str], None] | None = None, **options: Any) -> Inventory:
    """Collect an account or an organisation; ``clients`` replaces the factory the scope's
    credentials would build (for an organisation: the management account's).

    Options: ``services``, ``regions``, ``max_workers``; ``service_deadline`` (seconds per unit,
    also the cap of botocore's connect and read timeouts) and ``deadline`` (a
    :class:`~agent.collectors.deadline.Deadline` for the whole scan); ``on_factory`` (organisations).
    Any other option is a mistake and raises (a misspelt option silently ignored would make a
    test or a caller believe a setting applied).
    """
    unknown = set(options) - OPTIONS
    if unknown:
        raise TypeError(f"aws collect: unknown option(s) {sorted(unknown)} (known: {sorted(OPTIONS)})")
    if isinstance(scope, AwsOrganization):
        return collect_organization(scope, clients, progress, **options)
    clients = clients or ClientFactory.for_account(scope)
    if options.get("service_deadline"):
        cap_timeouts(clients, options["service_deadline"])  # before the first call (sts, ec2 regions)
    account = scope.id or caller_account(clients)
    regions = list(scope.regions) or list(options.get("regions") or []) or enabled_regions(clients)
    return collect_account(
        clients,
        account,
        regions,
        services=options.get("services") or scope.services,
        max_workers=options.get("max_workers", 8),
        progress=progress,
        service_deadline=options.get("service_deadline"),
        deadline=options.get("deadline"),
    )
