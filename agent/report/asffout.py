"""ASFF output (``--output-format asff``): one JSON array of AWS Security Finding Format
documents, the same ones ``ucs export securityhub`` imports (:mod:`agent.products.asff`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from agent.core.model import Finding, Status
from agent.products.asff import exportable, to_asff
from agent.report.common import meta_for


def write(findings: Sequence[Finding], path: Path, tenant: str = "") -> Path:
    docs = []
    for f in findings:
        if not exportable(f) or (f.state is None and f.status is not Status.FAIL):
            continue  # only AWS findings of ours, and only problems (a pass is no finding in ASFF)
        meta = meta_for(f.check_id)
        docs.append(to_asff(f, tenant or "ucs", f.resource.account, f.resource.region if f.resource.region not in
                            ("global", "*") else "us-east-1", meta.text("title") if meta else "", f.detail,
                            {k: list(v) for k, v in meta.frameworks.items()} if meta else None))
    with path.open("w", encoding="utf-8") as fh:
        json.dump(docs, fh, ensure_ascii=False, indent=1)
    return path
