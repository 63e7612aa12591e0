"""Azure collector: subscriptions → Resource Graph pages → per-resource details → Resources.

Resource types (``azure.<service>.<kind>``): ``azure.storage.account``, ``azure.network.nsg``,
``azure.network.public_ip``, ``azure.network.nic``, ``azure.network.watcher``,
``azure.network.flow_log``, ``azure.compute.vm``, ``azure.compute.vm_extension``,
``azure.compute.disk``, ``azure.sql.server``, ``azure.sql.database``, ``azure.keyvault.vault``,
``azure.aks.cluster``, ``azure.web.app``, ``azure.monitor.activity_log_alert``,
``azure.security.pricing``, and five per-subscription summaries the subscription-wide checks
evaluate: ``azure.monitor.activity_log_alerts``, ``azure.monitor.diagnostic_settings``,
``azure.network.subscription``, ``azure.rbac.subscription`` (custom roles, role assignments,
classic administrators) and ``azure.security.subscription`` (Defender plans by name, security
contacts, auto-provisioning).  Entra ID comes from Microsoft Graph (:mod:`agent.collectors.azure.entra`);
its tenant resource also carries the Azure role assignments made at the root scope ``/``.

``data`` is the ARM document as Resource Graph returned it, plus derived keys the collector adds:
``flowLogs`` on NSGs, ``extensions`` and ``publicIpAddresses`` on VMs, and what the service SDKs
read (see :mod:`agent.collectors.azure.details`).

A subscription that cannot be read (HTTP 403 and the like) is recorded in Coverage as failed
and the others are collected; when a Resource Graph query over all of them is refused, it is
split in halves until the unreadable subscriptions are isolated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from agent.collectors.azure import details, entra
from agent.collectors.azure.clients import ARM_ENDPOINT, AzureClients, credential_for, describe_error
from agent.collectors.azure.graph import (
    RESOURCE_TYPES,
    SECURITY_TYPES,
    management_group_rows,
    query_rows,
    resources_query,
    security_query,
)
from agent.collectors.contract import Progress
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Resource, is_unreadable, unreadable, unreadable_reason
from agent.settings.tenant import AzureProvider

log = logging.getLogger(__name__)

PROVIDER = "azure"
SUMMARY_TYPES = ("azure.monitor.activity_log_alerts", "azure.monitor.diagnostic_settings", "azure.network.subscription",
                 "azure.rbac.subscription", "azure.security.subscription")
ALL_TYPES = tuple(RESOURCE_TYPES.values()) + tuple(SECURITY_TYPES.values()) + SUMMARY_TYPES
GLOBAL_LOCATIONS = {"", "global"}


def collect(scope: AzureProvider, clients: AzureClients | None = None, progress: Progress | None = None, *,
            credential: Any = None, page_size: int = 1000, max_workers: int = 8, **_options: Any) -> Inventory:
    """Collect the subscriptions described by ``scope``.

    ``credential`` (any object with ``get_token``) or a ready ``clients`` factory replace the
    credential the config describes; tests and the benchmark pass them.
    """
    clients = clients or AzureClients(credential or credential_for(scope), scope.base_url, scope.ca_bundle)
    inv = Inventory()
    subscriptions = resolve_subscriptions(scope, clients, inv.coverage)
    if progress:
        progress(f"azure: {len(subscriptions)} subscription(s)")
    rows, failed = _graph_rows(clients, subscriptions, resources_query(), page_size, inv.coverage)
    sec_rows, sec_failed = _graph_rows(clients, [s for s in subscriptions if s not in failed], security_query(),
                                       page_size, None)
    readable = [s for s in subscriptions if s not in failed]
    resources = [to_resource(row, RESOURCE_TYPES) for row in rows]
    resources += [to_resource(row, SECURITY_TYPES) for row in sec_rows]
    resources = [r for r in resources if r is not None]
    link(resources)
    if progress:
        progress(f"azure: {len(resources)} resources from Resource Graph")
    _read_details(clients, resources, max_workers)
    resources += summaries(clients, readable, resources, sec_failed)
    # Resource Graph may silently leave out a subscription the principal cannot read; a 403 on the
    # subscription's own diagnostic settings exposes that, so the whole subscription is a gap then.
    denied = {r.account: unreadable_reason(r.data["settings"]) for r in resources
              if r.type == "azure.monitor.diagnostic_settings" and is_unreadable(r.data.get("settings"))
              and unreadable_reason(r.data["settings"]).startswith("HTTP 403")}
    for sub, reason in denied.items():
        log.warning("azure %s: subscription-level read refused: %s", sub, reason)
        inv.coverage.fail(PROVIDER, sub, "*", "*", f"subscription-level read refused: {reason}")
    resources = [r for r in resources if r.account not in denied]
    readable = [s for s in readable if s not in denied]
    inv.add_all(resources)
    _record_coverage(inv.coverage, readable, resources, sec_failed)
    if scope.entra:
        _collect_entra(scope, clients, inv)
    if progress:
        progress(f"azure: {len(resources)} resources, {clients.requests} requests")
    return inv


# Subscription states whose resources keep running (and can be read): Warned and PastDue are
# billing warnings, not a stop.  Disabled and Deleted subscriptions are not scanned, but they are
# recorded as coverage gaps with their state, so the scan is never reported complete over them.
RUNNING_STATES = frozenset({"enabled", "warned", "pastdue"})


def resolve_subscriptions(scope: AzureProvider, clients: AzureClients, coverage: Coverage) -> list[str]:
    """Subscriptions from config, plus every running one the credential sees when asked to discover.

    A subscription the listing reports in a state that is not running (Disabled, Deleted, …) is a
    coverage gap naming that state, whether it was configured or discovered.
    """
    subs = [s.id for s in scope.subscriptions]

    def consider(sid: str, state: str) -> None:
        nonlocal subs
        if state.lower() not in RUNNING_STATES:
            log.warning("azure %s: subscription is %s, not scanned", sid, state)
            coverage.fail(PROVIDER, sid, "*", "*", f"subscription state is {state}: not scanned")
            subs = [s for s in subs if s.lower() != sid.lower()]
        elif sid.lower() not in {s.lower() for s in subs}:
            subs.append(sid)

    for group in scope.management_groups:
        try:
            for row in management_group_rows(clients.graph(), group):
                sid = str(row.get("subscriptionId") or row.get("name") or "")
                if sid:
                    consider(sid, str((row.get("properties") or {}).get("state") or "Enabled"))
        except Exception as exc:  # one management group failing never stops the others
            log.warning("azure: listing management group %s failed: %s", group, describe_error(exc))
            coverage.fail(PROVIDER, f"managementGroups/{group}", "*", "*", f"listing subscriptions: {describe_error(exc)}")
    if scope.discover_subscriptions or not (subs or scope.management_groups):
        try:
            for sub in clients.subscriptions().subscriptions.list():
                sid = str(sub.subscription_id or "")
                if sid:
                    consider(sid, str(getattr(sub.state, "value", sub.state) or "Enabled"))
        except Exception as exc:  # listing failed: configured subscriptions are still collected
            log.warning("azure: listing subscriptions failed: %s", describe_error(exc))
            coverage.fail(PROVIDER, "*", "*", "*", f"listing subscriptions: {describe_error(exc)}")
    return subs


def _collect_entra(scope: AzureProvider, clients: AzureClients, inv: Inventory) -> None:
    """The tenant's Entra ID documents through Microsoft Graph, under the tenant id as account."""
    tenant = scope.tenant_id or _listed_tenant(clients) or "default"
    graph_url = scope.graph_url or (entra.GRAPH_ENDPOINT if clients.base_url == ARM_ENDPOINT else None)
    if graph_url is None:
        for rtype in entra.ENTRA_TYPES:
            inv.coverage.fail(PROVIDER, tenant, "*", rtype,
                              "Microsoft Graph endpoint unknown for this cloud: set providers.azure.graph_url")
        return
    # Root-scope role assignments belong to the tenant, not to any one subscription.
    root = details.root_role_assignments(clients, tenant)
    entra.collect(tenant, clients.credential, graph_url, clients.verify, inv,
                  extra={"rootRoleAssignments": root, "azureRoleAssignments": _user_role_assignments(inv)})


