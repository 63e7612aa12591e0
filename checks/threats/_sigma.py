"""Sigma detections compiled to Python predicates over one record, evaluated in process.

pySigma parses and validates the rule (modifiers, wildcards, condition expressions); this module
turns the parsed condition tree into closures.  Matching follows the Sigma specification:
strings compare case-insensitively with ``*``/``?`` wildcards, a list of values is an OR, a field
holding a list matches when any element does, ``null`` matches an absent field.

:func:`index_values` reads, from a condition, the values a field must take for the rule to match
at all (``eventName: [StopLogging, DeleteTrail]``): the engine files the rule under those values,
so an event is only offered to the rules that could match it.  :func:`index_patterns` also reads
the prefixes it must start with (``eventName|startswith: Describe``), and :func:`may_match` says
whether an index value can match what a rule is filed under.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any

import orjson
from sigma.conditions import (
    ConditionAND,
    ConditionFieldEqualsValueExpression,
    ConditionNOT,
    ConditionOR,
    ConditionValueExpression,
)
from sigma.types import (
    CompareOperators,
    SigmaBool,
    SigmaCIDRExpression,
    SigmaCompareExpression,
    SigmaExists,
    SigmaFieldReference,
    SigmaNull,
    SigmaNumber,
    SigmaRegularExpression,
    SigmaString,
    SpecialChars,
)

from checks.threats._fields import Getter, LogSource

Record = dict[str, Any]
Predicate = Callable[[Record], bool]


class Unsupported(ValueError):
    """A Sigma construct this engine does not evaluate (named in the rule's config error)."""


def _flat(value: Any) -> list[Any]:
    if isinstance(value, list):
        out: list[Any] = []
        for v in value:
            out.extend(_flat(v))
        return out
    return [value]


def _text(v: Any) -> str | None:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (str, int, float)):
        return str(v)
    return None


def plain(s: SigmaString) -> str:
    """The literal text of a SigmaString without wildcards (``str()`` would re-escape it)."""
    return "".join(p for p in s.s if isinstance(p, str))


def _string_test(s: SigmaString) -> Callable[[Any], bool]:
    if not s.contains_special():
        want = plain(s).lower()
        # a string value (nearly every value) compared at once; numbers and booleans as text
        return lambda v: v.lower() == want if type(v) is str else (t := _text(v)) is not None and t.lower() == want
    affix = _affix_test(s)
    if affix is not None:
        return affix
    parts = []
    for p in s.s:
        if p is SpecialChars.WILDCARD_MULTI:
            parts.append(".*")
        elif p is SpecialChars.WILDCARD_SINGLE:
            parts.append(".")
        elif isinstance(p, str):
            parts.append(re.escape(p))
        else:
            raise Unsupported(f"placeholder {p!r} in a value")
    rx = re.compile("".join(parts), re.IGNORECASE | re.DOTALL)
    return lambda v: (t := _text(v)) is not None and rx.fullmatch(t) is not None


def _affix_test(s: SigmaString) -> Callable[[Any], bool] | None:
    """``abc*``, ``*abc`` and ``*abc*`` of ASCII text as startswith / endswith / in: what the
    wildcard pattern matches, without a regular expression per event.  Values that are not
    ASCII go to the pattern (its case folding is the reference)."""
    body = s.s
    lead = bool(body) and body[0] is SpecialChars.WILDCARD_MULTI
    trail = len(body) > 1 and body[-1] is SpecialChars.WILDCARD_MULTI
    inner = body[int(lead):len(body) - int(trail)]
    if not (lead or trail) or len(inner) != 1 or not isinstance(inner[0], str) or not inner[0].isascii():
        return None
    want = inner[0].lower()
    rx = re.compile(("(?s:.*)" if lead else "") + re.escape(inner[0]) + ("(?s:.*)" if trail else ""), re.IGNORECASE)

    def slow(t: str) -> bool:
        return rx.fullmatch(t) is not None

    if lead and trail:
        def test(v: Any) -> bool:
            t = v if type(v) is str else _text(v)
            return t is not None and (want in t.lower() if t.isascii() else slow(t))
    elif trail:
        def test(v: Any) -> bool:
            t = v if type(v) is str else _text(v)
            return t is not None and (t.lower().startswith(want) if t.isascii() else slow(t))
    else:
        def test(v: Any) -> bool:
            t = v if type(v) is str else _text(v)
            return t is not None and (t.lower().endswith(want) if t.isascii() else slow(t))
    return test


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return None
    return None


_COMPARE = {CompareOperators.LT: float.__lt__, CompareOperators.LTE: float.__le__,
            CompareOperators.GT: float.__gt__, CompareOperators.GTE: float.__ge__}


