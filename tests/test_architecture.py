"""The architecture the build enforces: no import circle anywhere, function-level imports included.

import-linter's contracts (pyproject.toml, run by .ci/run) say which room may import which; this
test finds cycles between modules, which the contracts alone do not forbid.  Imports only made
for the type checker (``if TYPE_CHECKING:``) do not run and are left out.
"""

from __future__ import annotations

from pathlib import Path

import grimp

PACKAGES = ("agent", "checks", "remediation", "notifiers")
ROOT = Path(__file__).resolve().parents[1]


def _cycles() -> list[list[str]]:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycle = [module, *back]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    found.append(cycle)
    return found


def test_no_import_cycles() -> None:
    cycles = _cycles()
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_agent_keeps_no_loose_modules() -> None:
    loose = sorted(p.name for p in (ROOT / "agent").glob("*.py") if p.name not in ("__init__.py", "__main__.py", "cli.py"))
    assert not loose, f"modules directly under agent/ belong in a room: {loose}"
