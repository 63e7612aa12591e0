"""CSV output: one row per finding, spreadsheet-friendly (UTF-8 with BOM for Excel and Japanese)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from agent.core.model import Finding
from agent.report.common import finding_doc

COLUMNS = ("fingerprint", "status", "state", "severity", "check_id", "title", "provider", "account",
           "region", "resource_type", "resource_id", "resource_name", "detail", "remediation", "first_seen",
           "last_seen", "mute_reason")


def write(findings: Sequence[Finding], path: Path, lang: str = "en") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for f in findings:
            d = finding_doc(f, lang)
            r = d["resource"]
            w.writerow([d["fingerprint"], d["status"], d["state"] or "", d["severity"], d["check_id"],
                        d.get("title", ""), r["provider"], r["account"], r["region"], r["type"], r["id"], r["name"],
                        d["detail"], d.get("remediation", ""), d["first_seen"] or "", d["last_seen"] or "",
                        d["mute_reason"] or ""])
    return path