def _user_role_assignments(inv: Inventory) -> Any:
    """Azure role assignments to users across the scanned subscriptions (for the guest check), or unreadable."""
    out: list[dict[str, Any]] = []
    for r in inv.by_type("azure.rbac.subscription"):
        assignments = r.data.get("roleAssignments")
        if is_unreadable(assignments):
            return unreadable(f"role assignments of subscription {r.account}: {unreadable_reason(assignments)}")
        out += [{**a, "subscriptionId": r.account} for a in assignments or [] if a.get("principalType") == "User"]
    return out


def _listed_tenant(clients: AzureClients) -> str | None:
    try:
        for sub in clients.subscriptions().subscriptions.list():
            if getattr(sub, "tenant_id", None):
                return str(sub.tenant_id)
    except Exception as exc:  # the tenant id is only a label here; Graph itself will say what is wrong
        log.info("azure: listing subscriptions for the tenant id failed: %s", describe_error(exc))
    return None


def _graph_rows(clients: AzureClients, subscriptions: list[str], query: str, page_size: int,
                coverage: Coverage | None) -> tuple[list[dict[str, Any]], set[str]]:
    """All rows of ``query`` over ``subscriptions``, and the subscriptions that could not be read.

    A refused query is split in halves and each asked again, so one unreadable subscription among
    thousands costs a few extra queries (about 2·log2 n), not one per subscription.
    """
    if not subscriptions:
        return [], set()
    try:
        return list(query_rows(clients.graph(), subscriptions, query, page_size)), set()
    except Exception as exc:
        if len(subscriptions) == 1:
            err = describe_error(exc)
            log.warning("azure %s: Resource Graph: %s", subscriptions[0], err)
            if coverage is not None:
                coverage.fail(PROVIDER, subscriptions[0], "*", "*", f"Resource Graph: {err}")
            return [], {subscriptions[0]}
        log.info("azure: Resource Graph over %d subscriptions failed (%s); splitting",
                 len(subscriptions), describe_error(exc))
    half = len(subscriptions) // 2
    rows, failed = _graph_rows(clients, subscriptions[:half], query, page_size, coverage)
    more_rows, more_failed = _graph_rows(clients, subscriptions[half:], query, page_size, coverage)
    return rows + more_rows, failed | more_failed


