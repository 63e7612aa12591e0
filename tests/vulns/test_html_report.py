"""The HTML report opened in headless Chromium: no console errors, no network, sections present,
Japanese rendered; plus the self-containment rules checked on the file itself."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from agent.report.html import write_html
from agent.settings.tenant import Settings
from agent.store import Store
from tests.vulns.estate import seed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--window-size=1280,2400"]
SECTIONS = ("summary", "trend", "compliance", "plan", "vulnerabilities", "toxic", "findings", "muted", "coverage")


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args], capture_output=True,
                          text=True, timeout=90)


@pytest.fixture()
def report(tmp_path: Path, tenant_id: str) -> tuple[Path, Path, Path]:
    store = Store(f"sqlite:///{tmp_path / 'r.sqlite'}")
    seed(store, tenant_id)
    settings = Settings.model_validate({"tenant": {"id": tenant_id, "timezone": "Asia/Tokyo"},
                                        "licence": {"product": "UCS Cloud Security", "expires": "2099-01-01"}})
    return tmp_path, write_html(store, settings, tmp_path, "en", "en"), write_html(store, settings, tmp_path, "ja", "ja")


def test_report_is_self_contained(report) -> None:
    _, en, ja = report
    for path in (en, ja):
        html = path.read_text(encoding="utf-8")
        assert "default-src 'none'" in html  # CSP: the browser may not load anything
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
        assert "<link" not in html and "@import" not in html and "@media print" in html
    assert "クラウドセキュリティレポート" in ja.read_text(encoding="utf-8")


def test_report_renders_in_chromium(report) -> None:
    tmp, en, ja = report
    run = chromium(tmp, "--dump-dom", en.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert 'data-ready="1"' in dom  # the paging script ran to its end
    for section in SECTIONS:
        assert f'id="{section}"' in dom
    assert dom.count("<tr>") > 20 and "CVE-2024-6387" in dom and "deployment/web" in dom
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console
    assert "net::" not in run.stderr and "Refused to load" not in run.stderr
    shot = tmp / "ja.png"
    run = chromium(tmp, f"--screenshot={shot}", ja.as_uri())
    assert run.returncode == 0 and shot.stat().st_size > 50_000
    ja_dom = chromium(tmp, "--dump-dom", ja.as_uri()).stdout
    assert "改善提案" in ja_dom and "脆弱性" in ja_dom and 'lang="ja"' in ja_dom
