"""Every Kubernetes check on a failing and a passing manifest set, through the offline path
(YAML files → ``ucs``'s manifest collector → the check), plus the manifest reader itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import checks as registry
from agent.collectors.kubernetes import collect, manifest_scope
from agent.core.model import Status, utcnow
from tests.kubernetes import make_fixtures
from tests.kubernetes.cases import CASES, CONTEXT, deployment, pod
from tests.kubernetes.make_fixtures import CLUSTER, by_kind

K8S_CHECKS = [c for c in registry.all_checks() if c.id.startswith("k8s.")]
# The server version exists only on a live cluster (tests/kubernetes/test_live_collector.py).
# Node files come from a node directory, not from manifests (tests/kubernetes/test_control_plane.py).
OFFLINE = [c for c in K8S_CHECKS if "k8s.cluster" not in c.meta.resource_types and "k8s.node_files" not in c.meta.resource_types]


def test_every_kubernetes_check_has_a_case_and_there_are_enough() -> None:
    assert len(K8S_CHECKS) >= 45
    assert {c.id for c in K8S_CHECKS} == set(CASES)


def _scan(tmp_path: Path, docs: list[dict], registries: list[str]) -> dict[str, list]:
    (tmp_path / "app.yaml").write_text(yaml.safe_dump_all(CONTEXT + docs, sort_keys=False), encoding="utf-8")
    inv = collect(manifest_scope(tmp_path, name=CLUSTER, registries_allowed=registries))
    assert not inv.coverage.failures, inv.coverage.failures
    inv.now = utcnow()  # what the engine sets at the start of a scan
    context_ids = {r.id for r in make_fixtures.build_inventory(CLUSTER, by_kind(CONTEXT), {}, registries, cluster_resource=False)}
    return {"inventory": inv, "own": [r for r in inv if r.id not in context_ids]}


@pytest.mark.parametrize("entry", OFFLINE, ids=[c.id for c in OFFLINE])
@pytest.mark.parametrize("which", ["pass", "fail"])
def test_check_on_manifests(entry: registry.Check, which: str, tmp_path: Path) -> None:
    case = CASES[entry.id]
    scanned = _scan(tmp_path, case.passing if which == "pass" else case.failing, case.registries_allowed)
    targets = [r for r in scanned["own"] if r.type in entry.meta.resource_types]
    assert targets, f"{entry.id}: the {which} manifests produced no {entry.meta.resource_types} resource"
    expected = Status.PASS if which == "pass" else Status.FAIL
    for r in targets:
        result = registry.evaluate(entry, r, scanned["inventory"])
        assert result.status is expected, f"{entry.id} on {r.id}: {result.status.value} {result.detail}"


def test_conformance_fixtures_are_current() -> None:
    stale = [cid for cid in CASES
             if (make_fixtures.FIXTURES / f"{cid}.json").read_text(encoding="utf-8") != make_fixtures.render(make_fixtures.fixture_doc(cid))]
    assert not stale, f"run `python -m tests.kubernetes.make_fixtures`: stale fixtures {stale}"


def test_docs_list_every_check() -> None:
    from tests.kubernetes import make_docs

    doc = make_docs.DOC.read_text(encoding="utf-8")
    assert make_docs.render(doc) == doc, "run `python -m tests.kubernetes.make_docs`"
    assert all(f"`{c.id}`" in doc for c in K8S_CHECKS)


def test_multi_document_files_and_list_kinds(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(yaml.safe_dump_all([deployment("one"), None, deployment("two")]), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "list.json").write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": [
        pod("p1"), {"apiVersion": "v1", "kind": "PodList", "items": [pod("p2")]}]}), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a manifest", encoding="utf-8")
    inv = collect(manifest_scope(tmp_path))
    assert sorted(r.name for r in inv.by_type("k8s.deployment")) == ["shop/one", "shop/two"]
    assert sorted(r.name for r in inv.by_type("k8s.pod")) == ["shop/p1", "shop/p2"]
    assert all(r.account == tmp_path.name for r in inv)


def test_broken_files_are_reported_with_file_and_line_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(yaml.safe_dump(deployment("fine")), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n", encoding="utf-8")
    (tmp_path / "nameless.yaml").write_text("---\napiVersion: v1\nkind: Pod\nmetadata: {}\n", encoding="utf-8")
    inv = collect(manifest_scope(tmp_path))
    errors = sorted(e.error or "" for e in inv.coverage.failures)
    assert any("bad.yaml:" in e and "not valid YAML" in e for e in errors), errors
    assert any("nameless.yaml:2: metadata.name" in e for e in errors), errors
    assert [r.name for r in inv.by_type("k8s.deployment")] == ["shop/fine"]


def test_pod_owned_by_a_collected_controller_is_not_checked_again(tmp_path: Path) -> None:
    owned = pod("web-abc12")
    owned["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d9f", "controller": True}]
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web-7d9f", "namespace": "shop", "ownerReferences": [
        {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "controller": True}]}, "spec": deployment()["spec"]}
    orphan = pod("lonely-xyz")
    orphan["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "gone", "controller": True}]
    (tmp_path / "all.yaml").write_text(yaml.safe_dump_all([deployment("web"), rs, owned, orphan, pod("bare")]), encoding="utf-8")
    inv = collect(manifest_scope(tmp_path))
    assert [r.name for r in inv.by_type("k8s.deployment")] == ["shop/web"]
    assert inv.by_type("k8s.replica_set") == []
    assert sorted(r.name for r in inv.by_type("k8s.pod")) == ["shop/bare", "shop/lonely-xyz"]


def test_version_support_table() -> None:
    from datetime import date

    from checks.kubernetes.versions import support_status, version_table

    table = version_table()
    newest = max(table)
    today = date.today()
    assert support_status("v1.20.15", today)[0] is False
    assert support_status(f"v{newest[0]}.{newest[1] + 5}.0", today)[0] is True
    eol = table[(1, 34)]
    assert support_status("v1.34.2-gke.100", today=eol) == (True, f"1.34 supported until {eol.isoformat()}")
    assert support_status("v1.34.2", today=date.fromordinal(eol.toordinal() + 1))[0] is False
    assert support_status("garbage", today)[0] is False
    # EKS patches 1.29 in extended support after upstream's end of life (config: managed.eks).
    assert support_status("v1.29.3", date(2025, 12, 1))[0] is False
    assert support_status("v1.29.3-eks-1234", date(2025, 12, 1)) == (
        True, "1.29 on Amazon EKS patched until 2026-03-23 (standard support until 2025-03-23)")
    assert support_status("v1.29.3-eks-1234", date(2026, 3, 24))[0] is False