def to_resource(row: dict[str, Any], type_map: dict[str, str]) -> Resource | None:
    rtype = type_map.get(str(row.get("type", "")).lower())
    if rtype is None or not row.get("id"):
        return None
    location = str(row.get("location") or "").lower()
    return Resource(
        provider=PROVIDER,
        account=str(row.get("subscriptionId") or row["id"].split("/")[2]),
        region=location if location not in GLOBAL_LOCATIONS else "global",
        type=rtype,
        id=str(row["id"]),
        name=str(row.get("name") or row["id"].rsplit("/", 1)[-1]),
        tags={str(k): str(v) for k, v in (row.get("tags") or {}).items()},
        data=dict(row),
    )


def _props(r: Resource) -> dict[str, Any]:
    return r.data.get("properties") or {}


def link(resources: Iterable[Resource]) -> None:
    """Join related rows so each check sees one resource: flow logs on NSGs, NICs/IPs/extensions on VMs."""
    by_type: dict[str, list[Resource]] = {}
    for r in resources:
        by_type.setdefault(r.type, []).append(r)
    flow_logs: dict[str, list[dict[str, Any]]] = {}
    for fl in by_type.get("azure.network.flow_log", []):
        p = _props(fl)
        target = str(p.get("targetResourceId") or "").lower()
        flow_logs.setdefault(target, []).append({"id": fl.id, "enabled": bool(p.get("enabled")),
                                                 "retentionPolicy": p.get("retentionPolicy") or {}})
    for nsg in by_type.get("azure.network.nsg", []):
        nsg.data["flowLogs"] = flow_logs.get(nsg.id.lower(), [])
    ips = {r.id.lower(): r for r in by_type.get("azure.network.public_ip", [])}
    nics = {r.id.lower(): r for r in by_type.get("azure.network.nic", [])}
    extensions: dict[str, list[dict[str, Any]]] = {}
    for ext in by_type.get("azure.compute.vm_extension", []):
        vm_id = ext.id.lower().split("/extensions/")[0]
        p = _props(ext)
        extensions.setdefault(vm_id, []).append({"name": ext.name, "publisher": p.get("publisher"), "type": p.get("type")})
    for vm in by_type.get("azure.compute.vm", []):
        vm.data["extensions"] = extensions.get(vm.id.lower(), [])
        public: list[dict[str, Any]] = []
        for ref in (_props(vm).get("networkProfile") or {}).get("networkInterfaces") or []:
            nic = nics.get(str(ref.get("id", "")).lower())
            for cfg in (_props(nic).get("ipConfigurations") or []) if nic else []:
                ip_ref = ((cfg.get("properties") or {}).get("publicIPAddress") or {}).get("id")
                if ip_ref:
                    ip = ips.get(str(ip_ref).lower())
                    public.append({"id": ip_ref, "ipAddress": _props(ip).get("ipAddress") if ip else None})
        vm.data["publicIpAddresses"] = public


def _read_details(clients: AzureClients, resources: list[Resource], max_workers: int) -> None:
    todo = [(details.READERS[r.type], r) for r in resources if r.type in details.READERS]
    if not todo:
        return
    with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="ucs-azure") as pool:
        futures = [(keys, r, pool.submit(reader, clients, r)) for (reader, keys), r in todo]
        for keys, r, fut in futures:
            try:
                fut.result()
            except Exception as exc:  # an unexpected reply for one resource: its settings are unreadable
                log.warning("azure %s: reading details failed: %s", r.id, describe_error(exc))
                for k in keys:
                    r.data.setdefault(k, unreadable(f"reading details failed: {describe_error(exc)}"))


