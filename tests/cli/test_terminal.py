"""Terminal output (issue 20): plain aligned lines when piped (one finding per line, account and
region shown, headers whole), the scan summary by service × severity with the top failing
checks, progress counts, shell completion, and `--json | head` without a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from agent.report.terminal import ScanProgress, plain
from tests.cli.helpers import scan_one_pod, ucs
from tests.cli.test_strict_arguments import _store_with_one_k8s_finding

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def test_plain_columns_align_and_never_wrap() -> None:
    text = plain(["id", "detail"], [["a", "x" * 300], ["bbbbbb", "short\nline"]])
    lines = text.splitlines()
    assert len(lines) == 3 and lines[1].index("x") == lines[0].index("detail") == lines[2].index("short")


def test_piped_findings_list_is_one_line_per_finding_with_account_and_region(tmp_path: Path) -> None:
    code, out, err = ucs("findings", "list", "--store", _store_with_one_k8s_finding(tmp_path), "--tenant", "t")
    assert code == 0, err
    title, header, *rows = out.splitlines()
    assert header.split()[:6] == ["id", "state", "severity", "check", "account", "region"]
    assert len(rows) == 1 and " c1 " in rows[0] and " shop " in rows[0]
    code, out, _ = ucs("findings", "list", "--store", _store_with_one_k8s_finding(tmp_path), "--tenant", "t",
                       "--lang", "ja")
    assert "重要度" in out.splitlines()[1] and "高" in out.splitlines()[2]


def test_piped_checks_list_is_one_line_per_check() -> None:
    code, out, _ = ucs("checks", "list", "--provider", "aws")
    lines = out.splitlines()
    rows = lines[2:]
    services = [line.split()[0] for line in rows if not line.startswith(" ")]
    assert code == 0 and lines[0] == f"{len(rows)} check(s) in {len(services)} service(s)"
    assert all(" aws." in f" {line}" for line in rows)
    # grouped by service: each service names its group once, and the groups come sorted
    assert services == sorted(set(services)) and "aws.s3" in services and "aws.iam" in services
    first_s3 = next(i for i, line in enumerate(rows) if line.startswith("aws.s3 "))
    assert rows[first_s3 + 1].startswith(" ") and rows[first_s3 + 1].split()[0].startswith("aws.s3.")


def test_scan_summary_by_service_and_severity(tmp_path: Path) -> None:
    code, out, err = scan_one_pod(tmp_path, "{name: c, image: nginx:latest, securityContext: {privileged: true}}",
                                  "--output-format", "table")
    assert code == 0, err
    assert "failing by service and severity" in out and "top failing checks" in out
    service_rows = [line for line in out.splitlines() if line.startswith("k8s.pod ")]
    assert service_rows and int(service_rows[0].split()[-1]) >= 2
    assert "k8s.pod.no_privileged" in out
    assert "assessed" in err and "unit(s)" in err  # the summary line


def test_progress_counts_units_per_provider_with_a_rate() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with ScanProgress(console, expected=4) as progress:
        for msg in ("aws 1 eu-west-1 ec2: 3", "aws 1 eu-west-1 s3: 1", "kubernetes prod pods: 7", "evaluated 4 pairs"):
            progress(msg)
    tasks = {t.description: t for t in progress.progress.tasks}
    assert (tasks["aws"].completed, tasks["aws"].total) == (2, 4)
    assert (tasks["kubernetes"].completed, tasks["kubernetes"].total) == (1, None)
    assert tasks["aws"].fields["rate"].endswith("/s") and tasks["aws"].fields["last"] == "evaluated 4 pairs"


def test_json_into_head_has_no_broken_pipe_traceback() -> None:
    run = subprocess.run(f"{sys.executable} -m agent checks list --json | head -c 10", shell=True, env=ENV,
                         capture_output=True, text=True, timeout=120)
    assert run.stdout.startswith("[") and "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


def test_completion_scripts() -> None:
    for shell, must in (("bash", "complete -o default -F _ucs ucs"), ("zsh", "#compdef ucs"),
                        ("fish", "complete -c ucs")):
        code, out, _ = ucs("completion", shell)
        assert code == 0 and must in out and "findings" in out and ("-l fail-on" if shell == "fish" else "--fail-on") in out
    code, out, _ = ucs("completion", "bash")
    script = Path(os.environ.get("TMPDIR", "/tmp")) / f"ucs-completion-{os.getpid()}.bash"
    script.write_text(out)
    try:
        probe = subprocess.run(["bash", "-c", f'source {script}; COMP_WORDS=(ucs scan --lang ""); COMP_CWORD=3; '
                                '_ucs; echo "${COMPREPLY[@]}"; COMP_WORDS=(ucs find); COMP_CWORD=1; _ucs; '
                                'echo "${COMPREPLY[@]}"'], capture_output=True, text=True, timeout=30)
    finally:
        script.unlink()
    assert probe.stdout.splitlines() == ["en ja", "findings"], probe.stderr


def test_status_and_remediate_speak_the_output_language(tmp_path: Path) -> None:
    url = _store_with_one_k8s_finding(tmp_path)
    cfg = tmp_path / "tenant.yaml"
    cfg.write_text(f"tenant: {{id: t, timezone: Asia/Tokyo}}\nlicence: {{product: UCS Cloud Security, "
                   f"expires: 2099-01-01}}\nmenus: {{options: [remediation]}}\nstorage: {{url: \"{url}\"}}\n")
    code, out, err = ucs("status", "--config", str(cfg), "--lang", "ja")
    assert code == 0, err
    assert "テナント t" in out and "最近のスキャン:" in out and "JST" not in out.splitlines()[0]
    code, out, err = ucs("remediate", "history", "--config", str(cfg), "--lang", "ja")
    assert code == 0 and "修復の監査証跡" in out, err
