"""Issue 24, findings 4 and 5: outputs stay inside the output directory (../, absolute names,
planted symlinks, a tenant id that climbs out), tenant ids are validated where they enter, and CSV
cells that a spreadsheet would run as formulas are neutralised (OWASP's CSV injection rule)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from agent.cli import main
from agent.core.errors import ConfigError
from agent.core.model import Finding, Resource, Severity, Status
from agent.report import csvout, write_outputs
from agent.report.paths import OutputPathError, output_path
from agent.settings.tenant import parse_settings


def _finding(name: str, tag: str) -> Finding:
    r = Resource("aws", "123456789012", "eu-west-1", "aws.s3.bucket", f"arn:aws:s3:::{name}", name, {"team": tag})
    return Finding("aws.s3.bucket_public_access_blocked", r, Status.FAIL, Severity.HIGH,
                   detail=f"bucket {name} tagged {tag}", fingerprint="f" * 32)


@pytest.mark.parametrize("stem", ["../escaped", "/tmp/ucs-abs", "sub/dir", "../..", "x\x00y"])
def test_an_output_name_that_leaves_the_directory_is_refused(tmp_path: Path, stem: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputPathError):
        write_outputs([_finding("b", "t")], ["json"], out, stem)
    assert not (tmp_path / "escaped.json").exists() and not Path("/tmp/ucs-abs.json").exists()


def test_a_symlink_planted_in_the_output_directory_is_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / "report.csv").symlink_to(victim)
    with pytest.raises(OutputPathError, match="symbolic link"):
        write_outputs([_finding("b", "t")], ["csv"], out, "report")
    assert victim.read_text(encoding="utf-8") == "keep me"
    (out / "inner").symlink_to(tmp_path)  # a link to a directory, then a name through it
    with pytest.raises(OutputPathError):
        output_path(out, "inner/victim.txt")
    assert output_path(out, "fine.json") == out.resolve() / "fine.json"


def test_a_tenant_id_that_climbs_out_is_refused_on_the_command_line_and_in_config(tmp_path: Path, capsys) -> None:
    code = None
    with pytest.raises(SystemExit) as e:
        main(["report", "--tenant", "x/../../..", "--output-dir", str(tmp_path / "out"), "--format", "json"])
    code = e.value.code
    assert code == 2 and "not a tenant id" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.json"))
    with pytest.raises(ConfigError, match="tenant.id"):
        parse_settings("tenant: {id: 'x/../../..'}\nlicence: {product: UCS Cloud Security, expires: 2099-01-01}\n")


@pytest.mark.parametrize("payload", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                                     "\tTAB", "\rCR"])
def test_csv_cells_that_would_be_formulas_are_neutralised(tmp_path: Path, payload: str) -> None:
    path = csvout.write([_finding(payload, payload)], tmp_path / "f.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["resource_name"] == "'" + payload
    assert cells["resource_id"] == f"arn:aws:s3:::{payload}"  # not at the start: unchanged
    assert not any(c.startswith(csvout.FORMULA_START) for c in row)


def test_ordinary_cells_are_unchanged(tmp_path: Path) -> None:
    path = csvout.write([_finding("logs-bucket", "platform")], tmp_path / "f.csv")
    row = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[1]
    assert "logs-bucket" in row and "bucket logs-bucket tagged platform" in row
