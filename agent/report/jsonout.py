"""JSON output: one document with the findings and, when given, scan metadata."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agent.core.model import Finding
from agent.report.common import finding_doc


def write(findings: Sequence[Finding], path: Path, lang: str = "en", extra: dict[str, Any] | None = None) -> Path:
    doc = dict(extra or {})
    doc["findings"] = [finding_doc(f, lang) for f in findings]
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1, default=str)
    return path
