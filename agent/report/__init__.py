"""Outputs: terminal table, JSON, CSV, OCSF 1.1 (Compliance / Detection / Vulnerability Finding), ASFF,
SARIF 2.1.0 and JUnit XML.

``write_outputs`` writes the configured formats for one scan's findings into a directory and
returns the paths; every path is kept inside that directory (:mod:`agent.report.paths`).  Secrets never reach outputs because collectors never store them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.core.model import Finding

if TYPE_CHECKING:
    from agent.report.jsonout import ScanJson

WRITERS = ("json", "csv", "ocsf", "asff", "sarif", "junit")

# A list of findings, or a function that reads them afresh each time it is called (a scan's
# results streamed from the store: ``ScanOutcome.results``), so no format needs them all at once.
FindingSource = Sequence[Finding] | Callable[[], Iterable[Finding]]


def write_outputs(source: FindingSource, formats: Iterable[str], out_dir: str | Path, stem: str,
                  lang: str = "en", extra: dict[str, Any] | None = None,
                  scan_json: ScanJson | None = None) -> list[Path]:
    """JSON, CSV, OCSF and ASFF are written a finding at a time; SARIF and JUnit group findings
    (rules, suites) and read them into a list first.  ``scan_json``: the JSON document built as
    the scan recorded its results (``source`` is then read only if that failed)."""
    from agent.report import asffout, csvout, jsonout, junit, ocsf, sarif
    from agent.report.paths import output_path

    paths: list[Path] = []
    for fmt in formats:
        if fmt == "json" and scan_json is not None:
            paths.append(scan_json.write(output_path(out_dir, f"{stem}.json"), extra,
                                         fallback=source if callable(source) else lambda: source))
            continue
        findings = source() if callable(source) else source
        if fmt == "json":
            paths.append(jsonout.write(findings, output_path(out_dir, f"{stem}.json"), lang, extra))
        elif fmt == "csv":
            paths.append(csvout.write(findings, output_path(out_dir, f"{stem}.csv"), lang))
        elif fmt == "ocsf":
            paths.append(ocsf.write(findings, output_path(out_dir, f"{stem}.ocsf.json"), lang))
        elif fmt == "asff":
            paths.append(asffout.write(findings, output_path(out_dir, f"{stem}.asff.json"),
                                       str((extra or {}).get("tenant", ""))))
        elif fmt == "sarif":
            paths.append(sarif.write(list(findings), output_path(out_dir, f"{stem}.sarif"), lang))
        elif fmt == "junit":
            paths.append(junit.write(list(findings), output_path(out_dir, f"{stem}.junit.xml"), lang))
    return paths