def summaries(clients: AzureClients, subscriptions: list[str], resources: list[Resource],
              security_failed: set[str] | None = None) -> list[Resource]:
    """One resource per subscription for the subscription-wide checks (alerts, diagnostics, network)."""
    alerts: dict[str, list[dict[str, Any]]] = {s: [] for s in subscriptions}
    regions: dict[str, set[str]] = {s: set() for s in subscriptions}
    watchers: dict[str, set[str]] = {s: set() for s in subscriptions}
    bastions: dict[str, list[str]] = {s: [] for s in subscriptions}
    pricings: dict[str, dict[str, Any]] = {s: {} for s in subscriptions}
    vms: dict[str, int] = {s: 0 for s in subscriptions}
    for r in resources:
        if r.account not in alerts:
            continue
        if r.type == "azure.monitor.activity_log_alert":
            p = _props(r)
            alerts[r.account].append({"id": r.id, "name": r.name, "enabled": p.get("enabled", True),
                                      "scopes": p.get("scopes") or [], "condition": p.get("condition") or {}})
        elif r.type == "azure.network.watcher":
            watchers[r.account].add(r.region)
        elif r.type == "azure.security.pricing":
            pricings[r.account][r.name] = _props(r)
        elif r.type == "azure.network.bastion":
            bastions[r.account].append(r.name)
        elif r.type == "azure.compute.vm":
            vms[r.account] += 1
        if r.region != "global" and r.type not in ("azure.security.pricing", "azure.network.watcher"):
            regions[r.account].add(r.region)
    out = []
    for sub in subscriptions:
        base = f"/subscriptions/{sub}"
        plans: Any = (unreadable("Resource Graph securityresources query failed") if sub in (security_failed or set())
                      else pricings[sub])
        out.append(Resource(PROVIDER, sub, "global", "azure.security.subscription",
                            f"{base}/providers/Microsoft.Security", "defender-for-cloud",
                            data={"subscriptionId": sub, "pricings": plans, **details.security_settings(clients, sub)}))
        out.append(Resource(PROVIDER, sub, "global", "azure.rbac.subscription",
                            f"{base}/providers/Microsoft.Authorization", "rbac",
                            data={"subscriptionId": sub, **details.rbac(clients, sub)}))
        out.append(Resource(PROVIDER, sub, "global", "azure.monitor.activity_log_alerts",
                            f"{base}/providers/Microsoft.Insights/activityLogAlerts", "activity-log-alerts",
                            data={"subscriptionId": sub, "alerts": alerts[sub]}))
        out.append(Resource(PROVIDER, sub, "global", "azure.monitor.diagnostic_settings",
                            f"{base}/providers/Microsoft.Insights/diagnosticSettings", "diagnostic-settings",
                            data={"subscriptionId": sub,
                                  "settings": details.subscription_diagnostic_settings(clients, sub)}))
        out.append(Resource(PROVIDER, sub, "global", "azure.network.subscription",
                            f"{base}/providers/Microsoft.Network", "network",
                            data={"subscriptionId": sub, "regionsInUse": sorted(regions[sub]),
                                  "watcherRegions": sorted(watchers[sub]), "bastionHosts": sorted(bastions[sub]),
                                  "virtualMachines": vms[sub]}))
    return out


def _record_coverage(coverage: Coverage, subscriptions: list[str], resources: list[Resource],
                     security_failed: set[str]) -> None:
    counts: dict[tuple[str, str], int] = {}
    unread: dict[tuple[str, str], str] = {}
    for r in resources:
        counts[(r.account, r.type)] = counts.get((r.account, r.type), 0) + 1
        if r.type == "azure.monitor.diagnostic_settings" and is_unreadable(r.data.get("settings")):
            unread[(r.account, r.type)] = unreadable_reason(r.data["settings"])
    for sub in subscriptions:
        for rtype in ALL_TYPES:
            if rtype == "azure.security.pricing" and sub in security_failed:
                coverage.fail(PROVIDER, sub, "*", rtype, "Resource Graph securityresources query failed")
                continue
            if (sub, rtype) in unread:
                coverage.fail(PROVIDER, sub, "*", rtype, f"diagnostic settings: {unread[(sub, rtype)]}")
                continue
            coverage.add(PROVIDER, sub, "*", rtype, counts.get((sub, rtype), 0))
