"""The scan's inventory: every collected Resource, indexed for cross-resource checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from agent.core.model import Coverage, CoverageIndex, Resource


class Inventory:
    """The resources of one scan, its coverage, and the scan's time.

    ``now`` is the moment the scan started: checks that compare dates (support end of a runtime,
    age of a key) read it here and never the clock, so a check gives the same answer on the same
    data on any day.
    """

    def __init__(self, resources: Iterable[Resource] = (), coverage: Coverage | None = None,
                 now: datetime | None = None) -> None:
        self.now = now
        self._index: CoverageIndex | None = None
        self._indexed = -1
        self._by_id: dict[str, Resource] = {}
        self._by_type: dict[str, list[Resource]] = {}
        self.coverage = coverage or Coverage()
        self.add_all(resources)

    def add(self, resource: Resource) -> None:
        self._by_id[resource.id] = resource
        self._by_type.setdefault(resource.type, []).append(resource)

    def add_all(self, resources: Iterable[Resource]) -> None:
        for r in resources:
            self.add(r)

    def merge(self, other: Inventory) -> None:
        self.add_all(other)
        self.coverage.extend(other.coverage)

    def get(self, resource_id: str) -> Resource | None:
        return self._by_id.get(resource_id)

    def by_type(self, resource_type: str) -> list[Resource]:
        return self._by_type.get(resource_type, [])

    def in_account(self, provider: str, account: str, resource_type: str) -> list[Resource]:
        return [r for r in self.by_type(resource_type) if r.provider == provider and r.account == account]

    def complete(self, provider: str, account: str, region: str, resource_type: str) -> bool:
        """Was ``resource_type`` fully collected for this account and region (or globally)?"""
        if self._index is None or self._indexed != len(self.coverage.entries):
            self._index = CoverageIndex(self.coverage.entries)
            self._indexed = len(self.coverage.entries)
        return self._index.includes(provider, account, region, resource_type)

    def incomplete(self, resource: Resource, types: Iterable[str]) -> list[str]:
        """The ``types`` this scan did not fully collect in ``resource``'s account and region.

        A check whose declared inputs are incomplete cannot answer PASS or FAIL: what it did not
        see might change the answer, so the engine makes it ERROR and the store leaves the finding
        as it was.
        """
        return [t for t in types if not self.complete(resource.provider, resource.account, resource.region, t)]

    @property
    def types(self) -> list[str]:
        return sorted(self._by_type)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)
