"""Sigma rule files → threat rules: parsed and validated by pySigma, compiled by :mod:`._sigma`.

A rule file holds one or more YAML documents, each a Sigma rule or a Sigma correlation rule
(``event_count``, ``value_count``, ``temporal``, ``temporal_ordered``).  Beyond the Sigma
standard fields (``name``, ``title``, ``description``, ``logsource``, ``detection``, ``level``,
``tags: [attack.tNNNN]``, ``falsepositives``) a rule carries ``ucs:``::

    ucs:
      ja: {title: …, description: …}          # Japanese texts (required)
      remediation: {en: …, ja: …}             # optional; else the source's default

Its UCS id is ``threat.<source key>.<name>`` (``threat.cloudtrail.secret_value_read``).  Rules
that a correlation names are its members: they do not alert on their own (Sigma's default).

The built-in pack (``checks/threats/rules/<source key>/``) registers as checks of kind "threat"
when its module is imported (:func:`register_builtin`); a fault there is a bug
(:class:`checks.RegistryError`).  Tenant folders (``threats.rule_dirs``) load through
:func:`load_dirs`: a rule that does not parse or validate becomes a :class:`Problem` naming the
file, line and reason, and every other rule still loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaError
from sigma.rule import SigmaRule

from agent.core.errors import Problem
from agent.core.inventory import Inventory
from agent.core.model import Messages, Resource, Result, Severity
from checks import RegistryError, check
from checks.threats._fields import LOGSOURCES, SOURCES, LogSource
from checks.threats._sigma import Pattern, Predicate, Unsupported, compile_condition, index_patterns

RULES_DIR = Path(__file__).parent / "rules"
LEVELS = {"informational": Severity.INFO, "low": Severity.LOW, "medium": Severity.MEDIUM, "high": Severity.HIGH,
          "critical": Severity.CRITICAL}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TECHNIQUE = re.compile(r"^t\d{4}(\.\d{3})?$")
DEFAULT_REMEDIATION = {
    "en": "Confirm with the owner of the identity that the activity was intended; if not, revert the change, "
          "revoke the credentials it used and review what else that identity did around that time.",
    "ja": "その ID の所有者に操作が意図したものか確認し、想定外であれば変更を元に戻し、使われた認証情報を無効化して、"
          "同じ時間帯にその ID が行った他の操作も確認してください。",
}

MSG = Messages("threats.sigma", {
    "matched": ("{action} matched the rule", "{action} がルールに一致しました"),
    "correlated": ("{count} matching events within {seconds} s", "{seconds} 秒以内に一致するイベントが {count} 件ありました"),
})


@dataclass(slots=True)
class SigmaThreat:
    """One compiled rule (a detection, or a correlation over member detections)."""

    id: str
    name: str
    source: LogSource
    severity: Severity
    techniques: list[str]
    title: dict[str, str]
    description: dict[str, str]
    remediation: dict[str, str]
    falsepositives: list[str]
    file: str
    line: int
    predicate: Predicate | None = None  # detections
    index: frozenset[str] | None = None  # index values, None: every event of the source
    prefixes: frozenset[str] = frozenset()  # or index values starting with one of these (see _sigma.may_match)
    correlation: str = ""  # "", event_count, value_count, temporal, temporal_ordered
    members: list[SigmaThreat] = field(default_factory=list)
    group_by: list[str] = field(default_factory=list)
    seconds: int = 0
    op: str = "gte"
    count: int = 1
    value_field: str = ""
    is_member: bool = False
    _cache: list[Any] = field(default_factory=list, repr=False)

    def matches(self, record: dict[str, Any]) -> bool:
        return self.predicate is not None and self.predicate(record)

    def group_key(self, record: dict[str, Any]) -> tuple[str, ...]:
        getters = self._cache or self._getters()
        if len(getters) == 2:  # one group-by field (most rules): no generator per event
            return (str(getters[1](record)),)
        return tuple(str(g(record)) for g in getters[1:])

    def value(self, record: dict[str, Any]) -> str:
        """The value_count field's value (as text)."""
        return str((self._cache or self._getters())[0](record))

    def _getters(self) -> list[Any]:
        # [value field, *group-by fields], made once: a getter per call would cost more than the read
        if not self._cache:
            self._cache = [self.source.getter(self.value_field) if self.value_field else (lambda r: ""),
                           *(self.source.getter(f) for f in self.group_by)]
        return self._cache

    def fires(self, rows: Sequence[tuple[str, Any, str]]) -> int:
        """Whether the correlation holds over ``rows`` ((member name, event time, value) of one
        group, within the window; times as datetimes or as one ISO format): the number of events
        that made it hold, else 0."""
        if self.correlation == "event_count":
            n = len(rows)
        elif self.correlation == "value_count":
            n = len({v for _, _, v in rows})
        else:  # temporal: every member seen; ordered: in the members' order
            names = [m.name for m in self.members]
            if self.correlation == "temporal_ordered":
                i = 0
                for member, _, _ in sorted(rows, key=lambda r: r[1]):
                    if i < len(names) and member == names[i]:
                        i += 1
                return len(rows) if i == len(names) else 0
            return len(rows) if set(names) <= {m for m, _, _ in rows} else 0
        ok = {"gte": n >= self.count, "gt": n > self.count, "lte": n <= self.count, "lt": n < self.count,
              "eq": n == self.count}.get(self.op, False)
        return n if ok else 0


