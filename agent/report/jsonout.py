"""JSON output: the findings document (:mod:`agent.report.document`) of a scan or a report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from agent.core.model import Finding
from agent.report.document import findings_document


def write(findings: Sequence[Finding], path: Path, lang: str = "en", extra: dict[str, Any] | None = None) -> Path:
    """``extra``: ``tenant``, ``scan`` (id, status, trigger, started_at, finished_at), ``coverage``."""
    extra = extra or {}
    doc = findings_document(findings, lang, tenant=extra.get("tenant", ""), scan=extra.get("scan"),
                            coverage=extra.get("coverage", ()))
    # orjson: a 50,000-finding document in a fraction of the time json.dump takes (it was most of a
    # large scan's wall time); UTF-8 kept as is, datetimes as ISO 8601.
    path.write_bytes(orjson.dumps(doc, default=str, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS))
    return path
