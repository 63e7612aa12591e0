"""JSON output: the findings document (:mod:`agent.report.document`) of a scan or a report."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agent.core.model import Finding
from agent.report.document import findings_document


def write(findings: Sequence[Finding], path: Path, lang: str = "en", extra: dict[str, Any] | None = None) -> Path:
    """``extra``: ``tenant``, ``scan`` (id, status, trigger, started_at, finished_at), ``coverage``."""
    extra = extra or {}
    doc = findings_document(findings, lang, tenant=extra.get("tenant", ""), scan=extra.get("scan"),
                            coverage=extra.get("coverage", ()))
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1, default=str)
    return path
