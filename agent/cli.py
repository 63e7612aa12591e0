"""`ucs` command line.  Each sub-command lives in ``agent/commands/<name>.py`` with a
``register(subparsers)`` function; they are found by listing that package.

Exit codes: 0 success · 1 a finding at or above ``--fail-on`` is open · 2 bad config, licence,
menu, usage or a missing secret · 3 runtime error (store, collector start-up), a scan that could
not assess what it was asked, or a bug · 4 a partial scan under ``--fail-on-partial``.

The global options (``-v``, ``-q``, ``--no-color``, ``--log-json``, ``--debug``) are accepted
before and after the sub-command: :func:`add_global_options` adds them to every parser, the
sub-parsers' copies defaulting to "not given" so a value before the sub-command stands.

Every :class:`~agent.core.errors.UcsError` (the tree is drawn in :mod:`agent.core.errors`) ends
here as its message and hint on stderr and its exit code.  Anything else is a bug: one line and
exit 3, with the traceback only under ``--debug`` (and in the log at debug level).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence

import agent
from agent import commands
from agent.core.errors import UcsError
from agent.core.logging_setup import redact

log = logging.getLogger("agent.cli")


def add_global_options(p: argparse.ArgumentParser, top: bool) -> None:
    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    p.add_argument("-v", "--verbose", action="count", default=default(0), help="more log output (-vv for debug)")
    p.add_argument("-q", "--quiet", action="store_true", default=default(False),
                   help="no progress display and no hints")
    p.add_argument("--no-color", action="store_true", default=default(False), help="no colours in terminal output")
    p.add_argument("--log-json", action="store_true", default=default(False), help="structured JSON log lines on stderr")
    p.add_argument("--debug", action="store_true", default=default(False),
                   help="show the traceback of an unexpected error")


def _leaf_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    out = []
    for action in parser._actions:  # argparse keeps sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                out += [child, *_leaf_parsers(child)]
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ucs", description="UCS — Unified Cloud Security agent")
    parser.add_argument("--version", action="version", version=f"ucs {agent.__version__}")
    add_global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    for child in _leaf_parsers(parser):
        add_global_options(child, top=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from agent.core.logging_setup import configure_logging

    configure_logging(args.verbose, args.log_json)
    if args.no_color:
        os.environ["NO_COLOR"] = "1"  # rich honours it in every Console the commands create
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # `ucs … --json | head`: the reader went away; nothing is wrong and nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
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
