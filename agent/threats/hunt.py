"""Offline hunting: the threat rules over log files and folders, without a daemon.

``hunt(paths)`` reads every file under the paths (JSON, JSON lines, gzip; CloudTrail, Kubernetes
audit, Azure and GCP exports), drops events before ``since``, and runs the same index the daemon
runs, batch by batch, with correlation windows kept in memory across the whole input.  Findings
are pseudonymised (Art. 13) with a key made for this run, or with the tenant's key when a
:class:`~agent.threats.detect.ThreatContext` is given — then they are recorded in the tenant's
store exactly as the daemon records them (lifecycle, counts, evidence, notifications).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.core.model import Finding
from agent.events import Event
from agent.events.normalise import Malformed, normalise
from agent.events.readers import parse_bytes
from agent.store import Sighting
from agent.store.threat_engine import Evidence
from agent.threats.baselines import MemoryBaselines
from agent.threats.detect import ThreatContext, detect, evaluate
from agent.threats.pseudonym import Pseudonymiser
from agent.threats.rules import RuleIndex, build
from agent.threats.windows import MemoryWindows

BATCH = 2000


@dataclass
class HuntResult:
    files: int = 0
    events: int = 0
    skipped_before_since: int = 0
    malformed: int = 0
    errors: list[str] = field(default_factory=list)
    unread: dict[str, int] = field(default_factory=dict)
    sightings: dict[str, Sighting] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    recorded: int = 0  # findings touched in the tenant's store (with a context)

    def findings(self) -> list[Finding]:
        return sorted((s.finding for s in self.sightings.values()), key=lambda f: (-f.severity, f.check_id, f.resource.id))


def files_under(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


def _time(ev: Event) -> datetime | None:
    try:
        t = datetime.fromisoformat(ev.time.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _events(files: Sequence[Path], result: HuntResult, since: datetime | None,
            progress: Callable[[int], None]) -> Iterator[Event]:
    for f in files:
        data = f.read_bytes()
        parsed = parse_bytes(data, str(f))
        result.files += 1
        result.malformed += parsed.malformed
        result.errors.extend(parsed.errors[: max(0, 5 - len(result.errors))])
        for i, rec in enumerate(parsed.records):
            try:
                ev = normalise(rec)
            except Malformed as m:
                result.malformed += 1
                if len(result.errors) < 5:
                    result.errors.append(f"{parsed.where(i)}: {m}")
                continue
            if since is not None and (t := _time(ev)) is not None and t < since:
                result.skipped_before_since += 1
                continue
            ev.origin, ev.where = f"file:{f}", parsed.where(i)
            yield ev
        progress(len(data))


def hunt(paths: Iterable[str | Path], since: datetime | None = None, rule_dirs: Sequence[str] = (),
         ctx: ThreatContext | None = None, progress: Callable[[int], None] = lambda n: None,
         index: RuleIndex | None = None) -> HuntResult:
    files = files_under(paths)
    result = HuntResult()
    idx = index or build(list(rule_dirs))
    p = ctx.pseudonymiser() if ctx is not None else Pseudonymiser(secrets.token_bytes(32))
    windows = MemoryWindows()
    baselines = MemoryBaselines()
    batch: list[Event] = []

    def flush() -> None:
        result.events += len(batch)
        if ctx is not None:
            result.recorded += detect(ctx, batch)
        got = evaluate(batch, p, idx, windows, baselines)
        for fp, s in got.sightings.items():
            if fp in result.sightings:
                result.sightings[fp].count += s.count
                result.sightings[fp].last_time = max(result.sightings[fp].last_time, s.last_time)
            else:
                result.sightings[fp] = s
        for fp, e in got.batch.evidence.items():
            result.evidence[fp] = e if fp not in result.evidence else e.merged(_row(result.evidence[fp]))
        for (_, reason), n in got.batch.unread.items():
            result.unread[reason] = result.unread.get(reason, 0) + n
        batch.clear()

    for ev in _events(files, result, since, progress):
        batch.append(ev)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return result


def _row(e: Evidence) -> dict[str, Any]:
    return {"first_event_time": e.first_time, "last_event_time": e.last_time, "events": e.count,
            "event_ids": e.event_ids, "sources": e.sources}


# ------------------------------------------------------------------------------------ SARIF
def sarif(findings: Sequence[Finding], evidence: dict[str, Evidence]) -> dict[str, Any]:
    """SARIF 2.1.0: one run, a rule per threat rule that matched, a result per finding."""
    from agent.report.common import meta_for

    level = {0: "note", 1: "note", 2: "warning", 3: "error", 4: "error"}
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for f in findings:
        meta = meta_for(f.check_id)
        rules.setdefault(f.check_id, {
            "id": f.check_id, "name": f.check_id.rsplit(".", 1)[-1],
            "shortDescription": {"text": meta.text("title") if meta else f.check_id},
            "fullDescription": {"text": meta.text("description") if meta else ""},
            "properties": {"tags": list(f.evidence.get("mitre_attack") or []), "severity": f.severity.name.lower()}})
        ev = evidence.get(f.fingerprint)
        where = (ev.sources if ev else []) or [str(f.evidence.get("source") or "")]
        results.append({
            "ruleId": f.check_id, "level": level[int(f.severity)], "message": {"text": f.detail},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": s}}} for s in where if s],
            "partialFingerprints": {"ucs/v1": f.fingerprint},
            "properties": {"target": f.resource.id, "events": ev.count if ev else 1,
                           "first_event_time": ev.first_time if ev else None, "last_event_time": ev.last_time if ev else None,
                           "event_ids": ev.event_ids if ev else [], "actor": f.evidence.get("actor")}})
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "UCS threat rules", "informationUri": "https://example.invalid/ucs",
                                          "rules": list(rules.values())}}, "results": results}]}
