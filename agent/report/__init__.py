"""Outputs: terminal table, JSON, CSV, OCSF 1.1 (Compliance / Detection Finding), SARIF 2.1.0, JUnit XML.

``write_outputs`` writes the configured formats for one scan's findings into a directory and
returns the paths.  Secrets never reach outputs because collectors never store them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from agent.core.model import Finding

WRITERS = ("json", "csv", "ocsf", "sarif", "junit")


def write_outputs(findings: Sequence[Finding], formats: Iterable[str], out_dir: str | Path, stem: str,
                  lang: str = "en", extra: dict[str, Any] | None = None) -> list[Path]:
    from agent.report import csvout, jsonout, junit, ocsf, sarif

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for fmt in formats:
        if fmt == "json":
            paths.append(jsonout.write(findings, out / f"{stem}.json", lang, extra))
        elif fmt == "csv":
            paths.append(csvout.write(findings, out / f"{stem}.csv", lang))
        elif fmt == "ocsf":
            paths.append(ocsf.write(findings, out / f"{stem}.ocsf.json", lang))
        elif fmt == "sarif":
            paths.append(sarif.write(findings, out / f"{stem}.sarif", lang))
        elif fmt == "junit":
            paths.append(junit.write(findings, out / f"{stem}.junit.xml", lang))
    return paths
