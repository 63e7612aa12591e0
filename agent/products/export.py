"""``ucs export securityhub``: send our findings to Security Hub with BatchImportFindings.

Batches of 100 (the API's limit); a throttled call (ThrottlingException, TooManyRequestsException,
HTTP 429) or findings the answer lists as throttled are sent again after a growing pause, up to
``attempts`` times; other failed findings are counted and named.  Ids are stable
(:func:`agent.products.asff.to_asff`), so exporting twice updates rather than duplicates, and
only :func:`~agent.products.asff.exportable` findings go: never one that came from Security Hub.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import botocore.exceptions  # type: ignore[import-untyped]

from agent.collectors.aws.context import error_code
from agent.core.model import Finding
from agent.products.asff import exportable, to_asff

BATCH = 100
THROTTLED = ("ThrottlingException", "TooManyRequestsException", "LimitExceededException")


@dataclass(slots=True)
class ExportResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # not ours alone (from a product) or not about AWS
    calls: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "failed": self.failed, "skipped": self.skipped, "calls": self.calls,
                "retries": self.retries, "errors": self.errors[:20]}


def documents(findings: Iterable[Finding], tenant: str, account: str, region: str,
              texts: Callable[[Finding], tuple[str, str, dict[str, list[str]]]] | None = None,
              result: ExportResult | None = None) -> list[dict[str, Any]]:
    out = []
    for f in findings:
        if not exportable(f):
            if result is not None:
                result.skipped += 1
            continue
        title, desc, fws = texts(f) if texts else ("", "", {})
        out.append(to_asff(f, tenant, account, region, title, desc, fws))
    return out


def send(client: Any, docs: Sequence[dict[str, Any]], attempts: int = 5, pause: float = 0.5,
         sleep: Callable[[float], None] = time.sleep) -> ExportResult:
    res = ExportResult()
    for i in range(0, len(docs), BATCH):
        pending = list(docs[i:i + BATCH])
        for attempt in range(attempts):
            res.calls += 1
            try:
                answer = client.batch_import_findings(Findings=pending)
            except botocore.exceptions.ClientError as exc:
                if error_code(exc) not in THROTTLED or attempt == attempts - 1:
                    res.failed += len(pending)
                    res.errors.append(f"{error_code(exc)} for {len(pending)} finding(s)")
                    break
                res.retries += 1
                sleep(pause * 2 ** attempt)
                continue
            failed = answer.get("FailedFindings") or []
            retry_ids = {x.get("Id") for x in failed if str(x.get("ErrorCode")) in THROTTLED}
            res.sent += int(answer.get("SuccessCount") or 0)
            for x in failed:
                if x.get("Id") not in retry_ids:
                    res.failed += 1
                    res.errors.append(f"{x.get('Id')}: {x.get('ErrorCode')}: {x.get('ErrorMessage')}")
            pending = [d for d in pending if d["Id"] in retry_ids]
            if not pending:
                break
            if attempt == attempts - 1:
                res.failed += len(pending)
                res.errors.append(f"throttled {len(pending)} finding(s) {attempts} times")
                break
            res.retries += 1
            sleep(pause * 2 ** attempt)
    return res
