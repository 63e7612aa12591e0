"""YAML loading that keeps line numbers and refuses duplicate keys.

Plain PyYAML silently keeps the last of two equal keys; for a security tool's config that hides
mistakes (two ``regions:`` under one account), so a duplicate is an error here.  The loader
returns the data plus a map from key path to line, so validation errors can name the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from agent.core.errors import ConfigError, Problem

LinePath = tuple[Any, ...]


class _Loader(yaml.SafeLoader):
    pass


def _walk(loader: _Loader, node: yaml.Node, path: LinePath, lines: dict[LinePath, int], problems: list[Problem], file: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                problems.append(Problem(file, key_node.start_mark.line + 1, dotted(path), "mapping keys must be scalars"))
                continue
            if key in out:
                problems.append(Problem(file, key_node.start_mark.line + 1, dotted(path + (key,)),
                                        f"duplicate key {key!r} (first defined on line {lines.get(path + (key,), '?')})"))
                continue
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _walk(loader, value_node, path + (key,), lines, problems, file)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, n, path + (i,), lines, problems, file) for i, n in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. 2020-13-01 looks like a date to YAML but is not one
        problems.append(Problem(file, node.start_mark.line + 1, dotted(path), f"invalid value {node.value!r}: {exc}"))
        return node.value


def dotted(path: LinePath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_text(text: str, file: str = "<string>", strict: bool = True) -> tuple[Any, dict[LinePath, int], list[Problem]]:
    """Parse YAML; syntax errors raise ConfigError naming file and line.

    Duplicate keys and unparsable scalars are returned as problems (raised at once when
    ``strict``) so a caller can report them together with its own validation errors.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        problems: list[Problem] = []
        lines: dict[LinePath, int] = {}
        data = _walk(loader, node, (), lines, problems, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError([Problem(file, line, "", f"invalid YAML: {exc.problem or exc}")]) from None
    finally:
        loader.dispose()
    if problems and strict:
        raise ConfigError(problems)
    return data, lines, problems


def load_file(path: str | Path, strict: bool = True) -> tuple[Any, dict[LinePath, int], list[Problem]]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([Problem(str(p), None, "", f"cannot read file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(str(p), None, "", f"not UTF-8 text: {exc.reason}")]) from None
    return load_text(text, str(p), strict)


def line_for(lines: dict[LinePath, int], path: LinePath) -> int | None:
    """Line of the deepest known prefix of ``path`` (pydantic reports missing keys below their parent)."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]
