"""Helpers shared by sub-commands: loading the tenant config and opening its store.

A command that writes (scan, import, remediate) opens its store creating it; a command that
only reads (findings, report, compliance, plan, vulns list, status) opens an existing store of a
known tenant or stops with a usage error (exit 2) and a hint, creating nothing.
"""

from __future__ import annotations

import argparse
import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from agent.commands import _args
from agent.core.errors import UsageError
from agent.settings.tenant import Settings, check_tenant_id, load_settings
from agent.store import Store

# Store URL schemes this agent opens (SQLAlchemy backend names).
STORE_BACKENDS = ("sqlite", "postgresql")
STORE_HINT = "a store URL is sqlite:///path/to/file.sqlite or postgresql+psycopg://user@host/db"

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
    return _args.severity(value)


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


def store_url(settings: Settings, args: Any = None) -> str:
    """The store URL of the command (``--store`` or the config's), checked to be one we open."""
    url = getattr(args, "store", None) or settings.storage.resolved_url(settings.tenant.id)
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        hint = f"did you mean sqlite:///{Path(url).expanduser().resolve()}? " if "://" not in url else ""
        raise UsageError(f"not a store URL: {url!r}", hint=hint + STORE_HINT) from None
    if backend not in STORE_BACKENDS:
        raise UsageError(f"unsupported store driver {backend!r} in {make_url(url).render_as_string()!r}",
                         hint=STORE_HINT) from None
    return url


def open_store(settings: Settings, args: Any = None) -> Store:
    """The tenant's store (created when missing), with the scans a killed `ucs scan` left
    ``running`` reconciled."""
    store = Store(store_url(settings, args))
    reconcile_stale_scans(store, settings)
    return store


def open_existing_store(settings: Settings, args: Any = None, known_tenant: bool = True) -> Store:
    """The store of a read-only command: it must exist (nothing is created) and, with
    ``known_tenant``, hold a scan of the tenant."""
    url = store_url(settings, args)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "").expanduser()
        if not parsed.database or parsed.database == ":memory:" or not path.is_file():
            raise UsageError(f"no store at {path}", hint="run `ucs scan` first, or point --store / storage.url "
                                                         "at an existing store")
    store = Store(url)
    if known_tenant:
        tenants = store.tenants()
        if settings.tenant.id not in tenants:
            store.close()
            raise UsageError(f"tenant {settings.tenant.id!r} has no scan or finding in {store.safe_url}"
                             f"{_args.did_you_mean(settings.tenant.id, tenants)}",
                             hint=f"tenants in this store: {', '.join(tenants) or 'none'}; "
                                  "run `ucs scan` for the tenant first")
    reconcile_stale_scans(store, settings)
    return store


def reconcile_stale_scans(store: Store, settings: Settings) -> None:
    max_age = timedelta(seconds=2 * settings.scan.deadline_seconds)
    for scan_id, why in store.reconcile_stale_scans(settings.tenant.id, max_age).items():
        log.warning("tenant %s: scan %s marked interrupted: %s", settings.tenant.id, scan_id, why)


def settings_and_store(args: argparse.Namespace, read_only: bool = True,
                       known_tenant: bool = True) -> tuple[Settings, Store]:
    """The settings (config, or ad hoc with ``--tenant``) and the store of a command; a
    read-only command's store must already hold the tenant (see :func:`open_existing_store`)."""
    settings = load(args) if getattr(args, "config", None) else adhoc_settings()
    if not getattr(args, "config", None) and getattr(args, "tenant", None):
        settings.tenant.id = args.tenant  # reading another tenant's rows, e.g. the demo's store
    return settings, (open_existing_store(settings, args, known_tenant) if read_only else open_store(settings, args))
