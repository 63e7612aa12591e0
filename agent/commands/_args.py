"""The command line's closed vocabularies, in one place, as argparse ``type`` functions.

Each value a person types is checked here before a command runs: an unknown one is a usage
error (exit 2) that names the accepted values or says "did you mean …?".  One provider
vocabulary serves every command (``aws azure gcp kubernetes``; ``k8s`` is accepted for
``kubernetes``); the check-id prefix of a provider (``k8s.``) is derived, never typed.
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
from collections.abc import Iterable
from functools import cache

from agent.core.model import Severity

PROVIDERS = ("aws", "azure", "gcp", "kubernetes")
PROVIDER_ALIASES = {"k8s": "kubernetes"}
# A provider's checks are named with this prefix (``k8s.pod.…``); threat rules are their own.
CHECK_PREFIX = {"aws": "aws", "azure": "azure", "gcp": "gcp", "kubernetes": "k8s", "threat": "threat"}
SEVERITIES = tuple(s.label for s in Severity)
LANGUAGES = ("en", "ja")


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """`` (did you mean X?)`` for the closest known value, or ``""``."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def one_of(what: str, known: Iterable[str], value: str) -> str:
    """``value`` if it is one of ``known``, else a usage error naming the closest value."""
    known = list(known)
    if value in known:
        return value
    raise argparse.ArgumentTypeError(f"unknown {what} {value!r}{did_you_mean(value, known)}; "
                                     f"expected one of: {', '.join(known)}")


def severity(value: str) -> str:
    """--severity / --fail-on: a severity name (any case)."""
    return one_of("severity", SEVERITIES, value.strip().lower())


def provider(value: str) -> str:
    """--provider of a scan or a store read: ``kubernetes`` (alias ``k8s``), ``aws``, ``azure``, ``gcp``."""
    value = value.strip().lower()
    return one_of("provider", PROVIDERS, PROVIDER_ALIASES.get(value, value))


def check_provider(value: str) -> str:
    """--provider of ``checks list``: a provider, or ``threat`` for the threat rules."""
    value = value.strip().lower()
    return one_of("provider", (*PROVIDERS, "threat"), PROVIDER_ALIASES.get(value, value))


def framework(value: str) -> str:
    from agent.posture.frameworks import available_frameworks

    return one_of("framework", available_frameworks(), value)


@cache
def aws_regions() -> frozenset[str]:
    """Every region of every AWS partition, from botocore's bundled endpoint data (no network)."""
    import botocore.session

    session = botocore.session.get_session()
    out: set[str] = set()
    for partition in session.get_available_partitions():
        for service in ("ec2", "s3", "iam"):
            out.update(session.get_available_regions(service, partition_name=partition))
    return frozenset(out)


def aws_region(value: str) -> str:
    value = value.strip()
    if value in aws_regions():
        return value
    raise argparse.ArgumentTypeError(f"unknown AWS region {value!r}{did_you_mean(value, aws_regions())}")


@cache
def check_ids() -> tuple[str, ...]:
    import checks as registry

    return tuple(sorted(c.meta.id for c in registry.all_checks()))


def check_selector(value: str) -> str:
    """--checks / --check: a check id, a glob over ids, a provider prefix or a service
    (``aws.s3``, ``s3``).  What matches no check is a usage error, not an empty scan."""
    ids = check_ids()
    services = {i.split(".")[1] for i in ids} | {".".join(i.split(".")[:2]) for i in ids}
    prefixes = {i.split(".")[0] for i in ids}
    if value in prefixes or value in services or any(fnmatch.fnmatchcase(i, value) for i in ids):
        return value
    raise argparse.ArgumentTypeError(f"no check matches {value!r}{did_you_mean(value, ids)}; "
                                     "see `ucs checks list`")


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return n


def add_lang(p: argparse.ArgumentParser, default: str | None = None) -> None:
    p.add_argument("--lang", choices=LANGUAGES, default=default, help="language of texts (en, ja)")

