"""`ucs daemon`: run the per-tenant daemon until SIGTERM/SIGINT (SIGHUP reloads the config)."""

from __future__ import annotations

import argparse
import logging
import os

from agent.commands._common import add_config_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("daemon", help="run the tenant's scheduler, log intake and health endpoints")
    add_config_arg(p, required=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from agent.core.logging_setup import configure_logging
    from agent.daemon.service import Daemon

    daemon = Daemon(args.config, store_url=args.store)
    # A daemon logs its work by default (INFO); -vv gives debug; JSON from the flag or the config.
    configure_logging(max(1, args.verbose), args.log_json or daemon.settings.daemon.log_json)
    tenant = daemon.tenant

    def tag(record: logging.LogRecord) -> bool:
        if not hasattr(record, "tenant"):
            record.tenant = tenant  # every JSON log line names the tenant
        return True

    for handler in logging.getLogger().handlers:
        handler.addFilter(tag)
    if args.verbose < 2:
        # one line per job run every few seconds drowns what matters; -vv shows it again
        for chatty in ("apscheduler.executors", "apscheduler.scheduler", "alembic"):
            logging.getLogger(chatty).setLevel(logging.WARNING)
    daemon.handle_signals()  # before start: a SIGTERM while starting is a clean stop, not a kill
    daemon.start()
    code = daemon.serve_forever()
    if daemon.active():
        # Work abandoned after the grace period may sit in a blocking call; its worker thread
        # would hold the interpreter open at exit.  The store is consistent (scan marked
        # interrupted), so leave now.
        logging.shutdown()
        os._exit(code)
    return code
