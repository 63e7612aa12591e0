"""JSON output: the findings document (:mod:`agent.report.document`) of a scan or a report."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from agent.core.model import Finding
from agent.report.document import finding_entry, findings_document

_OPTIONS = orjson.OPT_NON_STR_KEYS
_EMPTY = b'"findings": []\n}'


def write(findings: Iterable[Finding], path: Path, lang: str = "en", extra: dict[str, Any] | None = None) -> Path:
    """``extra``: ``tenant``, ``scan`` (id, status, trigger, started_at, finished_at), ``coverage``.

    Written a finding at a time (one per line inside ``findings``), so a scan's results can stream
    from the store: the document's head is the document with no findings, cut before its last key.
    orjson: a 50,000-finding document in a fraction of the time json.dump takes; UTF-8 kept as
    is, datetimes as ISO 8601."""
    extra = extra or {}
    head = orjson.dumps(findings_document((), lang, tenant=extra.get("tenant", ""), scan=extra.get("scan"),
                                          coverage=extra.get("coverage", ())),
                        default=str, option=_OPTIONS | orjson.OPT_INDENT_2)
    assert head.endswith(_EMPTY), "findings must stay the document's last key"
    with path.open("wb") as fh:
        fh.write(head[:-len(_EMPTY)] + b'"findings": [')
        sep = b"\n    "
        for f in findings:
            fh.write(sep)
            fh.write(orjson.dumps(finding_entry(f, lang), default=str, option=_OPTIONS))
            sep = b",\n    "
        fh.write(b"\n  ]\n}" if sep != b"\n    " else b"]\n}")
    return path
