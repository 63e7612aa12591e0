"""Write docs/aws.md's catalogue of AWS checks, grouped by service, from the registry.

Run ``python -m tests.checks.make_aws_catalogue`` from the repository root after adding or
changing an AWS check; ``tests/checks/test_aws_catalogue.py`` fails until you do.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import checks as registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "aws.md"
START, END = "<!-- catalogue:start (python -m tests.checks.make_aws_catalogue) -->", "<!-- catalogue:end -->"


def catalogue() -> str:
    by_service: dict[str, list] = defaultdict(list)
    for c in registry.all_checks():
        if c.meta.provider == "aws":
            by_service[c.meta.service].append(c.meta)
    total = sum(len(v) for v in by_service.values())
    fsbp = {x for metas in by_service.values() for m in metas for x in m.frameworks.get("aws-fsbp", ())}
    out = [f"{total} checks in {len(by_service)} services; {len(fsbp)} AWS Foundational Security Best Practices "
           "controls evidenced. `ucs checks list --provider aws` prints the same list, grouped the same way.", ""]
    for service in sorted(by_service):
        metas = sorted(by_service[service], key=lambda m: m.id)
        out += [f"### `{service}` ({len(metas)})", "",
                "| Check id | Severity | Resource type | CIS AWS 3.0 | FSBP | Title |", "|---|---|---|---|---|---|"]
        for m in metas:
            cis = ", ".join(m.frameworks.get("cis-aws-3.0", ())) or "—"
            fs = ", ".join(m.frameworks.get("aws-fsbp", ())) or "—"
            out.append(f"| `{m.id}` | {m.severity.label} | {', '.join(f'`{t}`' for t in m.resource_types)} | {cis} | "
                       f"{fs} | {m.text('title', 'en').replace('|', chr(92) + '|')} |")
        out.append("")
    return "\n".join(out)


def with_catalogue(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{catalogue()}{END}{tail}"


if __name__ == "__main__":
    DOC.write_text(with_catalogue(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(DOC)
