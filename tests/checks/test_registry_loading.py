"""The registry loads a provider's check modules on their own: a scan of AWS imports only
``checks.aws`` (no threat packs, no other cloud), with the same checks as the full registry
gives for that provider; a lookup by id imports only the id's own subpackage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import checks as registry
from agent.core.model import Result

ROOT = Path(__file__).resolve().parents[2]


def test_each_subpackage_holds_exactly_its_providers_checks() -> None:
    everything = registry.all_checks()
    for pkg, provider in registry.PACKAGE_PROVIDER.items():
        own = [c for c in everything if c.func.__module__.split(".")[1] == pkg]
        assert own, pkg
        assert {c.meta.provider for c in own} == {provider}
        assert registry.provider_checks([provider]) == [c for c in everything if c.meta.provider == provider]
    assert sum(len(registry.provider_checks([p])) for p in registry.PROVIDER_PACKAGE) == len(everything)


def test_a_check_under_another_providers_package_is_refused() -> None:
    def stray(resource: object) -> Result:
        return Result.ok()

    stray.__module__ = "checks.aws.stray"
    texts = {"en": "x", "ja": "x"}
    with pytest.raises(registry.RegistryError, match="whose ids start with 'aws'"):
        registry.check(id="k8s.stray.thing", resource_types=["k8s.pod"], severity="low", title=texts,
                       description=texts, remediation=texts)(stray)
    assert "k8s.stray.thing" not in {c.id for c in registry.all_checks()}


def test_an_unknown_id_is_still_a_key_error() -> None:
    with pytest.raises(KeyError, match="no check with id"):
        registry.get("aws.nosuch.check")
    with pytest.raises(KeyError, match="no check with id"):
        registry.get("nosuchprovider.x.y")


def _fresh(code: str) -> dict[str, object]:
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def test_an_aws_scan_selection_imports_only_the_aws_checks() -> None:
    got = _fresh(
        "import json, sys\n"
        "from agent.engine.scan import select_checks\n"
        "import checks\n"
        "ids = [c.id for c in select_checks(None, None, None, {'aws'})]\n"
        "meta = checks.get(ids[0]).meta.id\n"
        "pkgs = sorted({m.split('.')[1] for m in sys.modules if m.startswith('checks.') and m.count('.') >= 2})\n"
        "print(json.dumps({'ids': ids, 'meta': meta, 'pkgs': pkgs}))\n")
    full = [c.id for c in registry.all_checks() if c.meta.provider == "aws" and c.meta.kind.value != "threat"]
    assert got["ids"] == full
    assert got["pkgs"] == ["aws"]
