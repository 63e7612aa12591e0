#!/usr/bin/env python3
"""List the import circles among the project's packages; exit 1 when there is one.

Every import counts, the ones inside functions too: a late import that only works because the
other module has finished loading is still a circle, it just fails later.  Imports under
``if TYPE_CHECKING:`` never run and are left out (``--type-checking`` counts them as well).

    python .ci/import_cycles.py [--type-checking] [PACKAGE ...]   (default: agent checks remediation notifiers)
"""

from __future__ import annotations

import sys

import grimp

DEFAULT_PACKAGES = ("agent", "checks", "remediation", "notifiers")


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def main(argv: list[str]) -> int:
    type_checking = "--type-checking" in argv
    packages = [a for a in argv if not a.startswith("--")] or list(DEFAULT_PACKAGES)
    graph = grimp.build_graph(*packages, include_external_packages=False,
                              exclude_type_checking_imports=not type_checking, cache_dir=None)
    found = cycles(graph)
    for component in found:
        print(f"circle of {len(component)} modules:")
        for module in component:
            inside = sorted(m for m in graph.find_modules_directly_imported_by(module) if m in component)
            print(f"  {module} -> {', '.join(inside)}")
    print(f"{len(found)} import circle(s) in {', '.join(packages)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
