"""Registry conformance: ids well-formed and unique, texts bilingual, framework references
resolvable, remediators attached to real checks, and every check proven by fixtures.

Fixtures: ``tests/checks/fixtures/<check id>.json`` =
``{"pass": [resource…], "fail": [resource…], "error": [resource…]?, "inventory": [resource…]?}``.
Each listed resource must give exactly that status; ``inventory`` adds context resources for
cross-resource checks.  Both "pass" and "fail" must be non-empty.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import string
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
import time_machine
import yaml

import checks as registry
import remediation
from agent.core import messages
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Messages, Resource, Result, Status

FIXTURES = Path(__file__).parent / "fixtures"
# The scan time fixtures are evaluated at (a fixture may set its own "now"); checks read it from
# the inventory, never from the clock.
FIXTURE_NOW = datetime(2026, 12, 1, tzinfo=UTC)
ALL = registry.all_checks()


@cache
def framework_controls(fw: str) -> set[str] | None:
    f = resources.files("config").joinpath("frameworks", f"{fw}.yaml")
    if not f.is_file():
        return None
    doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    return {str(c["id"]) for c in doc.get("controls", [])}


def test_registry_is_not_empty() -> None:
    assert len(ALL) > 0


def test_every_fixture_file_names_a_registered_check() -> None:
    """A fixture whose check is gone (renamed, or a rule that became a correlation member and no
    longer alerts) proves nothing: it must go with its check."""
    ids = {c.id for c in ALL}
    orphans = sorted(p.stem for p in FIXTURES.glob("*.json") if p.stem not in ids)
    assert not orphans, f"fixtures of no registered check: {orphans}"


def test_ids_unique_and_well_formed() -> None:
    ids = [c.id for c in ALL]
    assert len(ids) == len(set(ids))
    for c in ALL:
        assert registry.CHECK_ID.match(c.id), c.id
        assert c.meta.resource_types, c.id
        for t in c.meta.resource_types:
            # Kubernetes types are k8s.<kind> (k8s.pod, k8s.cluster_role_binding): the kind names the API object.
            assert t.count(".") >= 2 or (t.startswith("k8s.") and t.count(".") == 1), \
                f"{c.id}: resource type {t!r} is not <provider>.<service>.<kind>"


def test_texts_are_bilingual() -> None:
    for c in ALL:
        for field in ("title", "description", "remediation"):
            texts = getattr(c.meta, field)
            assert texts["en"].strip() and texts["ja"].strip(), f"{c.id}.{field}"
            assert texts["en"] != texts["ja"], f"{c.id}.{field}: ja text is a copy of en"


def test_framework_references_resolve() -> None:
    for c in ALL:
        for fw, controls in c.meta.frameworks.items():
            known = framework_controls(fw)
            assert known is not None, f"{c.id}: framework file config/frameworks/{fw}.yaml is missing"
            missing = set(controls) - known
            assert not missing, f"{c.id}: {fw} has no control(s) {sorted(missing)}"


def test_remediators_attach_to_checks() -> None:
    ids = {c.id for c in ALL}
    for check_id in remediation.remediators():
        assert check_id in ids, f"remediator for unknown check {check_id}"


def _load(c: registry.Check) -> dict:
    path = FIXTURES / f"{c.id}.json"
    assert path.is_file(), f"no fixture file {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}"
    return json.loads(path.read_text(encoding="utf-8"))


def _coverage(resources: list[Resource], incomplete: list[str]) -> Coverage:
    """Fixtures are evaluated as if the scan read everything where they live, except the
    ``incomplete`` input types a fixture names (to prove the check then answers ERROR)."""
    cov = Coverage()
    for provider, account, region in sorted({(r.provider, r.account, r.region) for r in resources}):
        cov.add(provider, account, "*", "*")
        for t in incomplete:
            cov.fail(provider, account, region, t, "not collected in this fixture")
            cov.fail(provider, account, "*", t, "not collected in this fixture")
    return cov


def _run_fixtures(entry: registry.Check, doc: dict) -> list[tuple[str, Status, Result]]:
    now = datetime.fromisoformat(doc["now"]) if doc.get("now") else FIXTURE_NOW
    context = [Resource.from_dict(d) for d in doc.get("inventory", [])]
    out = []
    cases = [("pass", Status.PASS, []), ("fail", Status.FAIL, []), ("error", Status.ERROR, [])]
    # "incomplete": {"types": [...], "resources": [...]}: resources that would FAIL or PASS, given
    # with some declared inputs not fully collected — they must answer ERROR.
    inc = doc.get("incomplete") or {}
    cases.append(("incomplete", Status.ERROR, list(inc.get("types", []))))
    for expected, status, missing in cases:
        for d in (inc.get("resources", []) if expected == "incomplete" else doc.get(expected, [])):
            r = Resource.from_dict(d)
            assert r.type in entry.meta.resource_types, f"{entry.id}: fixture type {r.type}"
            inv = Inventory(context + [r], coverage=_coverage(context + [r], missing), now=now)
            out.append((r.id, status, registry.evaluate(entry, r, inv)))
    return out


@pytest.mark.parametrize("entry", [c for c in ALL if c.meta.inputs], ids=[c.id for c in ALL if c.meta.inputs])
def test_declared_inputs_are_proven(entry: registry.Check) -> None:
    """A check with declared inputs has an "incomplete" fixture: its answer waits for every input."""
    doc = _load(entry)
    inc = doc.get("incomplete") or {}
    assert inc.get("resources") and set(inc.get("types", [])) <= set(entry.meta.inputs), \
        f"{entry.id}: needs an 'incomplete' fixture naming some of {list(entry.meta.inputs)}"
    for rid, _, result in _run_fixtures(entry, doc):
        if rid in {r["id"] for r in inc["resources"]}:
            assert result.status is Status.ERROR and result.message == "core:inputs_incomplete", (entry.id, rid)


@pytest.mark.parametrize("entry", ALL, ids=[c.id for c in ALL])
def test_check_fixtures(entry: registry.Check) -> None:
    doc = _load(entry)
    assert doc.get("pass") and doc.get("fail"), f"{entry.id}: needs both pass and fail fixtures"
    for rid, status, result in _run_fixtures(entry, doc):
        assert result.status is status, f"{entry.id} on {rid}: expected {status.value}, got {result.status.value}: {result.detail}"
        if status is not Status.PASS or result.message:
            # Every detail is a declared message that renders, with its parameters, in both languages.
            assert ":" in result.message, f"{entry.id} on {rid}: detail {result.message!r} is not a message id"
            for lang in messages.LANGUAGES:
                assert messages.render_strict(result.message, result.params, lang).strip(), (entry.id, rid, lang)


@pytest.mark.parametrize("entry", ALL, ids=[c.id for c in ALL])
def test_check_does_not_read_the_clock(entry: registry.Check) -> None:
    """The same fixtures on a far-future wall clock give the same answers: checks use the scan's time."""
    doc = _load(entry)
    today = [(rid, r.status, r.message, repr(r.params)) for rid, _, r in _run_fixtures(entry, doc)]
    with time_machine.travel(datetime(2099, 6, 1, tzinfo=UTC), tick=False):
        future = [(rid, r.status, r.message, repr(r.params)) for rid, _, r in _run_fixtures(entry, doc)]
    assert today == future


