"""Collectors: read a provider's configuration into Resources + Coverage.  They never mutate.

Every provider package exposes ``collect(scope, **options) -> Inventory``.  ``scope`` is the
provider's account/cluster/subscription/project settings object; SDK clients are built through a
factory passed in (never at import time), so tests and the demo point them at local stand-ins.
"""

from __future__ import annotations

import importlib
from types import ModuleType

PROVIDERS = {
    "aws": "agent.collectors.aws",
    "kubernetes": "agent.collectors.kubernetes",
    "azure": "agent.collectors.azure",
    "gcp": "agent.collectors.gcp",
}


def provider_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(PROVIDERS[name])
    except KeyError:
        raise ValueError(f"unknown provider {name!r} (expected one of: {', '.join(PROVIDERS)})") from None
