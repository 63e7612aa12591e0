"""`ucs threats reveal|close|audit|investigators`: what needs an investigator's key (Art. 13).

Registered by :mod:`agent.commands.threats`.  A key is read from ``--key-file`` or ``--key-env``
(the investigator's own file or variable); who acts is whoever the key belongs to, never a name
given on the command line.  Every attempt is written to the chained audit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from agent.core.errors import UsageError
from agent.store import investigators as inv
from agent.threats.keys import InvestigatorKey, load_private, public_key

REFUSED = 3  # exit code of a refused reveal / close / change (as before: the attempt is recorded)


def add_key_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("investigator key (exactly one)")
    g.add_argument("--key-file", metavar="FILE", help="file holding your investigator private key")
    g.add_argument("--key-env", metavar="VAR", help="environment variable holding your investigator private key")


def key_of(args: argparse.Namespace) -> InvestigatorKey:
    return load_private(args.key_file, args.key_env)


def register_investigators(tsub: Any, add_config_arg: Any, run: Any) -> None:
    ip = tsub.add_parser("investigators", help="designated incident investigators (Art. 13): keygen, list, add, remove")
    isub = ip.add_subparsers(dest="investigators_cmd", required=True)
    kg = isub.add_parser("keygen", help="create an investigator key pair (private key to FILE, public key printed)")
    kg.add_argument("--out", required=True, metavar="FILE", help="where to write the private key (mode 0600; must not exist)")
    kg.set_defaults(func=run_keygen)
    ls = isub.add_parser("list", help="the tenant's designated investigators and their public keys")
    add_config_arg(ls, required=True)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run(run_list))
    ad = isub.add_parser("add", help="designate an investigator (re-encrypts the raw values for them; audited)")
    add_config_arg(ad, required=True)
    ad.add_argument("name")
    ad.add_argument("--public-key", required=True, metavar="BASE64", help="the newcomer's public key (from keygen)")
    ad.add_argument("--reason", required=True, metavar="TEXT")
    add_key_args(ad)
    ad.set_defaults(func=run(run_add), key_optional=True)
    rm = isub.add_parser("remove", help="withdraw an investigator (their sealed copies are deleted; audited)")
    add_config_arg(rm, required=True)
    rm.add_argument("name")
    rm.add_argument("--reason", required=True, metavar="TEXT")
    add_key_args(rm)
    rm.set_defaults(func=run(run_remove))


def run_keygen(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    key = InvestigatorKey.generate()
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise UsageError(f"{out}: cannot create the key file: {exc.strerror or exc}",
                         hint="choose a path that does not exist yet, in a directory only you can read") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.private_text + "\n")
    print(key.public)
    print(f"private key written to {out}; give the public key above to the tenant's operator", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace, settings: Any, store: Any) -> int:
    found = inv.investigators(store.engine, settings.tenant.id)
    if args.json:
        print(json.dumps([{"name": n, "public_key": k} for n, k in sorted(found.items())], indent=2))
    elif not found:
        print(f"tenant {settings.tenant.id}: no investigator designated (raw values are not kept)")
    for n, k in sorted(found.items()):
        print(f"{n}  {k}")
    return 0


def _done(result: inv.Outcome, ok: str) -> int:
    if not result.granted:
        print(f"refused: {result.message} (the attempt is recorded)", file=sys.stderr)
        return REFUSED
    print(ok)
    return 0


def run_add(args: argparse.Namespace, settings: Any, store: Any) -> int:
    public = public_key(args.public_key, "--public-key")
    actor = key_of(args) if (args.key_file or args.key_env) else None
    result = inv.add_investigator(store.engine, settings.tenant.id, args.name, public, actor, args.reason)
    return _done(result, f"{args.name} designated ({result.message.split(inv._KEY_MARK)[0]})")


def run_remove(args: argparse.Namespace, settings: Any, store: Any) -> int:
    result = inv.remove_investigator(store.engine, settings.tenant.id, args.name, key_of(args), args.reason)
    return _done(result, f"{args.name} withdrawn ({result.message})")


def run_reveal(args: argparse.Namespace, settings: Any, store: Any) -> int:
    result = inv.reveal(store.engine, settings.tenant.id, args.pseudonym, key_of(args), args.reason)
    if not result.granted:
        print(f"reveal refused: {result.message} (the attempt is recorded)", file=sys.stderr)
        return REFUSED
    print(result.value)
    return 0


def run_close(args: argparse.Namespace, settings: Any, store: Any) -> int:
    from agent.threats.detect import close

    tenant = settings.tenant.id
    key = key_of(args)
    who = inv.authorise(store.engine, tenant, key)
    if who is None:
        outcome = inv.Outcome(False, None, f"this key belongs to no designated investigator of tenant {tenant}",
                              f"unknown key {key.public[:12]}")
    else:
        f = close(store, settings, args.fingerprint, who, args.reason)
        outcome = (inv.Outcome(True, None, f"closed {f.fingerprint}", who) if f is not None
                   else inv.Outcome(False, None, f"no single open threat finding with fingerprint {args.fingerprint!r}", who))
    inv.record(store.engine, tenant, inv.CLOSE, key, args.fingerprint, args.reason, outcome)
    if not outcome.granted:
        print(f"close refused: {outcome.message} (the attempt is recorded)", file=sys.stderr)
        return 1 if who is not None else REFUSED
    print(outcome.message)
    return 0


def run_audit(args: argparse.Namespace, settings: Any, store: Any) -> int:
    tenant = settings.tenant.id
    if args.verify:
        v = inv.verify_audit(store.engine, tenant)
        for p in v.problems:
            print(f"audit: {p}", file=sys.stderr)
        state = "intact" if v.ok else f"{len(v.problems)} fault(s)"
        print(f"tenant {tenant}: {v.rows} audit row(s), chain {state}; head {v.head} (keep it elsewhere to detect "
              "removed last rows)")
        return 0 if v.ok else REFUSED
    rows = inv.audit(store.engine, tenant)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return 0
    for r in rows:
        print(f"{r['seq']:>5} {r['at'].isoformat()}  {'GRANTED' if r['granted'] else 'REFUSED'}  {r['action']:<19} "
              f"{r['actor']}  {r['subject']}  reason: {r['reason']}  ({r['outcome']})")
    return 0
