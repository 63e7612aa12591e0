"""Art. 2 menus and Art. 3 licence: refusals are clear, recorded, and exit with code 2."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from agent.core.errors import LicenceError, MenuError
from agent.engine.scan import run_scan
from agent.settings.menus import check_licence, require_feature
from agent.settings.tenant import parse_settings
from agent.store import Store

ROOT = Path(__file__).resolve().parents[2]

CONFIG = """\
tenant: {{id: {tenant}}}
licence: {{product: "{product}", expires: {expires}}}
menus: {{options: {options}}}
providers:
  aws:
    accounts: [{{id: "123456789012", regions: [eu-west-1], endpoint_url: "http://127.0.0.1:9"}}]
storage: {{url: "{url}"}}
"""


def settings(tmp_path: Path, tenant: str = "acme", product: str = "UCS Cloud Security",
             expires: str = "2099-01-01", options: str = "[]"):
    url = f"sqlite:///{tmp_path / 'ucs.sqlite'}"
    return parse_settings(CONFIG.format(tenant=tenant, product=product, expires=expires, options=options, url=url))


def test_expired_licence_refused_and_recorded(tmp_path: Path) -> None:
    s = settings(tmp_path, expires="2026-11-23")
    store = Store(s.storage.url)
    with pytest.raises(LicenceError, match="expired on 2026-11-23"):
        run_scan(s, store, today=date(2026, 11, 24))
    [scan] = store.scans("acme")
    assert scan.status == "refused" and "Art. 3" in scan.error


def test_licence_for_other_product_refused(tmp_path: Path) -> None:
    with pytest.raises(LicenceError, match="not for a product this agent serves"):
        check_licence(settings(tmp_path, product="Some Other CSPM"), date(2026, 1, 1))


def test_licence_valid_on_its_last_day(tmp_path: Path) -> None:
    check_licence(settings(tmp_path, expires="2026-11-24"), date(2026, 11, 24))


def test_option_menu_refusal_names_the_menu(tmp_path: Path) -> None:
    s = settings(tmp_path)
    with pytest.raises(MenuError) as exc:
        require_feature(s, "remediate")
    assert "'remediation'" in str(exc.value) and "設定の修正" in str(exc.value)
    require_feature(settings(tmp_path, options="[remediation]"), "remediate")
    require_feature(s, "scan")  # base menu


def test_scan_command_refuses_expired_licence_with_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "t.yaml"
    cfg.write_text(CONFIG.format(tenant="acme", product="UCS Cloud Security", expires="2020-01-01", options="[]",
                                 url=f"sqlite:///{tmp_path / 'ucs.sqlite'}"))
    run = subprocess.run([sys.executable, "-m", "agent", "scan", "--config", str(cfg), "-q"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2, run.stderr
    assert "licence" in run.stderr and "expired on 2020-01-01" in run.stderr
