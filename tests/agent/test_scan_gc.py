"""A scan's evaluation and recording run with what collection left behind frozen for the cyclic
garbage collector, and the collector paused (issue 14: full passes over the inventory were a
quarter of the CPU after collection); everything is handed back to it afterwards, whether the
block succeeds or not, and small scans leave the collector alone."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import agent.engine.scan as engine
from agent.commands._common import adhoc_settings
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource
from agent.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _inventory() -> Inventory:
    cov = Coverage()
    cov.add("aws", "123456789012", "eu-west-1", "aws.s3.bucket", 2)
    return Inventory([Resource("aws", "123456789012", "eu-west-1", "aws.s3.bucket", f"arn:aws:s3:::b{i}", f"b{i}",
                               data={"Name": f"b{i}"}) for i in range(2)], cov)


_CHECK = """
import gc, sys
from agent.engine.scan import frozen_for_gc
fails = sys.argv[1] == "1"
before, enabled = gc.get_freeze_count(), gc.isenabled()
seen = []
try:
    with frozen_for_gc():
        seen.append((gc.get_freeze_count(), gc.isenabled()))
        if fails:
            raise RuntimeError("the recording failed")
except RuntimeError:
    assert fails
assert seen[0][0] > before and seen[0][1] is False, seen
assert gc.get_freeze_count() == before and gc.isenabled() is enabled
with frozen_for_gc(False):
    assert gc.get_freeze_count() == before and gc.isenabled() is enabled
print("ok")
"""


@pytest.mark.parametrize("fails", [False, True])
def test_frozen_for_gc_freezes_and_pauses_then_gives_everything_back(fails: bool) -> None:
    """In a process of its own: the collector's state is the process's, which other tests'
    threads (a daemon's scans) may share."""
    run = subprocess.run([sys.executable, "-c", _CHECK, "1" if fails else "0"], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]


@pytest.mark.parametrize(("threshold", "frozen"), [(1, True), (10**9, False)])
def test_a_scan_records_inside_the_block_from_its_size_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          threshold: int, frozen: bool) -> None:
    inventory = _inventory()
    monkeypatch.setattr(engine, "collect_all", lambda *a, **k: inventory)
    monkeypatch.setattr(engine, "FREEZE_PAIRS", threshold)
    inside: list[bool] = []
    asked: list[bool] = []
    real = engine.frozen_for_gc

    @contextmanager
    def spy(freeze: bool = True) -> Iterator[None]:
        asked.append(freeze)
        with real(freeze):
            inside.append(True)
            yield
            inside.append(False)

    monkeypatch.setattr(engine, "frozen_for_gc", spy)
    recorded_inside: list[bool] = []

    def on_recorded(findings: list[Finding]) -> None:
        recorded_inside.append(inside[-1])

    outcome = engine.run_scan(adhoc_settings(["eu-west-1"]), Store(f"sqlite:///{tmp_path / 's.sqlite'}"),
                              providers=["aws"], tenant_scan=False, on_recorded=on_recorded)
    assert outcome.tally.total > 0 and len(outcome.findings) == len(outcome.tally.seen)
    assert asked == [frozen] and recorded_inside and all(recorded_inside) and inside[-1] is False
