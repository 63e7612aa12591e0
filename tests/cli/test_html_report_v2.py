"""HTML report v2 in headless Chromium (issue 20): every finding embedded, search and filters work
(driven through the page's linkable #query), chart numbers of 4 and 5 digits are whole, the
Japanese table's title column is readable, coverage gaps are one line without a raw body, and
the strict CSP lets the page's own script run.  A screenshot is taken; the DOM is asserted on."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource, Severity, Status
from agent.report.common import gap_line
from agent.report.html import render
from agent.report.html_data import gather
from agent.store import Store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", "--window-size=1280,1600",
         "--virtual-time-budget=5000"]
TENANT = "v2"
N = 620  # more than the 500 the first report embedded
HTML_BODY = "<html><head><title>403</title></head><body><h1>403 Forbidden</h1><p>Request blocked by proxy</p></body></html>"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args], capture_output=True,
                          text=True, timeout=90)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("v2")
    store = Store(f"sqlite:///{tmp / 'r.sqlite'}")
    found, resources = [], []
    for i in range(N):
        b = Resource("aws", f"11112222{i % 3:04d}", "eu-west-1", "aws.s3.bucket", f"arn:aws:s3:::bucket-{i}", f"bucket-{i}")
        resources.append(b)
        found.append(Finding("aws.s3.default_encryption", b, Status.FAIL, Severity.MEDIUM, "no default encryption"))
    pod = Resource("kubernetes", "prod", "shop", "k8s.pod", "prod/shop/logs-shipper", "logs-shipper")
    resources.append(pod)
    found.append(Finding("k8s.pod.no_privileged", pod, Status.FAIL, Severity.HIGH, "privileged"))
    cov = Coverage()
    for a in range(3):
        cov.add("aws", f"11112222{a:04d}", "eu-west-1", "aws.s3.bucket", N // 3)
    cov.add("kubernetes", "prod", "*", "k8s.pod", 1)
    cov.fail("aws", "111122220000", "eu-west-1", "aws.rds.db_instance", f"ClientError: {HTML_BODY}")
    scan = store.begin_scan(TENANT, "test")
    store.record_scan(scan, TENANT, found, cov, {f.check_id for f in found}, Inventory(resources, cov))
    yield tmp, store
    store.close()


def _dump(tmp: Path, html: str, name: str, query: str = "", shot: bool = False) -> str:
    page = tmp / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    url = page.as_uri() + (f"#{query}" if query else "")
    if shot:
        run = chromium(tmp, f"--screenshot={tmp / f'{name}.png'}", url)
        assert run.returncode == 0 and (tmp / f"{name}.png").stat().st_size > 20_000, run.stderr[-1500:]
    run = chromium(tmp, "--dump-dom", url)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Refused to" not in run.stderr, run.stderr[-2000:]  # the CSP hashes match the page's own code
    assert 'data-ready="1"' in run.stdout
    return run.stdout


def _attr(dom: str, name: str) -> int:
    m = re.search(rf'{name}="(\d+)"', dom)
    assert m, name
    return int(m.group(1))


def test_every_finding_search_and_filters(data) -> None:
    tmp, store = data
    html = render(gather(store, TENANT, "en", with_plan=False), "en")
    assert "unsafe-inline" not in html and "script-src 'sha256-" in html
    assert "@page{size:A4" in html and "@media print" in html and 'style="' not in html  # no inline style: CSP
    dom = _dump(tmp, html, "all")
    assert _attr(dom, "data-shown") == N + 1  # every finding, not the worst 500
    dom = _dump(tmp, html, "search", "q=logs-shipper")
    assert _attr(dom, "data-shown") == 1 and "logs-shipper" in dom.split("<tbody>")[-1]
    dom = _dump(tmp, html, "filter", "provider=aws&account=111122220001")
    assert _attr(dom, "data-shown") == len(range(1, N, 3))


def test_charts_show_four_and_five_digit_counts_whole(data) -> None:
    tmp, store = data
    report = gather(store, TENANT, "en", with_plan=False)
    report.by_severity = {"critical": 12345, "high": 1234, "medium": 98765, "low": 7, "info": 0}
    report.by_provider = {"aws": 54321, "kubernetes": 1234}
    report.by_account = [("aws:111122223333", 43210), ("kubernetes:a-very-long-cluster-name-in-production", 9999)]
    dom = _dump(tmp, render(report, "en"), "charts")
    for whole in ("12,345", "98,765", "54,321", "43,210", "9,999", "a-very-long-cluster-name-in-production"):
        assert whole in dom
    assert _attr(dom, "data-clipped") == 0


def test_japanese_table_is_readable_and_gaps_are_one_line(data) -> None:
    tmp, store = data
    html = render(gather(store, TENANT, "ja", with_plan=False), "ja", "Asia/Tokyo")
    dom = _dump(tmp, html, "ja", shot=True)
    assert 'lang="ja"' in dom and "すべての指摘" in dom and "最新スキャンの範囲" in dom
    assert _attr(dom, "data-title-px") >= 200  # the title column is not a few characters wide
    assert "<h1>403 Forbidden</h1>" not in dom and "Request blocked" not in dom
    assert "aws 111122220000 eu-west-1 aws.rds.db_instance: HTTP 403 Forbidden" in dom


@pytest.mark.parametrize(("error", "line"), [
    (f"ClientError: {HTML_BODY}", "HTTP 403 Forbidden"),
    ("An error occurred (AccessDenied) when calling the DescribeDBInstances operation: User is not authorized",
     "An error occurred (AccessDenied) when calling the DescribeDBInstances operation: User is not authorized"),
    ("HttpResponseError: (AuthorizationFailed) status 403 " + "x" * 400, "…"),
])
def test_gap_line(error: str, line: str) -> None:
    out = gap_line({"provider": "aws", "account": "1", "region": "r", "resource_type": "t", "error": error})
    assert line in out and "\n" not in out and len(out) < 200 and "<" not in out
