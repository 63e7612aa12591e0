"""The one place where remediators are tied to check ids.

``ALL`` lists every remediator written; :func:`remediators` returns those whose check id is
registered in the check registry right now, so a remediator whose check has not landed yet is
left out cleanly (and reported by :func:`waiting`) instead of breaking the conformance test.
"""

from __future__ import annotations

from functools import lru_cache

from remediation.base import Remediator


@lru_cache(maxsize=1)
def all_remediators() -> dict[str, Remediator]:
    from remediation.aws import ec2, identity, s3, services
    from remediation.azure import storage as azure_storage
    from remediation.gcp import storage as gcp_storage
    from remediation.kubernetes import fixes as k8s_fixes

    out: dict[str, Remediator] = {}
    for module in (s3, ec2, identity, services, k8s_fixes, azure_storage, gcp_storage):
        for rem in module.REMEDIATORS:
            if rem.check_id in out:
                raise ValueError(f"two remediators for {rem.check_id}")
            out[rem.check_id] = rem
    return out


def _known_checks() -> set[str]:
    import checks

    return {c.id for c in checks.all_checks()}


def remediators() -> dict[str, Remediator]:
    """{check id: remediator} for every check that exists."""
    known = _known_checks()
    return {cid: rem for cid, rem in all_remediators().items() if cid in known}


def waiting() -> list[str]:
    """Check ids a remediator is written for but no check is registered under (yet)."""
    known = _known_checks()
    return sorted(cid for cid in all_remediators() if cid not in known)


def get(check_id: str) -> Remediator | None:
    return remediators().get(check_id)