def _in_network(net: Any) -> Callable[[Any], bool]:
    def test(v: Any) -> bool:
        try:
            return isinstance(v, str) and ipaddress.ip_address(v) in net
        except ValueError:
            return False
    return test


def _value_test(value: Any) -> Callable[[Any], bool]:
    """A test of one (non-missing) element of a field against one Sigma value."""
    if isinstance(value, SigmaString):
        return _string_test(value)
    if isinstance(value, SigmaNumber):
        n = float(value.number)
        return lambda v: _number(v) == n
    if isinstance(value, SigmaBool):
        b = value.boolean
        return lambda v: v is b or (isinstance(v, str) and v.lower() == str(b).lower())
    if isinstance(value, SigmaRegularExpression):  # |re, with its |i |m |s flags
        flags = 0
        for flag in value.flags:
            flags |= value.sigma_to_python_flags[flag]
        rx = re.compile(str(value.regexp), flags)
        return lambda v: (t := _text(v)) is not None and rx.search(t) is not None
    if isinstance(value, SigmaCIDRExpression):
        return _in_network(value.network)
    if isinstance(value, SigmaCompareExpression):
        n, op = float(value.number.number), _COMPARE[value.op]
        return lambda v: (x := _number(v)) is not None and op(x, n)
    raise Unsupported(f"value type {type(value).__name__}")


def _present(value: Any) -> bool:
    if isinstance(value, list):
        return any(x is not None for x in _flat(value))
    return value is not None


def _field(source: LogSource, name: str, value: Any) -> Predicate:
    get = source.getter(name)
    if isinstance(value, SigmaNull):
        return lambda r: get(r) in (None, [], "")
    if isinstance(value, SigmaExists):
        want = value.exists
        # a path through a list (EC2's ``items``) answers a list with None where the field is missing
        return lambda r: _present(get(r)) is want
    if isinstance(value, SigmaFieldReference):  # |fieldref: the same value as another field
        other = source.getter(value.field)
        return lambda r: (a := get(r)) is not None and str(a).lower() == str(other(r)).lower()
    test = _value_test(value)
    # the commonest test (``eventSource: ec2.amazonaws.com``) inline: what test answers for a string
    want = plain(value).lower() if isinstance(value, SigmaString) and not value.contains_special() else None
    return _reader(get, test, source.plain_key(name), want)


def _reader(get: Getter, test: Callable[[Any], bool], key: str | None = None, want: str | None = None) -> Predicate:
    """A field's test over a record as Sigma reads it: an absent field never matches, a list when
    any element does.  ``key``: the record's own key, read inline instead of ``get``; ``want``:
    the lower-case text a string must equal (compared inline instead of ``test``)."""

    def match(r: Record) -> bool:
        v = get(r) if key is None else r.get(key)
        if want is not None and type(v) is str:
            return v.lower() == want
        if v is None:
            return False
        if isinstance(v, list):
            return any(test(x) for x in _flat(v) if x is not None)
        return test(v)
    return match


def _keyword(value: Any) -> Predicate:
    """A keyword (field-less) value: searched in the record's JSON text."""
    if not isinstance(value, SigmaString):
        raise Unsupported("a keyword that is not a string")
    test = _string_test(SigmaString("*" + str(value) + "*") if not value.contains_special() else value)  # str: escaped
    return lambda r: test(orjson.dumps(r).decode())


def _all(parts: list[Predicate]) -> Predicate:
    # unrolled for the common sizes: a generator per event costs more than the tests themselves
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda r: a(r) and b(r)
    if len(parts) == 3:
        a, b, c = parts
        return lambda r: a(r) and b(r) and c(r)

    def every(r: Record) -> bool:
        return all(p(r) for p in parts)  # four or more parts: rare
    return every


def _any(parts: list[Predicate]) -> Predicate:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda r: a(r) or b(r)

    def some(r: Record) -> bool:
        return any(p(r) for p in parts)
    return some


def _one_of(source: LogSource, node: ConditionOR) -> Predicate | None:
    """``field: [a, b, c]`` of plain strings as one set lookup, not an OR of comparisons."""
    args = node.args
    if not args or not all(isinstance(a, ConditionFieldEqualsValueExpression) and isinstance(a.value, SigmaString)
                           and not a.value.contains_special() and a.field == args[0].field for a in args):
        return None
    wanted = frozenset(plain(a.value).lower() for a in args)
    get = source.getter(args[0].field)
    key = source.plain_key(args[0].field)  # read inline when it is the record's own key

    def test(v: Any) -> bool:
        t = _text(v)
        return t is not None and t.lower() in wanted

    def match(r: Record) -> bool:
        v = get(r) if key is None else r.get(key)
        if type(v) is str:
            return v.lower() in wanted  # what test answers for a string, inline
        if v is None:
            return False
        if isinstance(v, list):
            return any(test(x) for x in _flat(v) if x is not None)
        return test(v)
    return match


