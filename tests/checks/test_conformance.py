"""Registry conformance: ids well-formed and unique, texts bilingual, framework references
resolvable, remediators attached to real checks, and every check proven by fixtures.

Fixtures: ``tests/checks/fixtures/<check id>.json`` =
``{"pass": [resource…], "fail": [resource…], "error": [resource…]?, "inventory": [resource…]?}``.
Each listed resource must give exactly that status; ``inventory`` adds context resources for
cross-resource checks.  Both "pass" and "fail" must be non-empty.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pytest
import yaml

import checks as registry
import remediation
from agent.core.inventory import Inventory
from agent.core.model import Resource, Status

FIXTURES = Path(__file__).parent / "fixtures"
ALL = registry.all_checks()


@lru_cache(maxsize=None)
def framework_controls(fw: str) -> set[str] | None:
    f = resources.files("config").joinpath("frameworks", f"{fw}.yaml")
    if not f.is_file():
        return None
    doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    return {str(c["id"]) for c in doc.get("controls", [])}


def test_registry_is_not_empty() -> None:
    assert len(ALL) > 0


def test_ids_unique_and_well_formed() -> None:
    ids = [c.id for c in ALL]
    assert len(ids) == len(set(ids))
    for c in ALL:
        assert registry.CHECK_ID.match(c.id), c.id
        assert c.meta.resource_types, c.id
        for t in c.meta.resource_types:
            # Kubernetes types are k8s.<kind> (k8s.pod, k8s.cluster_role_binding): the kind names the API object.
            assert t.count(".") >= 2 or (t.startswith("k8s.") and t.count(".") == 1), \
                f"{c.id}: resource type {t!r} is not <provider>.<service>.<kind>"


def test_texts_are_bilingual() -> None:
    for c in ALL:
        for field in ("title", "description", "remediation"):
            texts = getattr(c.meta, field)
            assert texts["en"].strip() and texts["ja"].strip(), f"{c.id}.{field}"
            assert texts["en"] != texts["ja"], f"{c.id}.{field}: ja text is a copy of en"


def test_framework_references_resolve() -> None:
    for c in ALL:
        for fw, controls in c.meta.frameworks.items():
            known = framework_controls(fw)
            assert known is not None, f"{c.id}: framework file config/frameworks/{fw}.yaml is missing"
            missing = set(controls) - known
            assert not missing, f"{c.id}: {fw} has no control(s) {sorted(missing)}"


def test_remediators_attach_to_checks() -> None:
    ids = {c.id for c in ALL}
    for check_id in remediation.remediators():
        assert check_id in ids, f"remediator for unknown check {check_id}"
    for c in ALL:
        if c.meta.remediator:
            assert c.meta.remediator in remediation.remediators(), f"{c.id}: remediator {c.meta.remediator} missing"


def _load(c: registry.Check) -> dict:
    path = FIXTURES / f"{c.id}.json"
    assert path.is_file(), f"no fixture file {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", ALL, ids=[c.id for c in ALL])
def test_check_fixtures(entry: registry.Check) -> None:
    doc = _load(entry)
    assert doc.get("pass") and doc.get("fail"), f"{entry.id}: needs both pass and fail fixtures"
    context = [Resource.from_dict(d) for d in doc.get("inventory", [])]
    for expected, status in (("pass", Status.PASS), ("fail", Status.FAIL), ("error", Status.ERROR)):
        for d in doc.get(expected, []):
            r = Resource.from_dict(d)
            assert r.type in entry.meta.resource_types, f"{entry.id}: fixture type {r.type}"
            inv = Inventory(context + [r])
            result = registry.evaluate(entry, r, inv)
            assert result.status is status, f"{entry.id} on {r.id}: expected {status.value}, got {result.status.value}: {result.detail}"
