"""A scan's evaluation and recording run with what collection left behind frozen for the cyclic
garbage collector, and the collector paused (issue 14: full passes over the inventory were a
quarter of the CPU after collection); everything is handed back to it afterwards, whether the
scan succeeds or not."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import agent.engine.scan as engine
from agent.commands._common import adhoc_settings
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource
from agent.store import Store


def _inventory() -> Inventory:
    cov = Coverage()
    cov.add("aws", "123456789012", "eu-west-1", "aws.s3.bucket", 2)
    return Inventory([Resource("aws", "123456789012", "eu-west-1", "aws.s3.bucket", f"arn:aws:s3:::b{i}", f"b{i}",
                               data={"Name": f"b{i}"}) for i in range(2)], cov)


@pytest.mark.parametrize("fails", [False, True])
def test_the_inventory_is_frozen_while_recording_and_unfrozen_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     fails: bool) -> None:
    inventory = _inventory()
    monkeypatch.setattr(engine, "collect_all", lambda *a, **k: inventory)
    monkeypatch.setattr(engine, "FREEZE_PAIRS", 1)  # this scan counts as large
    frozen_then: list[int] = []
    paused_then: list[bool] = []

    def on_recorded(findings: list[Finding]) -> None:
        frozen_then.append(gc.get_freeze_count())
        paused_then.append(not gc.isenabled())
        if fails:
            raise RuntimeError("the output cannot be written")

    before = gc.get_freeze_count()
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    settings = adhoc_settings(["eu-west-1"])
    if fails:
        with pytest.raises(RuntimeError):
            engine.run_scan(settings, store, providers=["aws"], tenant_scan=False, on_recorded=on_recorded)
    else:
        outcome = engine.run_scan(settings, store, providers=["aws"], tenant_scan=False, on_recorded=on_recorded)
        assert outcome.tally.total > 0 and len(outcome.findings) == len(outcome.tally.seen)
    assert frozen_then and all(n > before for n in frozen_then)  # the inventory among them
    assert all(paused_then)
    assert gc.get_freeze_count() == before and gc.isenabled()


def test_a_small_scan_freezes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below FREEZE_PAIRS pairs the collection before freezing would cost more than it saves."""
    inventory = _inventory()
    monkeypatch.setattr(engine, "collect_all", lambda *a, **k: inventory)
    before = gc.get_freeze_count()
    frozen_then: list[int] = []
    engine.run_scan(adhoc_settings(["eu-west-1"]), Store(f"sqlite:///{tmp_path / 's.sqlite'}"), providers=["aws"],
                    tenant_scan=False, on_recorded=lambda findings: frozen_then.append(gc.get_freeze_count()))
    assert frozen_then and set(frozen_then) == {before}
