"""Whether a service is offered in a region, from the endpoint data botocore ships (no I/O).

Services offered in a few regions only (Lightsail, App Runner) skip the others: calling an
endpoint that does not exist would turn every such region into a coverage gap.  When botocore
knows no region for the service at all, the service is assumed offered everywhere.
"""

from __future__ import annotations

from functools import lru_cache

import botocore.session

PARTITIONS = ("aws", "aws-cn", "aws-us-gov")


@lru_cache(maxsize=64)
def _regions(service: str) -> frozenset[str]:
    session = botocore.session.get_session()
    return frozenset(r for p in PARTITIONS for r in session.get_available_regions(service, partition_name=p))


def offered(service: str, region: str) -> bool:
    known = _regions(service)
    return not known or region in known
