"""Build the resources of each case in cases.py, and write the conformance fixtures from them.

Run ``python -m tests.kubernetes.make_fixtures`` from the repository root after changing a case
or the collector's normalisation; ``test_fixtures_are_current`` fails until you do.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agent.collectors.kubernetes.control_plane import NODE_FILES, node_files_resource
from agent.collectors.kubernetes.normalise import build_inventory
from agent.core.model import Resource
from tests.kubernetes.cases import CASES, CONTEXT, Case

CLUSTER = "fixture-cluster"
FIXTURES = Path(__file__).resolve().parent.parent / "checks" / "fixtures"


def by_kind(docs: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        out.setdefault(d["kind"], []).append(copy.deepcopy(d))
    return out


def case_resources(case: Case, which: str, types: Iterable[str]) -> list[Resource]:
    """The resources of ``types`` that come from the case's own manifests (not from CONTEXT).

    ``which`` "error" reads the failing manifests with the case's unreadable kinds (and server
    version) failing, as a live scan records them.
    """
    if case.node_files is not None:
        return [node_files_resource(CLUSTER, build_node_root(case.node_files[which], which))] if which in case.node_files else []
    docs = case.passing if which == "pass" else case.erroring if which == "error" and case.erroring is not None else case.failing
    version = (case.server_version or {}).get(which)
    failures = case.unreadable if which == "error" else {}
    version_error = case.version_error if which == "error" else None
    context_ids = {r.id for r in build_inventory(CLUSTER, by_kind(CONTEXT), {}, case.registries_allowed, cluster_resource=False)}
    inv = build_inventory(CLUSTER, by_kind(CONTEXT + docs), failures, case.registries_allowed, version, version_error,
                          cluster_resource=version is not None or version_error is not None)
    wanted = set(types)
    out = [r for r in inv if r.type in wanted and r.id not in context_ids]
    for r in out:
        if case.cloud is not None and r.type == "k8s.cluster":
            r.data["cloud_id"] = case.cloud["cloud_id"]  # what collect() sets from the kubeconfig
    return out


NODE_ROOT = Path(tempfile.gettempdir()) / "ucs-k8s-node-fixtures"


def build_node_root(files: dict[str, tuple[int, int]], label: str) -> Path:
    """A node directory holding each role's file (from control_plane.NODE_FILES) with its mode and
    owner uid (gid the same), as a node's root file system would; roles not given are absent."""
    root = NODE_ROOT / label / "node-1"
    shutil.rmtree(root, ignore_errors=True)
    for role, (mode, uid) in files.items():
        rel = NODE_FILES.get(role) or f"{NODE_FILES['pki_dir']}/{role}"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if role in ("etcd_data_dir", "pki_dir"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text("apiVersion: v1\n", encoding="utf-8")
        os.chmod(path, mode)
        os.chown(path, uid, uid)
    return root


def fixture_doc(check_id: str) -> dict[str, Any]:
    import checks

    types = checks.get(check_id).meta.resource_types
    case = CASES[check_id]
    kinds = ("pass", "fail", "error") if case.has_error_case else ("pass", "fail")
    doc: dict[str, Any] = {which: [r.to_dict() for r in case_resources(case, which, types)] for which in kinds}
    if case.cloud is not None:
        doc["inventory"] = [case.cloud["resource"]]
    return doc


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for check_id in sorted(CASES):
        (FIXTURES / f"{check_id}.json").write_text(render(fixture_doc(check_id)), encoding="utf-8")
    print(f"wrote {len(CASES)} fixtures to {FIXTURES}")


if __name__ == "__main__":
    main()
