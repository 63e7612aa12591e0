"""Offline mode: read Kubernetes objects from YAML/JSON manifest files.

Multi-document YAML files and ``List`` kinds (``kind: List``, ``PodList`` …) are unpacked.  A file
that cannot be parsed, or a document without ``kind`` / ``metadata.name``, is reported with its
file and line and the other files are still read.

Hostile or broken input costs one problem, not the scan: files are read only when regular and
under :data:`~agent.core.boundedio.MANIFEST_LIMIT`; documents are parsed one at a time with
libyaml (which refuses nesting past 1,000 levels) and each is then walked once — deeper than
:data:`~agent.core.yamlload.MAX_DEPTH` or aliases expanding past the file's own size plus
:data:`~agent.core.yamlload.ALIAS_BUDGET` nodes is refused, so a recursive alias or an alias bomb
never reaches the normaliser; an object with a field of the wrong JSON type (``spec`` as a list)
is refused with the field's path (:func:`~agent.collectors.kubernetes.shape.shape_problem`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agent.collectors.kubernetes.kinds import BY_KIND, kind_key
from agent.collectors.kubernetes.shape import shape_problem
from agent.core.boundedio import MANIFEST_LIMIT, FileRefused, read_capped
from agent.core.yamlload import ALIAS_BUDGET, MAX_DEPTH

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster on big manifests

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class ManifestSet:
    objects: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "file:line: message"
    ignored_kinds: dict[str, int] = field(default_factory=dict)
    files: int = 0


def manifest_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


class Refused(Exception):
    """A document that is not read: the message says why (nesting, aliases)."""


def _bounded(doc: Any, budget: int) -> None:
    """Walk ``doc`` once (iteratively): refuse nesting past MAX_DEPTH and more than ``budget``
    nodes — aliases make shared (or cyclic) values, which a walk sees every time they are used."""
    stack: list[tuple[Any, int]] = [(doc, 0)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > budget:
            raise Refused(f"aliases expand past {budget} nodes")
        if depth > MAX_DEPTH:
            raise Refused(f"nested deeper than {MAX_DEPTH} levels (or a recursive alias)")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _documents(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, document) for every YAML document of a file (JSON is YAML), one at a time; a document
    refused by :func:`_bounded` comes as ``(line, Refused)``."""
    text = read_capped(path, MANIFEST_LIMIT).decode("utf-8")
    budget = len(text) + ALIAS_BUDGET  # a node takes at least a byte of text unless an alias repeats it
    loader = _Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            line = node.start_mark.line + 1
            doc = loader.construct_document(node)
            try:
                _bounded(doc, budget)
            except Refused as exc:
                yield line, exc
                continue
            yield line, doc
    finally:
        loader.dispose()


def _unpack(doc: Any, where: str, problems: list[str]) -> Iterator[Any]:
    if isinstance(doc, dict) and str(doc.get("kind", "")).endswith("List") and "items" in doc:
        items = doc["items"]
        if items is None:
            return
        if not isinstance(items, list):
            problems.append(f"{where}: {doc['kind']}.items: expected an array, got {type(items).__name__}")
            return
        for i, item in enumerate(items):
            if item is None:
                problems.append(f"{where}: {doc['kind']}.items[{i}] is null")
                continue
            yield from _unpack(item, f"{where} items[{i}]", problems)
    else:
        yield doc


def _label(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    ns, name = meta.get("namespace"), meta.get("name")
    return f"{obj.get('kind')} {ns}/{name}" if ns else f"{obj.get('kind')} {name}"


def read_manifests(path: str | Path) -> ManifestSet:
    root = Path(path)
    out = ManifestSet()
    if not root.exists():
        out.problems.append(f"{root}: no such file or directory")
        return out
    for f in manifest_files(root):
        out.files += 1
        try:
            for line, doc in _documents(f):
                _take(out, f"{f}:{line}", doc)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            out.problems.append(f"{f}{line}: not valid YAML/JSON: {getattr(exc, 'problem', None) or exc}")
        except FileRefused as exc:
            out.problems.append(f"{f}: {exc}")
        except UnicodeDecodeError as exc:
            out.problems.append(f"{f}: byte {exc.start}: not UTF-8 text")
    return out


def _take(out: ManifestSet, where: str, doc: Any) -> None:
    if doc is None:
        return
    if isinstance(doc, Refused):
        out.problems.append(f"{where}: {doc}")
        return
    for obj in _unpack(doc, where, out.problems):
        if not isinstance(obj, dict):
            out.problems.append(f"{where}: a manifest must be a mapping with kind and metadata")
            continue
        kind = obj.get("kind")
        name = (obj.get("metadata") or {}).get("name") if isinstance(obj.get("metadata"), dict) else None
        if not kind or not isinstance(kind, str):
            out.problems.append(f"{where}: kind: required key is missing")
            continue
        if not name or not isinstance(name, (str, int)):
            out.problems.append(f"{where}: metadata.name: required key is missing ({kind})")
            continue
        filed = kind_key(obj)  # Calico's NetworkPolicy is filed apart from the Kubernetes one
        if filed not in BY_KIND:
            out.ignored_kinds[kind] = out.ignored_kinds.get(kind, 0) + 1
            continue
        problem = shape_problem(obj)
        if problem:  # one gap for this object; the rest of the cluster is assessed
            out.problems.append(f"{where}: {_label(obj)}: {problem}")
            continue
        out.objects.setdefault(filed, []).append(obj)
