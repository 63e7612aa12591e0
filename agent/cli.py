"""`ucs` command line.  Each sub-command lives in ``agent/commands/<name>.py`` with a
``register(subparsers)`` function; they are found by listing that package.

Exit codes: 0 success · 1 a finding at or above ``--fail-on`` is open · 2 bad config, licence,
menu, usage or a missing secret · 3 runtime error (store, collector start-up), or a bug.

Every :class:`~agent.core.errors.UcsError` (the tree is drawn in :mod:`agent.core.errors`) ends
here as its message and hint on stderr and its exit code.  Anything else is a bug: one line and
exit 3, with the traceback only under ``--debug`` (and in the log at debug level).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

import agent
from agent import commands
from agent.core.errors import UcsError
from agent.core.logging_setup import redact

log = logging.getLogger("agent.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ucs", description="UCS — Unified Cloud Security agent")
    parser.add_argument("--version", action="version", version=f"ucs {agent.__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    parser.add_argument("--log-json", action="store_true", help="structured JSON log lines on stderr")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from agent.core.logging_setup import configure_logging

    configure_logging(args.verbose, args.log_json)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UcsError as exc:
        print(f"ucs: error: {redact(exc.message)}", file=sys.stderr)
        if exc.hint:
            print(f"  hint: {redact(exc.hint)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("ucs: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        log.debug("unexpected error", exc_info=True)
        first = (redact(str(exc)).strip().splitlines() or [""])[0]
        print(f"ucs: internal error: {type(exc).__name__}{': ' + first if first else ''} "
              "(run with --debug for the traceback)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