def _same_field(source: LogSource, node: ConditionOR) -> Predicate | None:
    """``field|contains: [a, b, c]`` (any values of one field) as one read of the field with each
    value tested on it: what the OR of the field's tests answers, without reading it per value."""
    args = node.args
    if len(args) < 2 or not all(isinstance(a, ConditionFieldEqualsValueExpression) and a.field == args[0].field
                                and not isinstance(a.value, (SigmaNull, SigmaExists, SigmaFieldReference)) for a in args):
        return None
    tests = [_value_test(a.value) for a in args]
    return _reader(source.getter(args[0].field), lambda v: any(t(v) for t in tests))


def compile_condition(node: Any, source: LogSource) -> Predicate:
    if isinstance(node, ConditionFieldEqualsValueExpression):
        return _field(source, node.field, node.value)
    if isinstance(node, ConditionValueExpression):
        return _keyword(node.value)
    if isinstance(node, ConditionAND):
        parts = [compile_condition(a, source) for a in node.args]
        return _all(parts)
    if isinstance(node, ConditionOR):
        return _one_of(source, node) or _same_field(source, node) or _any([compile_condition(a, source) for a in node.args])
    if isinstance(node, ConditionNOT):
        inner = compile_condition(node.args[0], source)
        return lambda r: not inner(r)
    raise Unsupported(f"condition element {type(node).__name__}")


Pattern = tuple[frozenset[str], frozenset[str]]  # (values, prefixes) a field must take, lower case


def _pattern(v: Any) -> Pattern | None:
    """What one value pins its field to: a plain string its value, a string with wildcards the
    ASCII text before the first one (``Describe*``, ``Get*Policy``: a necessary prefix)."""
    if not isinstance(v, SigmaString):
        return None
    if not v.contains_special():
        return frozenset({plain(v).lower()}), frozenset()
    lead = []
    for part in v.s:
        if not isinstance(part, str):
            break
        lead.append(part)
    prefix = "".join(lead)
    if not prefix or not prefix.isascii():
        return None  # "*abc" pins nothing; a non-ASCII literal is left to the pattern's own case folding
    return frozenset(), frozenset({prefix.lower()})


def index_patterns(node: Any, field: str) -> Pattern | None:
    """The values ``field`` must take, or the prefixes one of which it must start with, for
    ``node`` to hold (lower case); None when the condition pins the field to neither (then the
    rule is offered every event).  Where :func:`index_values` gives a set, this gives it with no
    prefixes: a prefix is found only where that answers None."""
    if isinstance(node, ConditionFieldEqualsValueExpression):
        return _pattern(node.value) if node.field == field else None
    if isinstance(node, ConditionOR):
        values: set[str] = set()
        prefixes: set[str] = set()
        for a in node.args:
            got = index_patterns(a, field)
            if got is None:
                return None
            values |= got[0]
            prefixes |= got[1]
        return frozenset(values), frozenset(prefixes)
    if isinstance(node, ConditionAND):
        pinned = [got for a in node.args if (got := index_patterns(a, field)) is not None]
        exact = [got[0] for got in pinned if not got[1]]
        if exact:  # values only (what index_values intersects): their intersection
            result = exact[0]
            for e in exact[1:]:
                result = result & e
            return result, frozenset()
        return pinned[0] if pinned else None  # every part must hold: any one part's pattern is necessary
    return None


def index_values(node: Any, field: str) -> set[str] | None:
    """The values ``field`` must take for ``node`` to hold (lower case), or None when the condition
    does not pin the field to plain values (then the rule is offered every event)."""
    got = index_patterns(node, field)
    return None if got is None or got[1] else set(got[0])


def may_match(key: str, values: frozenset[str] | None, prefixes: frozenset[str] = frozenset()) -> bool:
    """Whether a rule (or member) filed under ``values`` and ``prefixes`` (None: not filed, it
    reads every event) could match an event whose index value is ``key`` (the value as text,
    lower case: :meth:`LogSource.index_value`).

    A prefix decides only ASCII text: the matcher compares ASCII text by its lower case, which
    is what ``key`` is, but folds some other letters to ASCII ones (``ſ`` as ``s``); a value
    that is not ASCII, or a list (whose text starts with ``[``: the matcher tries each element),
    is offered to every prefix rule."""
    if values is None or key in values:
        return True
    if not prefixes:
        return False
    return not key.isascii() or key[:1] in ("[", "{") or key.startswith(tuple(prefixes))
