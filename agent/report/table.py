"""Terminal summary (rich): counts by severity and the failing findings, worst first."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from agent.core.model import Finding, Severity, Status
from agent.report.common import meta_for

COLOURS = {Severity.CRITICAL: "bold red", Severity.HIGH: "red", Severity.MEDIUM: "yellow",
           Severity.LOW: "cyan", Severity.INFO: "dim"}


def summary_table(findings: Sequence[Finding], lang: str = "en", limit: int = 50) -> Table:
    counts = {s: {st: 0 for st in Status} for s in Severity}
    for f in findings:
        counts[f.severity][f.status] += 1
    t = Table(title="UCS scan summary" if lang == "en" else "UCS スキャン結果", show_lines=False)
    t.add_column("severity" if lang == "en" else "重要度")
    for st in Status:
        t.add_column(st.value, justify="right")
    for sev in sorted(Severity, reverse=True):
        t.add_row(f"[{COLOURS[sev]}]{sev.label}[/]", *(str(counts[sev][st]) for st in Status))
    return t


HEADERS = {"en": ("severity", "check", "resource", "detail"), "ja": ("重要度", "チェック", "リソース", "詳細")}


def failing_table(findings: Sequence[Finding], lang: str = "en", limit: int = 50) -> Table:
    failing = sorted((f for f in findings if f.status in (Status.FAIL, Status.ERROR)),
                     key=lambda f: (-int(f.severity), f.check_id, f.resource.id))
    t = Table(title=(f"Failing checks (top {limit})" if lang == "en" else f"不合格のチェック (上位 {limit})"))
    sev, chk, res, detail = HEADERS.get(lang, HEADERS["en"])
    t.add_column(sev, no_wrap=True)
    t.add_column(chk, ratio=3, overflow="fold")
    t.add_column(res, ratio=2, overflow="fold")
    t.add_column(detail, ratio=2, overflow="fold")
    for f in failing[:limit]:
        meta = meta_for(f.check_id)
        title = meta.text("title", lang) if meta else f.check_id
        status = "" if f.status is Status.FAIL else "[magenta]ERROR[/] "
        t.add_row(f"[{COLOURS[f.severity]}]{f.severity.label}[/]", f"{title}\n[dim]{f.check_id}[/]",
                  f"{f.resource.name}\n[dim]{f.resource.account}/{f.resource.region}[/]", status + f.detail_in(lang))
    return t


def print_summary(findings: Sequence[Finding], console: Console | None = None, lang: str = "en", limit: int = 50) -> None:
    console = console or Console()
    console.print(summary_table(findings, lang))
    if any(f.status in (Status.FAIL, Status.ERROR) for f in findings):
        console.print(failing_table(findings, lang, limit))
