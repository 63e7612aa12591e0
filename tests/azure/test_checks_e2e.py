"""Every Azure check, end to end: stand-in → real SDK clients → collector → engine → expected status."""

from __future__ import annotations

import pytest

import checks as registry
from agent.core.model import Status
from agent.engine.evaluate import evaluate
from tests.azure.entra_estate import ENTRA_EXPECT
from tests.azure.entra_estate import key as entra_key
from tests.azure.expectations import EXPECT, key

AZURE_CHECKS = [c for c in registry.all_checks() if c.meta.provider == "azure"]
ARM_CHECKS = [c for c in AZURE_CHECKS if c.id in EXPECT]
ENTRA_CHECKS = [c for c in AZURE_CHECKS if c.id in ENTRA_EXPECT]


def test_there_are_at_least_35_azure_checks_and_each_has_an_expectation() -> None:
    assert len(AZURE_CHECKS) >= 35
    assert {c.id for c in AZURE_CHECKS} == set(EXPECT) | set(ENTRA_EXPECT)
    assert not set(EXPECT) & set(ENTRA_EXPECT)


@pytest.fixture(scope="module")
def statuses(azure_inventory) -> dict[str, dict[str, Status]]:
    inv, _, _ = azure_inventory
    out: dict[str, dict[str, Status]] = {}
    for f in evaluate(inv, ARM_CHECKS).findings:
        out.setdefault(f.check_id, {})[key(f.resource)] = f.status
    return out


@pytest.mark.parametrize("check_id", sorted(EXPECT))
def test_check_end_to_end(check_id: str, statuses) -> None:
    got = statuses.get(check_id, {})
    for expected, status in (("pass", Status.PASS), ("fail", Status.FAIL), ("error", Status.ERROR)):
        for name in EXPECT[check_id].get(expected, []):
            assert got.get(name) is status, f"{check_id} on {name}: expected {status.value}, got {got.get(name)}"
    # Nothing the estate holds for this check is left unexplained.
    listed = {n for names in EXPECT[check_id].values() for n in names}
    assert set(got) == listed, f"{check_id}: unexpected resources {sorted(set(got) - listed)}"


def test_check_fixtures_are_the_collectors_output(azure_inventory) -> None:
    """tests/checks/fixtures/azure.*.json match what the collector makes of the estate today."""
    from tests.azure.check_fixtures import FIXTURES, fixture_docs, render

    inv, _, _ = azure_inventory
    stale = [cid for cid, doc in fixture_docs(inv).items()
             if (FIXTURES / f"{cid}.json").read_text(encoding="utf-8") != render(doc)]
    assert not stale, f"rewrite with `python -m tests.azure.check_fixtures`: {stale}"


@pytest.fixture(scope="module")
def entra_statuses(entra_inventory) -> dict[str, dict[str, Status]]:
    out: dict[str, dict[str, Status]] = {}
    for f in evaluate(entra_inventory, ENTRA_CHECKS).findings:
        out.setdefault(f.check_id, {})[entra_key(f.resource)] = f.status
    return out


@pytest.mark.parametrize("check_id", sorted(ENTRA_EXPECT))
def test_entra_check_end_to_end(check_id: str, entra_statuses) -> None:
    got = entra_statuses.get(check_id, {})
    expected = {name: status for status, names in ENTRA_EXPECT[check_id].items() for name in names}
    want = {"pass": Status.PASS, "fail": Status.FAIL, "error": Status.ERROR}
    assert got == {name: want[s] for name, s in expected.items()}, check_id


def test_entra_check_fixtures_are_the_collectors_output(entra_inventory) -> None:
    from tests.azure.check_fixtures import FIXTURES, entra_fixture_docs, render

    stale = [cid for cid, doc in entra_fixture_docs(entra_inventory).items()
             if (FIXTURES / f"{cid}.json").read_text(encoding="utf-8") != render(doc)]
    assert not stale, f"rewrite with `python -m tests.azure.check_fixtures`: {stale}"
