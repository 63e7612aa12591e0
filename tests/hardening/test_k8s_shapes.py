"""Issue 24, finding 8 (and the loader half of 7): a Kubernetes object with fields of the wrong
shape is one coverage gap naming the file, line and field — not an aborted scan, not eight ERROR
findings — and the rest is assessed; List kinds with null or wrong items; hostile YAML (alias
bombs, recursive aliases, deep nesting, huge files) in manifests is refused per document; a scan
that assessed nothing does not exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.cli import main
from agent.collectors.kubernetes import collect, manifest_scope

GOOD = """apiVersion: v1
kind: Pod
metadata: {{name: {name}, namespace: shop}}
spec:
  containers: [{{name: app, image: "registry.example.com/app:1"}}]
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _scan(root: Path) -> tuple[list[str], set[str]]:
    inv = collect(manifest_scope(root, "c"))
    return [g.error for g in inv.coverage.failures], {r.name for r in inv}


def test_wrong_shapes_are_one_gap_each_naming_file_line_and_field(tmp_path: Path) -> None:
    root = _write(tmp_path / "m", {
        "good.yaml": GOOD.format(name="ok-1"),
        "bad.yaml": GOOD.format(name="ok-2") + "---\n" + "apiVersion: v1\nkind: Pod\nmetadata: {name: spec-list}\nspec: [a, b]\n"
                    + "---\n" + GOOD.format(name="sc-string").replace("image:", 'securityContext: "privileged", image:')
                    + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\n"
                      "spec: {template: {spec: {containers: web}}}\n",
    })
    gaps, names = _scan(root)
    assert names == {"shop/ok-1", "shop/ok-2"}
    assert sorted(gaps) == sorted([
        f"{root / 'bad.yaml'}:7: Pod spec-list: spec: expected an object, got an array",
        f"{root / 'bad.yaml'}:12: Pod shop/sc-string: spec.containers[0].securityContext: expected an object, got a string",
        f"{root / 'bad.yaml'}:18: Deployment shop/d: spec.template.spec.containers: expected an array, got a string",
    ])


def test_list_kinds_with_null_and_wrong_items(tmp_path: Path) -> None:
    root = _write(tmp_path / "m", {
        "list.yaml": "apiVersion: v1\nkind: List\nitems:\n- null\n- " + GOOD.format(name="in-list").replace("\n", "\n  ")
                     + "\n---\nkind: PodList\napiVersion: v1\nitems: null\n---\nkind: List\napiVersion: v1\nitems: nope\n",
    })
    gaps, names = _scan(root)
    assert names == {"shop/in-list"}
    assert any("List.items[0] is null" in g for g in gaps) and any("List.items: expected an array" in g for g in gaps)
    assert len(gaps) == 2


BOMB = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a [x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"  {chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)))


@pytest.mark.parametrize(("text", "why"), [
    (BOMB, "aliases expand"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: r}\ndata: &d\n  self: *d\n", "nested deeper"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\ndata: {a: " + "[" * 500 + "]" * 500 + "}\n", "nested deeper"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\ndata: {a: " + "[" * 5000 + "]" * 5000 + "}\n", "not valid YAML"),
])
def test_hostile_yaml_in_a_manifest_is_refused_and_the_rest_is_read(tmp_path: Path, text: str, why: str) -> None:
    root = _write(tmp_path / "m", {"a-good.yaml": GOOD.format(name="ok"), "b-hostile.yaml": text})
    gaps, names = _scan(root)
    assert names == {"shop/ok"} and len(gaps) == 1 and why in gaps[0] and "b-hostile.yaml" in gaps[0]


def test_huge_and_undecodable_manifest_files_are_refused(tmp_path: Path, monkeypatch) -> None:
    from agent.collectors.kubernetes import manifests

    monkeypatch.setattr(manifests, "MANIFEST_LIMIT", 10_000)
    root = _write(tmp_path / "m", {"a.yaml": GOOD.format(name="ok"), "big.yaml": "# x\n" * 5000})
    (root / "bin.yaml").write_bytes(b"kind: Pod\nmetadata: {name: \xff\xfe}\n")
    gaps, names = _scan(root)
    assert names == {"shop/ok"}
    assert sorted(g.split(": ", 1)[1] for g in gaps) == ["byte 27: not UTF-8 text",
                                                        "file is 20000 bytes, over the limit of 10000 bytes"]


def test_a_manifest_scan_that_assessed_nothing_does_not_exit_0(tmp_path: Path, capsys) -> None:
    root = _write(tmp_path / "m", {"bad.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: [1]\n"})
    code = main(["scan", "--manifests", str(root), "--store", f"sqlite:///{tmp_path / 's.sqlite'}",
                 "--output-dir", str(tmp_path / "out"), "--output-format", "json"])
    err = capsys.readouterr()
    assert code == 3 and "nothing was assessed" in err.err and "Traceback" not in err.out + err.err
    _write(root, {"good.yaml": GOOD.format(name="ok")})
    code = main(["scan", "--manifests", str(root), "--store", f"sqlite:///{tmp_path / 's.sqlite'}",
                 "--output-dir", str(tmp_path / "out"), "--output-format", "json"])
    out = capsys.readouterr()
    assert code == 0 and "spec: expected an object, got an array" in out.out + out.err
