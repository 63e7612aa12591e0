"""Google Cloud collector: Cloud Asset Inventory ListAssets over projects, folders and the organisation.

Per parent it makes three paged listings, filtered to the asset types the checks read
(:mod:`agent.collectors.gcp.asset_types`): content type RESOURCE, then IAM_POLICY and ORG_POLICY,
whose policies are joined onto their resources as ``data["iamPolicy"]`` and ``data["orgPolicies"]``.
A parent that cannot be listed (403, an unknown project) becomes a coverage failure and the other
parents are still collected; when only a policy listing fails, those policies are stored as
:func:`agent.core.model.unreadable` so the checks reading them answer ERROR, never PASS.

The SDK client is passed in as ``clients`` or built from the scope (:func:`client.asset_client`),
so tests point the real ``AssetServiceClient`` at a local stand-in.  The Google SDK is imported on
first use only: loading a config never pays for it.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from agent.collectors.contract import Progress
from agent.collectors.gcp.asset_types import IAM_POLICY_TYPES, ORG_POLICY_TYPES, RESOURCE_TYPES
from agent.collectors.gcp.client import AssetClient, asset_client
from agent.collectors.gcp.normalise import RawAsset, account_of, parent_account, project_numbers, to_resource
from agent.core.inventory import Inventory
from agent.core.model import unreadable
from agent.settings.gcp import GcpProvider

log = logging.getLogger(__name__)

CONTENT_RESOURCE = 1  # asset_v1.ContentType.RESOURCE
CONTENT_IAM_POLICY = 2  # asset_v1.ContentType.IAM_POLICY
CONTENT_ORG_POLICY = 4  # asset_v1.ContentType.ORG_POLICY
CALL_TIMEOUT = 120.0
RETRY_BUDGET = 300.0  # seconds one listing may spend retrying throttled or failed pages
_REQUEST_PREFIX = re.compile(r"^(GET|POST) \S+: ")


def describe_error(exc: BaseException) -> str:
    """``PermissionDenied: 403 …`` — the API's own message names the missing permission."""
    message = str(getattr(exc, "message", None) or exc)
    message = _REQUEST_PREFIX.sub("", message)  # REST errors start with "GET <long url>: "
    code = getattr(exc, "code", None)
    prefix = f"{int(code)} " if isinstance(code, int) else ""
    return f"{type(exc).__name__}: {prefix}{message}".strip()


def list_retry(initial: float = 1.0) -> Any:
    """The SDK's default ListAssets retry covers 503 and deadlines; Cloud Asset's per-minute quota also
    answers 429, which is worth waiting out rather than losing a whole project from the scan."""
    from google.api_core import exceptions, retry

    return retry.Retry(initial=initial, maximum=30.0, multiplier=2.0, timeout=RETRY_BUDGET,
                       predicate=retry.if_exception_type(exceptions.TooManyRequests, exceptions.ResourceExhausted,
                                                         exceptions.ServiceUnavailable, exceptions.DeadlineExceeded,
                                                         exceptions.InternalServerError))


def _list(client: Any, parent: str, content_type: int, asset_types: tuple[str, ...] | list[str],
          page_size: int, retry_initial: float) -> list[RawAsset]:
    from google.protobuf.json_format import MessageToDict

    request = {"parent": parent, "content_type": content_type, "asset_types": list(asset_types),
               "page_size": page_size}
    out: list[RawAsset] = []
    for page in client.list_assets(request=request, retry=list_retry(retry_initial), timeout=CALL_TIMEOUT).pages:
        for asset in page.assets:
            pb = type(asset).pb(asset)  # the raw protobuf: converting it once is far cheaper than proto-plus
            if content_type == CONTENT_IAM_POLICY:
                data = MessageToDict(pb.iam_policy)
            elif content_type == CONTENT_ORG_POLICY:
                data = {p.constraint: MessageToDict(p) for p in pb.org_policy}
            else:
                data = MessageToDict(pb.resource.data)
            out.append(RawAsset(pb.asset_type, pb.name, pb.resource.location, list(pb.ancestors), data))
    return out