@pytest.mark.parametrize("entry", ALL, ids=[c.id for c in ALL])
def test_module_named_after_service(entry: registry.Check) -> None:
    """``aws.s3.*`` lives in ``checks/aws/s3.py`` (or ``s3_<part>.py``): a check is found by its id."""
    service = entry.id.split(".")[1]
    leaf = entry.func.__module__.rsplit(".", 1)[1].rstrip("_")
    assert leaf == service or leaf.startswith(service + "_"), f"{entry.id} is defined in {entry.func.__module__}"


def _check_modules() -> list[str]:
    registry.load_all()
    return sorted({c.func.__module__ for c in ALL} | {
        name for name in __import__("sys").modules if name.startswith("checks.") and name.count(".") >= 2})


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_message_catalogues_are_bilingual() -> None:
    _check_modules()
    for cat in messages.catalogues().values():
        for key, texts in cat.texts.items():
            assert texts["en"] != texts["ja"], f"{cat.namespace}:{key}: ja text is a copy of en"
            assert _fields(texts["en"]) == _fields(texts["ja"]), f"{cat.namespace}:{key}: en and ja take other parameters"


@pytest.mark.parametrize("module", _check_modules())
def test_results_name_declared_messages(module: str) -> None:
    """Checks build Results through their module's catalogue, with ids that exist (read from the source)."""
    mod = importlib.import_module(module)
    cats = {name: v for name, v in vars(mod).items() if isinstance(v, Messages)}
    tree = ast.parse(inspect.getsource(mod))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("ok", "fail", "error") and isinstance(node.func.value, ast.Name)):
            continue
        owner = node.func.value.id
        if owner == "Result":
            assert node.func.attr == "ok" and not node.args and not node.keywords, \
                f"{module}:{node.lineno}: Result.{node.func.attr}(...) with free text; use the module's Messages"
        elif owner in cats and node.args and isinstance(node.args[0], ast.Constant):
            key = node.args[0].value
            assert key in cats[owner].texts, f"{module}:{node.lineno}: message {key!r} not declared in {owner}"


