"""ASFF output (``--output-format asff``): one JSON array of AWS Security Finding Format
documents, the same ones ``ucs export securityhub`` imports (:mod:`agent.products.asff`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from agent.core.model import Finding, Status
from agent.products.asff import exportable, to_asff
from agent.report.common import meta_for
from agent.report.ocsf import write_array


def write(findings: Iterable[Finding], path: Path, tenant: str = "") -> Path:
    with path.open("w", encoding="utf-8") as fh:
        write_array(fh, _docs(findings, tenant))
    return path


def _docs(findings: Iterable[Finding], tenant: str) -> Iterator[dict[str, Any]]:
    for f in findings:
        if not exportable(f) or (f.state is None and f.status is not Status.FAIL):
            continue  # only AWS findings of ours, and only problems (a pass is no finding in ASFF)
        meta = meta_for(f.check_id)
        yield (to_asff(f, tenant or "ucs", f.resource.account, f.resource.region if f.resource.region not in
                            ("global", "*") else "us-east-1", meta.text("title") if meta else "", f.detail,
                            {k: list(v) for k, v in meta.frameworks.items()} if meta else None))
