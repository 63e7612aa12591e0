"""Organisation scans: discover member accounts, assume the audit role in each, collect them in
parallel (bounded by ``max_concurrent_accounts``).

The management account's credentials (environment, profile or instance role: whatever boto3
finds, or the factory passed in) are used only to list accounts and call sts:AssumeRole.  An
account whose role cannot be assumed (role missing, trust denied, wrong external id, region
disabled) is recorded as a coverage failure for that account and the other accounts finish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3

from agent.collectors.aws.context import ClientFactory, describe_error
from agent.collectors.aws.organizations import member_accounts
from agent.collectors.aws.runner import caller_account, cap_timeouts, collect_account, enabled_regions
from agent.core.inventory import Inventory
from agent.core.logging_setup import register_secret
from agent.settings.tenant import AwsOrganization

log = logging.getLogger(__name__)

__all__ = ["assume", "collect_organization", "discover_accounts", "enabled_regions"]


def assume(mgmt: ClientFactory, account: str, role_name: str, external_id: str | None,
           session_name: str = "ucs-agent") -> ClientFactory:
    """A factory for ``account`` through sts:AssumeRole from the management credentials."""
    kwargs: dict[str, Any] = {"RoleArn": f"arn:aws:iam::{account}:role/{role_name}", "RoleSessionName": session_name}
    if external_id:
        kwargs["ExternalId"] = external_id
    creds = mgmt.client("sts").assume_role(**kwargs)["Credentials"]
    register_secret(creds["SecretAccessKey"])
    register_secret(creds["SessionToken"])
    session = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                    aws_session_token=creds["SessionToken"], region_name=mgmt.default_region)
    return ClientFactory(session=session, endpoint_url=mgmt.endpoint_url, default_region=mgmt.default_region)


def discover_accounts(mgmt: ClientFactory, scope: AwsOrganization) -> list[str]:
    ids = ([str(a) for a in scope.accounts] if scope.accounts
           else [a["Id"] for a in member_accounts(mgmt.client("organizations"))])
    excluded = set(scope.exclude_accounts or [])
    return [a for a in dict.fromkeys(ids) if a not in excluded]


def collect_organization(
    scope: AwsOrganization,
    clients: ClientFactory | None = None,
    progress: Callable[[str], None] | None = None,
    on_factory: Callable[[ClientFactory], None] | None = None,
    **options: Any,
) -> Inventory:
    """``clients`` holds the management account's credentials (default: whatever boto3 finds)."""
    mgmt = clients or ClientFactory()
    service_deadline = options.get("service_deadline")
    if service_deadline:
        cap_timeouts(mgmt, service_deadline)
    if on_factory:
        on_factory(mgmt)
    inv = Inventory()
    try:
        accounts = discover_accounts(mgmt, scope)
    except Exception as exc:  # noqa: BLE001 - without the account list nothing can be scanned: one coverage gap
        inv.coverage.fail("aws", "organization", "*", "*", f"listing accounts: {describe_error(exc)}")
        return inv
    mgmt_account = caller_account(mgmt)

    def one(account: str) -> Inventory:
        try:
            f = assume(mgmt, account, scope.role_name, scope.external_id)
            if service_deadline:
                cap_timeouts(f, service_deadline)
            got = caller_account(f)
            if got != account:
                raise RuntimeError(f"assumed role belongs to account {got}, not {account}")
        except Exception as exc:  # noqa: BLE001 - any failure to get in is that account's coverage gap
            if account != mgmt_account:
                err = f"AssumeRole into {account} role {scope.role_name}: {describe_error(exc)}"
                log.warning("aws organisation: %s", err)
                if progress:
                    progress(f"aws {account}: FAILED {err}")
                failed = Inventory()
                failed.coverage.fail("aws", account, "*", "*", err)
                return failed
            f = mgmt  # the management account may be scanned with its own credentials
        if on_factory:
            on_factory(f)
        regions = list(scope.regions) or list(options.get("regions") or []) or enabled_regions(f)
        return collect_account(f, account, regions, services=options.get("services"),
                               max_workers=options.get("max_workers", 8), progress=progress,
                               service_deadline=service_deadline, deadline=options.get("deadline"))

    with ThreadPoolExecutor(max_workers=scope.max_concurrent_accounts, thread_name_prefix="ucs-org") as pool:
        for sub in pool.map(one, accounts):
            inv.merge(sub)
    return inv