def test_framework_files_follow_the_schema() -> None:
    """Every framework file validates (config/frameworks/README.md); references resolve."""
    from agent.posture.frameworks import available_frameworks, raw_framework, schema_problems

    problems = [p for fw in available_frameworks() for p in schema_problems(raw_framework(fw), f"{fw}.yaml")]
    assert not problems, "\n".join(problems)


def test_evidence_groups_name_registered_checks() -> None:
    from agent.posture.frameworks import evidence

    known = {c.id for c in ALL}
    groups, reasons = evidence()
    for name, ids in groups.items():
        assert ids and not set(ids) - known, f"evidence group {name}: unknown checks {sorted(set(ids) - known)}"
    for key, texts in reasons.items():
        assert texts["en"].strip() and texts["ja"].strip() and texts["en"] != texts["ja"], key


def test_cross_provider_automated_controls_name_checks_of_every_provider() -> None:
    """Every automated control of a cross-provider framework names at least one existing check, and
    the framework as a whole is evidenced on each provider it lists."""
    from agent.posture.frameworks import available_frameworks, load_framework

    prov = {c.id: c.meta.provider for c in ALL}
    for fw_id in available_frameworks():
        fw = load_framework(fw_id)
        if len(fw.providers) < 2:
            continue  # a benchmark: its checks declare the controls (test_framework_references_resolve)
        assert fw.title["en"] != fw.title["ja"], fw_id
        for c in fw.controls:
            if c.manual:
                assert c.reason and c.reason["en"] and c.reason["ja"], f"{fw_id} {c.id}: manual without a reason"
            else:
                assert c.checks, f"{fw_id} {c.id}: automated control without a check"
        def providers(c) -> set[str]:
            return {{"k8s": "kubernetes"}.get(prov[k], prov[k]) for k in c.checks}

        covered = set().union(*(providers(c) for c in fw.controls))
        assert set(fw.providers) <= covered, f"{fw_id}: no check of {sorted(set(fw.providers) - covered)}"
        # …and some controls are evidenced on every listed provider at once (one AC-6 across clouds)
        assert any(set(fw.providers) <= providers(c) for c in fw.controls), f"{fw_id}: no cross-provider control"
