"""The scan's inventory: every collected Resource, indexed for cross-resource checks."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, Iterator

from agent.core.model import Coverage, Resource


class Inventory:
    """The resources of one scan, its coverage, and the scan's time.

    ``now`` is the moment the scan started: checks that compare dates (support end of a runtime,
    age of a key) read it here and never the clock, so a check gives the same answer on the same
    data on any day.
    """

    def __init__(self, resources: Iterable[Resource] = (), coverage: Coverage | None = None,
                 now: datetime | None = None) -> None:
        self.now = now
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

    def merge(self, other: "Inventory") -> None:
        self.add_all(other)
        self.coverage.extend(other.coverage)

    def get(self, resource_id: str) -> Resource | None:
        return self._by_id.get(resource_id)

    def by_type(self, resource_type: str) -> list[Resource]:
        return self._by_type.get(resource_type, [])

    def in_account(self, provider: str, account: str, resource_type: str) -> list[Resource]:
        return [r for r in self.by_type(resource_type) if r.provider == provider and r.account == account]

    @property
    def types(self) -> list[str]:
        return sorted(self._by_type)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)
