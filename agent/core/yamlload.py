"""YAML loading that keeps line numbers and refuses duplicate keys.

Plain PyYAML silently keeps the last of two equal keys; for a security tool's config that hides
mistakes (two ``regions:`` under one account), so a duplicate is an error here.  The loader
returns the data plus a map from key path to line, so validation errors can name the line.

Hostile YAML is refused while it is composed (:class:`BoundedLoader`, also used for Kubernetes
manifests): nesting deeper than :data:`MAX_DEPTH` (the composer is recursive: a deep flow
collection would end in RecursionError), an alias to an anchor still being composed (a cycle), and
alias expansion past :data:`ALIAS_BUDGET` nodes in a file (a "billion laughs" document is a few
hundred bytes that expand to billions of nodes).  Each names the line.  Files are read with a size
cap (:data:`agent.core.boundedio.CONFIG_LIMIT`) and only when they are regular files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent

from agent.core.boundedio import CONFIG_LIMIT, FileRefused, read_capped
from agent.core.errors import ConfigError, Problem

LinePath = tuple[Any, ...]
MAX_DEPTH = 64  # nesting levels (aliases included): real configs and manifests stay under 20
ALIAS_BUDGET = 10_000  # nodes that aliases may add to a file when expanded


class _Bounds:
    """Composer hook that refuses deep nesting, recursive aliases and alias expansion past a budget.

    Every composed node gets ``ucs_size`` (nodes once expanded) and ``ucs_height`` (levels below
    it, through aliases): an alias costs the size of what it names, counted against the budget.
    """

    def _bounds_init(self) -> None:
        self._depth = 0
        self._open: set[str] = set()  # anchors whose node is still being composed
        self._expanded = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # PyYAML's own signature is untyped
        event: Any = self.peek_event()  # type: ignore[attr-defined]
        mark: Any = event.start_mark
        if isinstance(event, AliasEvent):
            if event.anchor in self._open:
                raise ComposerError(None, None, f"recursive alias *{event.anchor} (it refers to itself)", mark)
            target: Any = super().compose_node(parent, index)  # type: ignore[misc]
            self._expanded += getattr(target, "ucs_size", 1)
            if self._expanded > ALIAS_BUDGET:
                raise ComposerError(None, None, f"aliases expand to more than {ALIAS_BUDGET} nodes", mark)
            if self._depth + getattr(target, "ucs_height", 0) >= MAX_DEPTH:
                raise ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels (through *{event.anchor})",
                                    mark)
            return target
        anchor = getattr(event, "anchor", None)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
        if anchor:
            self._open.add(anchor)
        try:
                node: Any = super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1
            if anchor:
                self._open.discard(anchor)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        node.ucs_size = 1 + sum(getattr(c, "ucs_size", 1) for c in children)
        node.ucs_height = 1 + max((getattr(c, "ucs_height", 0) for c in children), default=0)
        return node





class _PyBase(yaml.SafeLoader):
    pass


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser
    from yaml.composer import Composer

    class _CBase(CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml's scanner and parser (events ~10x faster than PyYAML's) under PyYAML's
        composer, so :class:`_Bounds` still sees every node as it is composed."""

        check_node = Composer.check_node
        get_node = Composer.get_node
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document
        compose_node = Composer.compose_node
        compose_scalar_node = Composer.compose_scalar_node
        compose_sequence_node = Composer.compose_sequence_node
        compose_mapping_node = Composer.compose_mapping_node

        def __init__(self, stream: str | bytes) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.anchors: dict[str, Any] = {}

    _Base: type = _CBase
else:  # pragma: no cover - PyYAML built without libyaml
    _Base = _PyBase


class BoundedLoader(_Bounds, _Base):  # type: ignore[misc]
    """The safe loader every config and manifest goes through (see the module docstring)."""

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self._bounds_init()


def _walk(loader: BoundedLoader, node: yaml.Node, path: LinePath, lines: dict[LinePath, int], problems: list[Problem], file: str) -> Any:
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
    loader: BoundedLoader | None = None
    try:
        loader = BoundedLoader(text)
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
    except yaml.reader.ReaderError as exc:  # a control character: it carries a position, not a line
        line = text.count("\n", 0, exc.position) + 1
        raise ConfigError([Problem(file, line, "", f"invalid YAML: character #x{exc.character:04x} is not allowed")]) from None
    except yaml.YAMLError as exc:
        raise ConfigError([Problem(file, None, "", f"invalid YAML: {exc}")]) from None
    except RecursionError:  # defence in depth: the loader's depth limit should have refused it
        raise ConfigError([Problem(file, None, "", f"invalid YAML: nested deeper than {MAX_DEPTH} levels")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if problems and strict:
        raise ConfigError(problems)
    return data, lines, problems


def load_file(path: str | Path, strict: bool = True) -> tuple[Any, dict[LinePath, int], list[Problem]]:
    p = Path(path)
    try:
        text = read_capped(p, CONFIG_LIMIT).decode("utf-8")
    except FileRefused as exc:
        raise ConfigError([Problem(str(p), None, "", str(exc))]) from None
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
