"""Helpers shared by sub-commands: loading the tenant config and opening its store."""

from __future__ import annotations

import argparse
import logging
from datetime import date, timedelta
from typing import Any

from agent.core.model import Severity
from agent.settings.tenant import Settings, check_tenant_id, load_settings
from agent.store import Store

log = logging.getLogger(__name__)


def add_config_arg(p: argparse.ArgumentParser, required: bool = False) -> None:
    p.add_argument("--config", "-c", required=required, metavar="TENANT.yaml", help="tenant config file")
    p.add_argument("--store", metavar="URL", help="store URL (overrides storage.url)")
    p.add_argument("--tenant", metavar="ID", type=tenant_id,
                   help="tenant id in the store when no --config is given (default: adhoc)")


def tenant_id(value: str) -> str:
    """argparse ``type`` of --tenant: the id names files, so only a valid tenant id (exit 2 otherwise)."""
    try:
        return check_tenant_id(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def severity_level(value: str) -> str:
    """argparse ``type`` of --severity / --fail-on: an unknown level is a usage error (exit 2)."""
    try:
        Severity.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def adhoc_settings(regions: list[str] | None = None, endpoint_url: str | None = None) -> Settings:
    """Settings for an ad-hoc scan of the current AWS credentials: no tenant, so no licence,
    menus, notifications or remediation apply."""
    return Settings.model_validate({
        "tenant": {"id": "adhoc", "name": "ad-hoc scan"},
        "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=1)).isoformat()},
        "providers": {"aws": {"accounts": [{"regions": regions or [], "endpoint_url": endpoint_url}]}},
    })


def load(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def open_store(settings: Settings, args: Any = None) -> Store:
    """The tenant's store, with the scans a killed `ucs scan` left ``running`` reconciled."""
    url = getattr(args, "store", None) or settings.storage.resolved_url(settings.tenant.id)
    store = Store(url)
    reconcile_stale_scans(store, settings)
    return store


def reconcile_stale_scans(store: Store, settings: Settings) -> None:
    max_age = timedelta(seconds=2 * settings.scan.deadline_seconds)
    for scan_id, why in store.reconcile_stale_scans(settings.tenant.id, max_age).items():
        log.warning("tenant %s: scan %s marked interrupted: %s", settings.tenant.id, scan_id, why)


def settings_and_store(args: argparse.Namespace) -> tuple[Settings, Store]:
    settings = load(args) if getattr(args, "config", None) else adhoc_settings()
    if not getattr(args, "config", None) and getattr(args, "tenant", None):
        settings.tenant.id = args.tenant  # reading another tenant's rows, e.g. the demo's store
    return settings, open_store(settings, args)
