"""The terminal face: progress of long work, tables that fit, and a plain format for pipes.

* :class:`ScanProgress` — a rich progress bar with units done / expected, rate and ETA (the
  expected count is an estimate from the config: AWS services × regions; other providers
  count as they report).
* :func:`emit` — a table printed for a person (rich, fitted to the terminal, ids never broken
  mid-word) or, when stdout is not a terminal, as plain aligned columns that never wrap (one
  finding per line, so ``grep`` / ``wc -l`` / ``head`` work).
* :func:`service_severity_table` / :func:`top_failing` — the scan summary by service × severity
  and the checks with the most failing resources.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from agent.core.model import Severity, Status
from agent.core.tally import Tally
from agent.report.common import meta_for
from agent.report.labels import label

SEVERITIES = [s for s in sorted(Severity, reverse=True)]


def plain(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Aligned columns, one row per line, no wrapping (the last column runs to its end)."""
    cells = [[str(c).replace("\n", " ") for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def emit(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], console: Console | None = None,
         no_wrap: Sequence[int] = ()) -> None:
    """Print ``rows`` for a terminal (rich) or, when stdout is piped, as :func:`plain` text."""
    if console is None and not sys.stdout.isatty():
        print(title)
        print(plain(headers, rows))
        return
    console = console or Console()
    t = Table(title=title)
    for i, h in enumerate(headers):
        # ids fold at their dots/dashes rather than mid-word; short columns never wrap
        t.add_column(h, no_wrap=i in no_wrap, overflow="fold", min_width=min(len(h), 12))
    for r in rows:
        t.add_row(*(str(c) for c in r))
    console.print(t)


def service_severity_table(tally: Tally, lang: str = "en") -> tuple[list[str], list[list[Any]]]:
    counts: Counter[tuple[str, Severity]] = Counter()
    for (check_id, sev), n in tally.failing_by_check.items():
        counts[(".".join(check_id.split(".")[:2]), sev)] += n
    services = sorted({s for s, _ in counts}, key=lambda s: (-sum(counts[(s, v)] for v in SEVERITIES), s))
    headers = [label("service", lang), *(label(s.label, lang) for s in SEVERITIES), label("total", lang)]
    rows = [[s, *(counts[(s, v)] or "" for v in SEVERITIES), sum(counts[(s, v)] for v in SEVERITIES)] for s in services]
    return headers, rows


def top_failing(tally: Tally, lang: str = "en", limit: int = 10) -> tuple[list[str], list[list[Any]]]:
    counts: Counter[str] = Counter()
    for (cid, _), n in tally.failing_by_check.items():
        counts[cid] += n
    rows = []
    for cid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]:
        meta = meta_for(cid)
        rows.append([n, label(meta.severity.label, lang) if meta else "", cid, meta.text("title", lang) if meta else ""])
    return [label("count", lang), label("severity", lang), label("check", lang), label("title", lang)], rows


def status_severity_table(tally: Tally, lang: str = "en") -> tuple[list[str], list[list[Any]]]:
    counts = tally.by_severity_status
    return ([label("severity", lang), *(label(s.value, lang) for s in Status)],
            [[label(sev.label, lang), *(counts[(sev, st)] for st in Status)] for sev in SEVERITIES])


def print_scan_summary(tally: Tally, lang: str = "en", console: Console | None = None) -> None:
    """The scan summary from its :class:`~agent.core.tally.Tally` (``Tally.of(findings)`` for a list)."""
    h, rows = status_severity_table(tally, lang)
    emit("UCS scan summary" if lang == "en" else "UCS スキャン結果", h, rows, console, no_wrap=range(len(h)))
    h, rows = service_severity_table(tally, lang)
    emit(label("by service and severity", lang), h, rows, console, no_wrap=range(1, len(h)))
    if rows:
        h, rows = top_failing(tally, lang)
        emit(label("top failing checks", lang), h, rows, console, no_wrap=(0, 1, 2))


class ScanProgress:
    """Counts units as collectors report them ("aws 1234 eu-west-1 ec2: 12"): one bar per provider
    (the first word of the message), with units done / expected, rate and ETA.  ``expected`` is
    the AWS estimate (services × regions); other providers count without a total."""

    def __init__(self, console: Console, expected: int | None) -> None:
        self.progress = Progress(TextColumn("[bold]{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                                 TextColumn("[dim]{task.fields[last]}"), console=console, transient=True)
        self.expected = expected
        self.tasks: dict[str, Any] = {}
        self.done: dict[str, int] = {}
        self.started = time.monotonic()

    def __enter__(self) -> ScanProgress:
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def _task(self, provider: str) -> Any:
        if provider not in self.tasks:
            total = self.expected if provider == "aws" else None
            self.tasks[provider] = self.progress.add_task(provider, total=total, rate="", last="")
            self.done[provider] = 0
        return self.tasks[provider]

    def __call__(self, msg: str) -> None:
        provider, _, rest = msg.partition(" ")
        if ":" not in rest or msg.startswith(("evaluat", "recording")):
            for task in self.tasks.values():  # evaluation and recording: shown on every bar
                self.progress.update(task, last=msg[:60])
            return
        task = self._task(provider)
        self.done[provider] += 1
        n = self.done[provider]
        total = self.progress.tasks[[t.id for t in self.progress.tasks].index(task)].total
        if total is not None and n > total:
            self.progress.update(task, total=n)
        self.progress.update(task, completed=n, rate=f"{n / max(0.001, time.monotonic() - self.started):.1f}/s",
                             last=rest[:60])
