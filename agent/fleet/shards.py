"""A scan's shards: the units its collection is split into (pure planning)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from agent.collectors import Scope
from agent.collectors.run import scope_label
from agent.settings.tenant import AwsOrganization


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of collection: the tenant's ``index``-th provider scope (in config order), and for
    an AWS organisation the one member ``account``."""

    provider: str
    index: int
    label: str  # the name a gap of the whole shard is recorded under (as the embedded scan records it)
    account: str | None = None

    @property
    def id(self) -> str:
        return f"{self.provider}-{self.index}" + (f"-{self.account}" if self.account else "")

    def to_dict(self) -> dict[str, Any]:
        return {"provider": self.provider, "index": self.index, "label": self.label, "account": self.account}

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Shard:
        return cls(str(doc["provider"]), int(doc["index"]), str(doc["label"]), doc.get("account"))


def plan(scopes: Sequence[tuple[str, Scope]],
         org_accounts: Callable[[AwsOrganization], list[str]]) -> tuple[list[Shard], list[tuple[str, str]]]:
    """The shards of ``scopes`` (in :func:`agent.collectors.run.provider_scopes` order) and the
    scopes that could not be planned ((provider, why): an organisation whose account list could not
    be read).  An organisation becomes one shard per member account."""
    out: list[Shard] = []
    failed: list[tuple[str, str]] = []
    for i, (provider, scope) in enumerate(scopes):
        if isinstance(scope, AwsOrganization):
            try:
                out.extend(Shard(provider, i, account, account) for account in org_accounts(scope))
            except Exception as exc:  # noqa: BLE001 - without the account list the organisation is one gap
                failed.append((provider, f"listing accounts: {type(exc).__name__}: {exc}"))
        else:
            out.append(Shard(provider, i, scope_label(provider, scope)))
    return out, failed


def scope_of(shard: Shard, scopes: Sequence[tuple[str, Scope]]) -> tuple[str, Scope]:
    """The (provider, scope) a shard collects; an organisation member narrows the organisation."""
    provider, scope = scopes[shard.index]
    if provider != shard.provider:
        raise ValueError(f"shard {shard.id}: the tenant config's scope {shard.index} is {provider}, not {shard.provider}")
    if isinstance(scope, AwsOrganization) and shard.account:
        scope = scope.model_copy(update={"accounts": [shard.account], "exclude_accounts": []})
    return provider, scope
