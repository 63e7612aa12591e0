"""Offline mode: read Kubernetes objects from YAML/JSON manifest files.

Multi-document YAML files and ``List`` kinds (``kind: List``, ``PodList`` …) are unpacked.  A file
that cannot be parsed, or a document without ``kind`` / ``metadata.name``, is reported with its
file and line and the other files are still read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agent.collectors.kubernetes.kinds import BY_KIND, kind_key

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


def _documents(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, document) for every YAML document of a file (JSON is YAML)."""
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            yield node.start_mark.line + 1, loader.construct_document(node)
    finally:
        loader.dispose()


def _unpack(doc: Any) -> Iterator[Any]:
    if isinstance(doc, dict) and isinstance(doc.get("items"), list) and str(doc.get("kind", "")).endswith("List"):
        for item in doc["items"]:
            yield from _unpack(item)
    else:
        yield doc


def read_manifests(path: str | Path) -> ManifestSet:
    root = Path(path)
    out = ManifestSet()
    if not root.exists():
        out.problems.append(f"{root}: no such file or directory")
        return out
    for f in manifest_files(root):
        out.files += 1
        try:
            docs = list(_documents(f))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            out.problems.append(f"{f}{line}: not valid YAML/JSON: {getattr(exc, 'problem', None) or exc}")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            out.problems.append(f"{f}: cannot read: {exc}")
            continue
        for line, doc in docs:
            if doc is None:
                continue
            for obj in _unpack(doc):
                if not isinstance(obj, dict):
                    out.problems.append(f"{f}:{line}: a manifest must be a mapping with kind and metadata")
                    continue
                kind = obj.get("kind")
                name = (obj.get("metadata") or {}).get("name") if isinstance(obj.get("metadata"), dict) else None
                if not kind:
                    out.problems.append(f"{f}:{line}: kind: required key is missing")
                    continue
                if not name:
                    out.problems.append(f"{f}:{line}: metadata.name: required key is missing ({kind})")
                    continue
                filed = kind_key(obj)  # Calico's NetworkPolicy is filed apart from the Kubernetes one
                if filed not in BY_KIND:
                    out.ignored_kinds[kind] = out.ignored_kinds.get(kind, 0) + 1
                    continue
                out.objects.setdefault(filed, []).append(obj)
    return out