_TIME_KEYS = ("eventTime", "requestReceivedTimestamp", "stageTimestamp", "time", "eventTimestamp", "timestamp")


def event_time_text(record: dict[str, Any]) -> str:
    """The time the event records, as written ("" when it has none)."""
    for key in _TIME_KEYS:
        v = record.get(key)
        if isinstance(v, str) and v:
            return v
    return ""


def parse_time(text: str) -> datetime | None:
    """:func:`event_time_text` as a datetime (None when absent or not ISO 8601)."""
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=None)


def event_time(record: dict[str, Any], source: LogSource) -> datetime | None:
    return parse_time(event_time_text(record))


class _RuleProblem(ValueError):
    def __init__(self, line: int, key: str, message: str) -> None:
        super().__init__(message)
        self.line, self.key = line, key


def _lines(node: yaml.Node) -> dict[str, int]:
    """Top-level key → line (1-based) of one YAML document; nested keys as ``>key`` (first seen),
    so an error naming a field or modifier points at its own line."""
    out = {"": node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            out[str(k.value)] = k.start_mark.line + 1
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                out.setdefault(">" + str(k.value), k.start_mark.line + 1)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return out


def _line_of(lines: dict[str, int], section: str, message: str) -> int:
    """The line of the nested key an error message names (a field, a modifier, a selection),
    else of the section."""
    for key, line in sorted(lines.items(), key=lambda kv: kv[1]):
        if key.startswith(">") and line > lines.get(section, 0):
            parts = key[1:].split("|")
            if any(f"'{p}'" in message or f'"{p}"' in message for p in parts):
                return line
    words = set(re.findall(r"[a-z]+", message.lower()))
    for key in ("level", "status", "logsource", "tags", "title", "date", "modified", "references", "author"):
        if key in words and key in lines:  # pySigma names the top-level field it refused
            return lines[key]
    return lines.get(section, lines[""])


def _meta(doc: dict[str, Any], lines: dict[str, int], custom: dict[str, Any]) -> dict[str, Any]:
    def need(ok: bool, key: str, why: str) -> None:
        if not ok:
            raise _RuleProblem(lines.get(key, lines[""]), key, why)

    name = doc.get("name")
    need(isinstance(name, str) and bool(_NAME.match(name)), "name", "needs a name of lower-case letters, digits and _")
    need(bool(doc.get("title")) and bool(doc.get("description")), "title", "needs a title and a description")
    ja = (custom.get("ucs") or {}).get("ja") or {}
    need(bool(ja.get("title")) and bool(ja.get("description")), "ucs", "needs ucs.ja.title and ucs.ja.description")
    level = str(doc.get("level", ""))
    need(level in LEVELS, "level", f"level {level!r} is not one of {', '.join(LEVELS)}")
    techniques = [t.split(".", 1)[1] for t in doc.get("tags") or [] if isinstance(t, str) and t.startswith("attack.")]
    techniques = [t.upper() for t in techniques if _TECHNIQUE.match(t)]
    need(bool(techniques), "tags", "needs at least one ATT&CK technique tag (attack.tNNNN)")
    need(bool(doc.get("falsepositives")), "falsepositives", "needs falsepositives notes")
    rem = (custom.get("ucs") or {}).get("remediation") or DEFAULT_REMEDIATION
    need(bool(rem.get("en")) and bool(rem.get("ja")), "ucs", "ucs.remediation needs en and ja")
    return {"name": name, "severity": LEVELS[level], "techniques": techniques,
            "title": {"en": str(doc["title"]), "ja": str(ja["title"])},
            "description": {"en": str(doc["description"]), "ja": str(ja["description"])},
            "remediation": {"en": str(rem["en"]), "ja": str(rem["ja"])},
            "falsepositives": [str(f) for f in doc["falsepositives"]]}


def _detection(doc: dict[str, Any], lines: dict[str, int], file: str) -> SigmaThreat:
    line = lines[""]
    try:
        rule = SigmaRule.from_dict(doc)
    except SigmaError as exc:
        at = _line_of(lines, "detection", str(exc))
        key = next((k for k, v in lines.items() if v == at and not k.startswith(">") and k), "detection")
        raise _RuleProblem(at, key, str(exc)) from None
    meta = _meta(doc, lines, rule.custom_attributes)
    ls = rule.logsource
    rtype = LOGSOURCES.get((str(ls.product or ""), str(ls.service or "")))
    if rtype is None:
        raise _RuleProblem(lines.get("logsource", line), "logsource",
                           f"logsource {ls.product}/{ls.service} is not one of "
                           + ", ".join(f"{p}/{s}" for p, s in LOGSOURCES))
    source = SOURCES[rtype]
    try:
        conditions = [c.parse() for c in rule.detection.parsed_condition]
        preds = [compile_condition(c, source) for c in conditions]
    except (SigmaError, Unsupported) as exc:
        raise _RuleProblem(_line_of(lines, "detection", str(exc)), "detection", str(exc)) from None
    index, prefixes = _union([index_patterns(c, source.index_field) for c in conditions])
    pred = preds[0] if len(preds) == 1 else (lambda r: any(p(r) for p in preds))
    return SigmaThreat(id=f"threat.{source.key}.{meta['name']}", source=source, file=file, line=line,
                       predicate=pred, index=index, prefixes=prefixes, **meta)


def _union(patterns: Sequence[Pattern | None]) -> tuple[frozenset[str] | None, frozenset[str]]:
    """Index values and prefixes of any of ``patterns`` (conditions, or a correlation's members):
    None, no prefixes, when one of them pins nothing."""
    if any(p is None for p in patterns):
        return None, frozenset()
    return (frozenset().union(*[p[0] for p in patterns if p is not None]),
            frozenset().union(*[p[1] for p in patterns if p is not None]))


def _correlation(doc: dict[str, Any], lines: dict[str, int], file: str,
                 by_name: dict[str, SigmaThreat]) -> SigmaThreat:
    line = lines[""]
    try:
        rule = SigmaCorrelationRule.from_dict(doc)
    except SigmaError as exc:
        raise _RuleProblem(lines.get("correlation", line), "correlation", str(exc)) from None
    meta = _meta(doc, lines, rule.custom_attributes)
    members = []
    for ref in rule.rules:
        m = by_name.get(str(ref.reference))
        if m is None:
            raise _RuleProblem(lines.get("correlation", line), "correlation",
                               f"names rule {ref.reference!r}, which is not defined before it in this file")
        members.append(m)
    sources = {m.source.key for m in members}
    if len(sources) != 1:
        raise _RuleProblem(lines.get("correlation", line), "correlation", "its rules must read one log source")
    cond = rule.condition
    op, count, fieldref = "gte", 1, ""
    if cond is not None:
        op, count, fieldref = cond.op.name.lower(), int(cond.count), str(cond.fieldref or "")
    kind = rule.type.name.lower()
    if kind == "value_count" and not fieldref:
        raise _RuleProblem(lines.get("correlation", line), "correlation", "value_count needs condition.field")
    if kind not in ("event_count", "value_count", "temporal", "temporal_ordered"):
        raise _RuleProblem(lines.get("correlation", line), "correlation", f"correlation type {kind} is not supported")
    for m in members:
        m.is_member = True
    source = members[0].source
    index, prefixes = _union([None if m.index is None else (m.index, m.prefixes) for m in members])
    return SigmaThreat(id=f"threat.{source.key}.{meta['name']}", source=source, file=file, line=line,
                       index=index, prefixes=prefixes, correlation=kind, members=members, group_by=[str(g) for g in rule.group_by or []],
                       seconds=int(rule.timespan.seconds), op=op, count=count, value_field=fieldref, **meta)


def load_text(text: str, file: str) -> tuple[list[SigmaThreat], list[Problem]]:
    """Every rule of one file that parses and validates, and a problem for each that does not."""
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Problem(file, mark.line + 1 if mark else None, "", f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    rules: list[SigmaThreat] = []
    problems: list[Problem] = []
    by_name: dict[str, SigmaThreat] = {}
    for node in nodes:
        if node is None:
            continue
        lines = _lines(node)
        doc = yaml.safe_load(yaml.serialize(node))
        try:
            if not isinstance(doc, dict):
                raise _RuleProblem(lines[""], "", "a rule must be a mapping")
            rule = _correlation(doc, lines, file, by_name) if "correlation" in doc else _detection(doc, lines, file)
        except _RuleProblem as p:
            problems.append(Problem(file, p.line, p.key, str(p)))
            continue
        except Exception as exc:  # pySigma on input it did not expect: still this rule's problem only
            problems.append(Problem(file, lines[""], "", f"rule could not be read ({type(exc).__name__}: {exc})"))
            continue
        if rule.name in by_name:
            problems.append(Problem(file, rule.line, "name", f"rule name {rule.name!r} defined twice"))
            continue
        by_name[rule.name] = rule
        rules.append(rule)
    return rules, problems


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def load_dirs(folders: Iterable[str | Path]) -> tuple[list[SigmaThreat], list[Problem]]:
    """The rules of tenant folders, and the problems of those that do not load."""
    rules: list[SigmaThreat] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for folder in folders:
        root = Path(folder).expanduser()
        if not root.is_dir():
            problems.append(Problem(str(root), None, "", "rule folder does not exist"))
            continue
        for f in rule_files(root):
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(str(f), None, "", f"cannot be read: {exc}"))
                continue
            got, bad = load_text(text, str(f))
            problems += bad
            for r in got:
                if r.id in seen:
                    problems.append(Problem(str(f), r.line, "name", f"rule {r.id} already defined"))
                    continue
                seen.add(r.id)
                rules.append(r)
    return rules, problems


# ------------------------------------------------------------------ the built-in pack as checks
PACK: dict[str, SigmaThreat] = {}  # check id -> compiled rule (detections and correlations)


def correlated(rule: SigmaThreat, ev: Resource, window: Iterable[Resource]) -> int:
    """Pure correlation over the events in ``window`` (the same rows the store keeps for the
    daemon): the count that made it fire at ``ev``, else 0."""
    member = next((m for m in rule.members if m.matches(ev.data)), None)
    at = event_time(ev.data, rule.source)
    if member is None or at is None:
        return 0
    group = rule.group_key(ev.data)
    start = at - timedelta(seconds=rule.seconds)
    rows = []
    for other in window:
        m = next((m for m in rule.members if m.matches(other.data)), None)
        t = event_time(other.data, rule.source)
        if m is None or t is None or not start <= t <= at or rule.group_key(other.data) != group:
            continue
        value = rule.value(other.data) if rule.value_field else ""
        rows.append((m.name, t, value))
    return rule.fires(rows)


def _register(rule: SigmaThreat, module: str) -> None:
    if rule.correlation:
        def corr(ev: Resource, window: Inventory) -> Result:
            n = correlated(rule, ev, window.by_type(rule.source.resource_type))
            return MSG.fail("correlated", count=n, seconds=rule.seconds) if n else Result.ok()
        fn = corr
    else:
        def detection(ev: Resource) -> Result:
            return MSG.fail("matched", action=ev.name) if rule.matches(ev.data) else Result.ok()
        fn = detection  # type: ignore[assignment]
    fn.__module__ = module  # the check is found by its id: threat.<source>.* lives in <source>_rules
    fn.__qualname__ = fn.__name__ = rule.name
    check(id=rule.id, resource_types=(rule.source.resource_type,), severity=rule.severity, kind="threat",
          frameworks={"mitre-attack": rule.techniques}, title=rule.title, description=rule.description,
          remediation=rule.remediation, needs_inventory=bool(rule.correlation))(fn)
    PACK[rule.id] = rule


def register_builtin(module: str, key: str) -> None:
    """Register the pack's rules of one source (``rules/<key>/*.yml``) as checks."""
    for f in rule_files(RULES_DIR / key):
        rules, problems = load_text(f.read_text(encoding="utf-8"), str(f.relative_to(RULES_DIR.parent)))
        if problems:
            raise RegistryError("; ".join(str(p) for p in problems))
        for r in rules:
            if r.source.key != key:
                raise RegistryError(f"{f}: rule {r.name} reads {r.source.key}, not {key}")
            if not r.is_member:
                _register(r, module)
