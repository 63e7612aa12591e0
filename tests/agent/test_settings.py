"""Tenant config validation: every problem named with file, line and key path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agent.core.errors import ConfigError
from agent.settings.tenant import load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
tenant:
  id: acme
  timezone: Asia/Tokyo
licence:
  product: UCS Cloud Security
  expires: 2099-01-01
providers:
  aws:
    accounts:
      - id: "123456789012"
        regions: [eu-west-1]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        parse_settings(text, "t.yaml")
    return [str(p) for p in exc.value.problems]


def test_example_config_is_valid() -> None:
    s = load_settings(ROOT / "config" / "tenant.example.yaml")
    assert s.tenant.id == "acme" and s.language == "ja"
    assert s.mutelist[0].reason.startswith("Public website")


def test_good_config() -> None:
    s = parse_settings(GOOD)
    assert s.providers.aws.accounts[0].regions == ["eu-west-1"]


def test_unknown_key_names_line_and_path() -> None:
    text = GOOD.replace("        regions: [eu-west-1]\n", "        regions: [eu-west-1]\n        regoins: [x]\n")
    assert problems(text) == ["t.yaml:12: providers.aws.accounts[0].regoins: unknown key"]


def test_wrong_type_and_bad_date_and_region_all_reported() -> None:
    text = GOOD.replace("2099-01-01", "2099-13-01").replace("[eu-west-1]", "[europe]").replace(
        "  timezone: Asia/Tokyo\n", "  timezone: Asia/Tokyo\n  language: [ja]\n")
    out = problems(text)
    assert any(p.startswith("t.yaml:4: tenant.language:") for p in out), out
    assert any(p.startswith("t.yaml:7: licence.expires: invalid value '2099-13-01'") for p in out), out
    assert any(p.startswith("t.yaml:12: providers.aws.accounts[0].regions:") and "europe" in p for p in out), out


def test_missing_licence() -> None:
    text = "tenant:\n  id: acme\nproviders: {}\n"
    assert problems(text) == ["t.yaml:1: licence: required key is missing"]


def test_duplicate_key_is_an_error() -> None:
    text = GOOD.replace("  timezone: Asia/Tokyo\n", "  timezone: Asia/Tokyo\n  id: other\n")
    assert problems(text) == ["t.yaml:4: tenant.id: duplicate key 'id' (first defined on line 2)"]


def test_unknown_option_menu() -> None:
    text = GOOD + "menus:\n  options: [remediation, teleport]\n"
    out = problems(text)
    assert len(out) == 1 and out[0].startswith("t.yaml:13: menus.options[1]: unknown option menu 'teleport'")


def test_yaml_syntax_error_has_line() -> None:
    out = problems("tenant:\n  id: [acme\nlicence: {}\n")
    assert out[0].startswith("t.yaml:3: invalid YAML")


def test_validate_command_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("expires: 2099-01-01", "expires: soon"))
    run = subprocess.run([sys.executable, "-m", "agent", "config", "validate", str(bad)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert f"{bad}:6: licence.expires:" in run.stderr
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    run = subprocess.run([sys.executable, "-m", "agent", "config", "validate", str(good)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0 and "valid" in run.stdout


GCP = """\
tenant: {id: acme}
licence: {product: UCS Cloud Security, expires: 2099-01-01}
menus: {options: [multi-cloud]}
providers:
  gcp:
    projects: [shop-prod, "example.com:legacy-proj", "123456789012", projects/other-proj]
    folders: [folders/345678901234, "77"]
    organization: organizations/112233445566
"""


def test_real_gcp_parents_are_accepted(tmp_path: Path) -> None:
    """Domain-scoped project ids, project numbers, folders/N and organizations/N are what Cloud Asset takes."""
    s = parse_settings(GCP, "t.yaml")
    assert s.providers.gcp is not None
    assert s.providers.gcp.parents() == [
        "projects/shop-prod", "projects/example.com:legacy-proj", "projects/123456789012", "projects/other-proj",
        "folders/345678901234", "folders/77", "organizations/112233445566"]
    path = tmp_path / "gcp.yaml"
    path.write_text(GCP)
    run = subprocess.run([sys.executable, "-m", "agent", "config", "validate", str(path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("bad", ["Shop-Prod", "ab", "example.com:", ":proj-name", "folders/12", "proj_name1"])
def test_malformed_gcp_project_is_named(bad: str) -> None:
    found = problems(GCP.replace('shop-prod, ', f'"{bad}", '))
    assert any("providers.gcp.projects" in p and "not a project id" in p for p in found), found
