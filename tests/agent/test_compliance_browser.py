"""The HTML evidence report in headless Chromium, in English and Japanese: the DOM it builds, no
Content Security Policy violation (the stylesheet's hash is right, nothing else loads), A4 print
with a page per section, and a screenshot."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from agent.posture.compliance import owner_lookup, report_from_store
from agent.posture.compliance_history import take_snapshots, trend
from agent.posture.frameworks import load_framework
from agent.report.compliance_evidence import evidence_html
from agent.store import Store
from tests.agent.test_compliance_evidence import DAY1, seed, settings_for

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="headless Chromium is not installed")


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr", "--v=0", *args],
                          capture_output=True, text=True, timeout=90)


class Dom(HTMLParser):
    """The elements of the DOM Chromium built: (tag, attrs) and the text under each id."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_evidence_report_in_chromium(tenant_id, tmp_path, lang) -> None:
    # The store backends are covered by test_compliance_evidence; the browser needs only one.
    store = Store(f"sqlite:///{tmp_path / 'ucs.sqlite'}")
    settings = settings_for(store, tenant_id)
    seed(store, tenant_id, s3_fails=False)
    take_snapshots(store, settings, now=DAY1)
    seed(store, tenant_id, when=DAY1.replace(day=1, month=12))
    take_snapshots(store, settings, now=DAY1.replace(day=1, month=12))
    report = report_from_store(store, tenant_id, "fisc", owner=owner_lookup(settings.mutelist, DAY1.date()))
    points = trend(store, tenant_id, "fisc", 90, datetime(2026, 12, 1, tzinfo=UTC).date())
    page = tmp_path / f"evidence-{lang}.html"
    page.write_text(evidence_html(report, load_framework("fisc"), points, lang, tenant_id, DAY1), encoding="utf-8")

    run = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert not re.search(r"Content.Security.Policy|Refused to", run.stderr), run.stderr[-2000:]
    dom = Dom()
    dom.feed(run.stdout)
    html_tag = next(a for t, a in dom.elements if t == "html")
    assert html_tag.get("lang") == lang
    controls = [a for t, a in dom.elements if t == "div" and a.get("id", "").startswith("control-")]
    assert len(controls) == len(report.controls) == 18
    assert {a["data-status"] for a in controls} == {"fail", "error", "pass", "not-assessed", "manual"}
    sections = [a for t, a in dom.elements if t == "section" and "page" in (a.get("class") or "")]
    assert len(sections) >= 2 + len({c.section for c in report.controls}) + 1  # summary, trend, sections, muted
    assert any(t == "svg" for t, _ in dom.elements) and any(t == "polyline" for t, _ in dom.elements)  # trend chart
    text = " ".join(dom.text)
    words = (["コンプライアンス証跡", "蓄積データの漏えい防止", "不合格", "責任者", "sec-team"] if lang == "ja"
             else ["Compliance evidence", "Protect stored data against leakage", "Fail", "Owner", "sec-team"])
    for w in words:
        assert w in text, w

    pdf = tmp_path / f"evidence-{lang}.pdf"
    printed = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert printed.returncode == 0 and pdf.is_file(), printed.stderr[-2000:]
    raw = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", raw))
    assert pages >= len(sections)  # a page break before every section
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", raw)
    assert box and abs(float(box.group(1)) - 595.3) < 2 and abs(float(box.group(2)) - 841.9) < 2  # A4 in points

    shot = tmp_path / f"evidence-{lang}.png"
    taken = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1240,1754", page.as_uri())
    assert taken.returncode == 0 and shot.stat().st_size > 10_000
    store.close()
