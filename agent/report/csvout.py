"""CSV output: one row per finding, spreadsheet-friendly (UTF-8 with BOM for Excel and Japanese).

Cells come from data someone else controls (resource names and tags, details quoting them), and a
spreadsheet runs a cell beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return as a
formula.  Such cells are written with a leading ``'`` (OWASP's CSV injection rule), so they
display as text; nothing else is changed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from agent.core.model import Finding
from agent.report.common import finding_doc

COLUMNS = ("fingerprint", "status", "state", "severity", "check_id", "title", "provider", "account",
           "region", "resource_type", "resource_id", "resource_name", "detail", "remediation", "first_seen",
           "last_seen", "mute_reason")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """``value`` as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write(findings: Iterable[Finding], path: Path, lang: str = "en") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for f in findings:
            d = finding_doc(f, lang)
            r = d["resource"]
            w.writerow(cell(v) for v in [d["fingerprint"], d["status"], d["state"] or "", d["severity"], d["check_id"],
                        d.get("title", ""), r["provider"], r["account"], r["region"], r["type"], r["id"], r["name"],
                        d["detail"], d.get("remediation", ""), d["first_seen"] or "", d["last_seen"] or "",
                        d["mute_reason"] or ""])
    return path
