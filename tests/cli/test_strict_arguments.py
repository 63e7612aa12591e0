"""Strict arguments (issue 20): every closed set is a choice, typos get "did you mean …?", no
bad argument ever prints a traceback, and read-only commands never create a store."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest

from agent.cli import build_parser, main
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource, Severity, Status
from agent.settings.tenant import Settings
from agent.store import Store

BOGUS = "hgh-no-such-value"


def ucs(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(path, parser)]
    own = [(path, parser)] if parser.get_default("func") else []  # a command whose sub-commands are optional
    return own + [leaf for name, child in subs[0].choices.items() for leaf in leaves(child, (*path, name))]


def closed_options() -> list[tuple[tuple[str, ...], str]]:
    """(command path, option) for every option of every command whose values are a closed set."""
    out = []
    for path, parser in leaves(build_parser()):
        for a in parser._actions:
            # --tenant is a format (a valid id), not a closed set: any well-formed id is accepted
            if a.option_strings and a.nargs != 0 and a.dest != "tenant" and (a.choices or a.type not in (None, str)):
                out.append((path, a.option_strings[-1]))
    return out


def test_the_walk_finds_the_options_it_must() -> None:
    found = set(closed_options())
    for want in [(("scan",), "--severity"), (("scan",), "--provider"), (("scan",), "--region"),
                 (("scan",), "--checks"), (("findings", "list"), "--provider"), (("checks", "list"), "--framework"),
                 (("compliance",), "--lang"), (("vulns", "list"), "--lang"), (("report",), "--format")]:
        assert want in found, want


@pytest.mark.parametrize(("path", "option"), closed_options(), ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
def test_every_closed_option_rejects_a_malformed_value_without_traceback(path: tuple[str, ...], option: str) -> None:
    code, _, err = ucs(*path, option, BOGUS)
    assert code == 2, err
    assert "Traceback" not in err and "error:" in err


@pytest.mark.parametrize(("argv", "suggestion"), [
    (["scan", "--checks", "aws.s3.no_such_check"], "did you mean 'aws.s3.no_public_acl'?"),
    (["scan", "--region", "eu-wst-1"], "did you mean 'eu-west-1'?"),
    (["checks", "list", "--framework", "cis-aws-3"], "did you mean 'cis-aws-3.0'?"),
    (["scan", "--severity", "hgh"], "did you mean 'high'?"),
    (["scan", "--fail-on", "hgh"], "did you mean 'high'?"),
    (["findings", "list", "--provider", "kubernets"], "did you mean 'kubernetes'?"),
])
def test_typos_are_usage_errors_with_a_suggestion(argv: list[str], suggestion: str) -> None:
    code, out, err = ucs(*argv)
    assert code == 2 and suggestion in err, err
    assert "Traceback" not in err


def test_k8s_is_kubernetes_in_every_command(tmp_path: Path) -> None:
    _code, out, _ = ucs("checks", "list", "--provider", "k8s", "--json")
    _code, out2, _ = ucs("checks", "list", "--provider", "kubernetes", "--json")
    assert out == out2 and '"k8s.' in out
    db = _store_with_one_k8s_finding(tmp_path)
    for alias in ("k8s", "kubernetes"):
        code, out, err = ucs("findings", "list", "--store", db, "--tenant", "t", "--provider", alias, "--json")
        assert code == 0 and [f["check_id"] for f in json.loads(out)["findings"]] == ["k8s.pod.no_privileged"], err


def _store_with_one_k8s_finding(tmp_path: Path) -> str:
    """A store with one scan of tenant "t" (built once, copied: migrating a store costs ~0.3 s)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = Path(tempfile.mkdtemp(prefix="ucs-cli-")) / "k.sqlite"
        store = Store(f"sqlite:///{_TEMPLATE}")
        r = Resource("kubernetes", "c1", "shop", "k8s.pod", "c1/shop/p", "p")
        cov = Coverage()
        cov.add("kubernetes", "c1", "*", "k8s.pod", 1)
        scan = store.begin_scan("t", "test")
        store.record_scan(scan, "t", [Finding("k8s.pod.no_privileged", r, Status.FAIL, Severity.HIGH, "x")], cov,
                          {"k8s.pod.no_privileged"}, Inventory([r], cov))
        store.close()
    target = tmp_path / "k.sqlite"
    if not target.exists():
        shutil.copyfile(_TEMPLATE, target)
    return f"sqlite:///{target}"


