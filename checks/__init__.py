"""The check registry: checks register themselves with :func:`check`, indexed by resource type.

A check is one pure function over one :class:`~agent.core.model.Resource` (plus, when it declares
``needs_inventory=True``, the scan's :class:`~agent.core.inventory.Inventory` for cross-resource
questions) returning a :class:`~agent.core.model.Result`.  No I/O happens in a check.

Check modules live in the provider subpackages (``checks/aws/s3.py`` …) and are imported by
:func:`load_all`; the registered id is the vocabulary used in config, mutelists, frameworks and
remediators.  A subpackage registers only the ids of its own provider (``checks.kubernetes`` the
``k8s.*`` ones, ``checks.threats`` the ``threat.*`` rules), so a scan of some providers imports
only their subpackages (:func:`provider_checks`) and a lookup by id only the id's own
(:func:`get`): an AWS scan does not parse the threat packs' Sigma rules.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agent.core.errors import UcsError
from agent.core.inventory import Inventory
from agent.core.model import (
    CheckMeta,
    FindingKind,
    Messages,
    NotCollected,
    Result,
    Severity,
    need,
    not_collected_result,
    readable,
)

__all__ = ["Check", "CheckFunc", "Messages", "NotCollected", "Result", "need", "readable", "check", "evaluate"]

CHECK_ID = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
PROVIDER_PACKAGES = ("aws", "azure", "gcp", "kubernetes", "threats")
# The id prefix (CheckMeta.provider) each subpackage registers, and the other way round.
PACKAGE_PROVIDER = {"aws": "aws", "azure": "azure", "gcp": "gcp", "kubernetes": "k8s", "threats": "threat"}
PROVIDER_PACKAGE = {v: k for k, v in PACKAGE_PROVIDER.items()}

CheckFunc = Callable[..., Result]


@dataclass(frozen=True, slots=True)
class Check:
    meta: CheckMeta
    func: CheckFunc
    needs_inventory: bool = False

    @property
    def id(self) -> str:
        return self.meta.id


class RegistryError(UcsError):
    """A check declares itself wrongly: a bug in the check module, found when it is imported."""

    hint = "fix the @check(...) declaration in the check module named above (ids, texts in en and ja)"


_REGISTRY: dict[str, Check] = {}
_BY_TYPE: dict[str, list[Check]] = {}
_loaded = False
_loaded_packages: set[str] = set()


def _texts(value: str | Mapping[str, str], what: str, check_id: str) -> dict[str, str]:
    texts = {"en": value} if isinstance(value, str) else dict(value)
    if not texts.get("en") or not texts.get("ja"):
        raise RegistryError(f"check {check_id}: {what} needs both 'en' and 'ja' text")
    return texts


def check(
    *,
    id: str,
    resource_types: Iterable[str],
    severity: Severity,
    title: Mapping[str, str],
    description: Mapping[str, str],
    remediation: Mapping[str, str],
    frameworks: Mapping[str, Iterable[str]] | None = None,
    kind: str = "misconfiguration",
    needs_inventory: bool = False,
    inputs: Iterable[str] = (),
) -> Callable[[CheckFunc], CheckFunc]:
    """Register the decorated function as a check.  The function is returned unchanged.

    ``inputs`` names the resource types the answer also depends on (other resources it reads
    through the inventory, or that the collector derived fields of this resource from): when the
    scan did not fully collect one of them where the resource lives, the check is not run and the
    answer is ERROR (:func:`inputs_incomplete`), never a PASS that hides what was not read.

    A check's fix is linked from the other side only: a remediator registers under the check's id
    (:mod:`remediation.registry`), so there is one link between them and it cannot dangle.
    """

    def register(func: CheckFunc) -> CheckFunc:
        if not CHECK_ID.match(id):
            raise RegistryError(f"check id {id!r} is not <provider>.<service>.<condition>")
        if id in _REGISTRY and _REGISTRY[id].func is not func:
            raise RegistryError(f"check id {id!r} registered twice")
        _own_package(id, func)
        meta = CheckMeta(
            id=id,
            title=_texts(title, "title", id),
            description=_texts(description, "description", id),
            remediation=_texts(remediation, "remediation", id),
            severity=Severity.parse(severity),
            resource_types=tuple(resource_types),
            frameworks={k: tuple(v) for k, v in (frameworks or {}).items()},
            kind=FindingKind(kind),
            inputs=tuple(inputs),
        )
        entry = Check(meta, func, needs_inventory)
        _REGISTRY[id] = entry
        for rtype in meta.resource_types:
            _BY_TYPE.setdefault(rtype, []).append(entry)
        func.check_meta = meta  # type: ignore[attr-defined]
        return func

    return register


def _own_package(check_id: str, func: CheckFunc) -> None:
    """A check in a provider subpackage must carry that provider's id prefix: what lets a scan
    import only the subpackages of the providers it scans (:func:`load_package`)."""
    parts = str(getattr(func, "__module__", "")).split(".")
    if len(parts) < 2 or parts[0] != __name__ or parts[1] not in PACKAGE_PROVIDER:
        return  # registered from outside the provider subpackages (tests)
    want = PACKAGE_PROVIDER[parts[1]]
    if check_id.split(".", 1)[0] != want:
        raise RegistryError(f"check id {check_id!r} is in {__name__}.{parts[1]}, whose ids start with {want!r}.")


def load_package(pkg_name: str) -> None:
    """Import every check module of one provider subpackage (once)."""
    if pkg_name in _loaded_packages:
        return
    pkg = importlib.import_module(f"{__name__}.{pkg_name}")
    for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{pkg.__name__}."):
        importlib.import_module(info.name)
    _loaded_packages.add(pkg_name)


def load_all() -> None:
    """Import every check module under the provider subpackages (once)."""
    global _loaded
    if _loaded:
        return
    for pkg_name in PROVIDER_PACKAGES:
        load_package(pkg_name)
    _loaded = True


def all_checks() -> list[Check]:
    load_all()
    return sorted(_REGISTRY.values(), key=lambda c: c.id)


def provider_checks(providers: Iterable[str]) -> list[Check]:
    """The checks of the given id prefixes (``aws``, ``k8s``, ``threat`` …), sorted by id as
    :func:`all_checks` sorts them; only those providers' subpackages are imported.  A prefix no
    subpackage owns imports them all (it then finds no checks, as :func:`all_checks` would)."""
    wanted = set(providers)
    if not wanted <= PROVIDER_PACKAGE.keys():
        load_all()
    for provider in sorted(wanted & PROVIDER_PACKAGE.keys()):
        load_package(PROVIDER_PACKAGE[provider])
    return sorted((c for c in _REGISTRY.values() if c.meta.provider in wanted), key=lambda c: c.id)


def get(check_id: str) -> Check:
    found = _REGISTRY.get(check_id)
    if found is not None:
        return found
    pkg_name = PROVIDER_PACKAGE.get(check_id.split(".", 1)[0])
    if pkg_name is None:
        load_all()
    else:
        load_package(pkg_name)
    try:
        return _REGISTRY[check_id]
    except KeyError:
        raise KeyError(f"no check with id {check_id!r}") from None


def for_type(resource_type: str) -> list[Check]:
    load_all()
    return _BY_TYPE.get(resource_type, [])


def resource_types() -> set[str]:
    load_all()
    return set(_BY_TYPE)


def inputs_incomplete(missing: Sequence[str]) -> Result:
    """The ERROR of a check whose declared inputs this scan did not fully collect."""
    return Result.error("core:inputs_incomplete", types=list(missing))


def evaluate(entry: Check, resource: Any, inventory: Inventory | None = None) -> Result:
    """Run one check; an input it could not have (:class:`NotCollected`, an incomplete declared
    input type) is its ERROR answer."""
    if entry.meta.inputs:
        missing = inventory.incomplete(resource, entry.meta.inputs) if inventory is not None else list(entry.meta.inputs)
        if missing:
            return inputs_incomplete(missing)
    try:
        if entry.needs_inventory:
            return entry.func(resource, inventory)
        return entry.func(resource)
    except NotCollected as exc:
        return not_collected_result(exc)
