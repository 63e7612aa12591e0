"""Shared by the CLI tests: a manifests folder with one pod, scanned offline."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from agent.cli import main


def ucs(*argv: str) -> tuple[int, str, str]:
    """The CLI in this process; stdout is not a TTY, so tables come in the plain format."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def scan_one_pod(tmp_path: Path, container: str, *args: str) -> tuple[int, str, str]:
    m = tmp_path / "m"
    m.mkdir()
    (m / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\n"
                                f"spec: {{containers: [{container}]}}\n")
    return ucs("scan", "--manifests", str(m), "--store", f"sqlite:///{tmp_path / 's.sqlite'}", "-q", *args)