def _policies(client: Any, parent: str, content_type: int, asset_types: tuple[str, ...], page_size: int,
              retry_initial: float) -> tuple[dict[str, Any], str | None]:
    """{asset name: policy} from one policy listing, or the error that stopped it."""
    try:
        listed = _list(client, parent, content_type, asset_types, page_size, retry_initial)
        return {a.name: a.data for a in listed}, None
    except Exception as exc:  # the resources are still assessed; the checks reading these policies answer ERROR
        error = describe_error(exc)
        log.warning("gcp %s: listing %s failed: %s", parent, "IAM policies" if content_type == CONTENT_IAM_POLICY
                    else "organisation policies", error)
        return {}, error


def _joined(asset: RawAsset, types: tuple[str, ...], found: dict[str, Any], error: str | None, what: str) -> Any:
    if asset.asset_type not in types:
        return None
    return unreadable(f"{what} listing failed: {error}") if error else found.get(asset.name)


def collect_parent(client: Any, parent: str, page_size: int = 1000, now: datetime | None = None,
                   retry_initial: float = 1.0) -> Inventory:
    """Collect one ``projects/ID``, ``folders/N`` or ``organizations/N``."""
    now = now or datetime.now(UTC)
    inv = Inventory()
    try:
        assets = _list(client, parent, CONTENT_RESOURCE, tuple(RESOURCE_TYPES), page_size, retry_initial)
    except Exception as exc:  # one parent failing never stops the others: it becomes a coverage gap
        err = describe_error(exc)
        if getattr(exc, "code", None) == 403 or "PermissionDenied" in err:
            # The API's message does not always say which permission: the gap names it.
            err += (f" — the scanner needs cloudasset.assets.listResource and cloudasset.assets.listIamPolicy on "
                    f"{parent} (roles/cloudasset.viewer)")
        log.warning("gcp %s: listing assets failed: %s", parent, err)
        inv.coverage.fail("gcp", parent_account(parent), "*", "*", err)
        return inv
    policies, policy_error = _policies(client, parent, CONTENT_IAM_POLICY, IAM_POLICY_TYPES, page_size, retry_initial)
    org_policies, org_error = _policies(client, parent, CONTENT_ORG_POLICY, ORG_POLICY_TYPES, page_size, retry_initial)
    numbers = project_numbers(assets)
    counts: dict[tuple[str, str], int] = {}
    accounts = {parent_account(parent)}
    for a in assets:
        account = account_of(a, parent, numbers)
        accounts.add(account)
        policy = _joined(a, IAM_POLICY_TYPES, policies, policy_error, "IAM policy")
        orgs = _joined(a, ORG_POLICY_TYPES, org_policies, org_error, "organisation policy")
        r = to_resource(a, account, policy, now, orgs)
        inv.add(r)
        counts[(account, r.type)] = counts.get((account, r.type), 0) + 1
    for account in sorted(accounts):
        for rtype in RESOURCE_TYPES.values():
            inv.coverage.add("gcp", account, "*", rtype, counts.get((account, rtype), 0))
            for error, types, what in ((policy_error, IAM_POLICY_TYPES, "IAM policies"),
                                       (org_error, ORG_POLICY_TYPES, "organisation policies")):
                if error and rtype in {RESOURCE_TYPES[t] for t in types}:
                    inv.coverage.fail("gcp", account, "*", rtype, f"{what}: {error}")
    return inv


def collect(scope: GcpProvider, clients: AssetClient | None = None, progress: Progress | None = None,
            credentials: Any = None, now: datetime | None = None, retry_initial: float = 1.0,
            **options: Any) -> Inventory:
    """Collect every parent of ``scope`` into one Inventory.

    ``clients`` is a ready AssetServiceClient (default: one built from the scope's credentials, or
    from ``credentials`` when given); ``now`` fixes the clock used for key ages; ``retry_initial`` is
    the first back-off (seconds) after a 429/503.
    """
    parents = scope.parents()
    inv = Inventory()
    if not parents:
        return inv
    client = clients if clients is not None else asset_client(scope, credentials)
    seen: set[str] = set()
    for parent in parents:
        part = collect_parent(client, parent, scope.page_size, now, retry_initial)
        for r in part:
            if r.id not in seen:  # a project listed and also inside a listed folder is read twice, kept once
                seen.add(r.id)
                inv.add(r)
        inv.coverage.extend(part.coverage)
        if progress:
            failed = [e for e in part.coverage.failures if e.resource_type == "*"]
            progress(f"gcp {parent}: " + (f"FAILED {failed[0].error}" if failed else f"{len(part)} assets"))
    return inv