_TEMPLATE: Path | None = None


READERS = [["findings", "list"], ["findings", "show", "abc"], ["report"], ["compliance", "--framework", "aws-fsbp"],
           ["plan"], ["vulns", "list"]]


CASES = ([(argv, "missing-dir") for argv in READERS]
         + [(READERS[0], kind) for kind in ("plain-path", "mysql", "unknown-tenant")]
         + [(["report"], "unknown-tenant"), (["compliance", "--framework", "aws-fsbp"], "mysql")])


@pytest.mark.parametrize(("argv", "kind"), CASES, ids=lambda a: " ".join(a) if isinstance(a, list) else a)
def test_read_only_commands_open_existing_stores_only(tmp_path: Path, argv: list[str], kind: str) -> None:
    existing = _store_with_one_k8s_finding(tmp_path)
    url, expect = {
        "missing-dir": (f"sqlite:///{tmp_path / 'no' / 'such' / 'x.sqlite'}", "no store at"),
        "plain-path": (str(tmp_path / "k.sqlite"), "not a store URL"),
        "mysql": ("mysql://user:pw@db/ucs", "unsupported store driver 'mysql'"),
        "unknown-tenant": (existing, "tenant 'tt' has no scan or finding"),
    }[kind]
    tenant = "tt" if kind == "unknown-tenant" else "t"
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, _, err = ucs(*argv, "--store", url, "--tenant", tenant)
    assert code == 2, err
    assert expect in err and "hint:" in err and "Traceback" not in err
    assert "pw" not in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing created


def test_tenant_typo_is_suggested(tmp_path: Path) -> None:
    code, _, err = ucs("findings", "list", "--store", _store_with_one_k8s_finding(tmp_path), "--tenant", "tt")
    assert code == 2 and "did you mean 't'?" in err


def test_global_options_before_or_after_the_subcommand() -> None:
    for argv in (["-q", "--no-color", "-v", "--log-json", "checks", "list", "--json"],
                 ["checks", "list", "--json", "-q", "--no-color", "-v", "--log-json"]):
        code, out, err = ucs(*argv)
        assert code == 0 and out.startswith("["), err
    args = build_parser().parse_args(["-vv", "checks", "list"])
    assert args.verbose == 2  # the sub-command's copy of -v does not reset it


def test_adhoc_settings_still_build() -> None:
    assert isinstance(Settings.model_validate({"tenant": {"id": "x"}, "licence": {"product": "UCS Cloud Security",
                                                                                 "expires": "2099-01-01"}}), Settings)


def _with_config() -> list[list[str]]:
    """Every command taking --config, with a config file that does not exist and its positionals filled."""
    out = []
    for path, parser in leaves(build_parser()):
        if not any("--config" in a.option_strings for a in parser._actions):
            continue
        argv = [*path]
        for a in parser._actions:
            if not a.option_strings and a.dest != "help":
                argv.append(str(next(iter(a.choices))) if a.choices else "1")
            elif a.required:
                value = {"--framework": "aws-fsbp"}.get(a.option_strings[-1], "x")
                argv += [a.option_strings[-1], value] if a.option_strings[-1] != "--config" else []
        out.append([*argv, "--config", "/no/such/tenant.yaml"])
    return out


@pytest.mark.parametrize("argv", _with_config(), ids=lambda a: " ".join(a[:2]))
def test_a_missing_config_file_is_a_clear_error_in_every_command(argv: list[str]) -> None:
    code, _, err = ucs(*argv)
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert "/no/such/tenant.yaml" in err or "ucs: error:" in err  # (or a bad positional named first)
