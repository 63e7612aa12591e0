"""Many rows of one statement, without SQLAlchemy's per-row work.

A scan writes a finding row (and, when its state changes, a history row) per result: 176,000 of
each for 10,000 AWS resources.  SQLAlchemy's executemany builds a parameter dict per row and runs
every column's bind processor on every value, which was more than half of the time the store
spent.  A :class:`Bulk` statement is compiled once per dialect, looks each column's bind
processor up once, processes a value repeated by identity in consecutive rows (a scan's ``now``)
once, and hands the rows to the driver as tuples (positional paramstyle, SQLite) or dicts (named,
psycopg) through ``exec_driver_sql``: the same SQL, casts and bound values SQLAlchemy would send.

Column defaults are not applied here: a statement that would need one the rows do not carry is
refused when it is compiled.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.dml import ValuesBase

Processor = Callable[[Any], Any]


def json_dumps(value: Any) -> str:
    """The JSON columns' serialiser (the engines' ``json_serializer``): orjson, or the standard
    library for what orjson refuses (integers beyond 64 bits), which raises as before for what
    neither can write."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(value)


def json_loads(text: str | bytes) -> Any:
    """The JSON columns' reader (the engines' ``json_deserializer``): orjson, or the standard
    library for what orjson refuses (``NaN``, which older rows may hold)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


@dataclass(frozen=True, slots=True)
class _Prepared:
    sql: str
    processors: tuple[Processor | None, ...]  # by the caller's key order
    order: tuple[int, ...] | None  # positional dialects: the caller's key index of each placeholder


class Bulk:
    """``stmt`` with values for exactly ``keys``, executed with rows of values in that order."""

    def __init__(self, stmt: ValuesBase, keys: Sequence[str]) -> None:
        self.stmt = stmt
        self.keys = tuple(keys)
        self._prepared: weakref.WeakKeyDictionary[Dialect, _Prepared] = weakref.WeakKeyDictionary()

    def _prepare(self, dialect: Dialect) -> _Prepared:
        p = self._prepared.get(dialect)
        if p is not None:
            return p
        compiled: Any = self.stmt.compile(dialect=dialect, column_keys=list(self.keys), for_executemany=True)
        missing = [c.key for c in (*compiled.insert_prefetch, *compiled.update_prefetch) if c.key not in self.keys]
        if missing or compiled.returning:
            raise ValueError(f"bulk statement needs defaults or returns rows: {missing or 'RETURNING'}")
        binds = compiled.binds
        unknown = [k for k in self.keys if k not in binds]
        if unknown:
            raise ValueError(f"bulk statement has no parameter {unknown}")
        processors = tuple(binds[k].type.dialect_impl(dialect).bind_processor(dialect) for k in self.keys)
        order = tuple(self.keys.index(name) for name in compiled.positiontup) if compiled.positional else None
        p = _Prepared(compiled.string, processors, order)
        self._prepared[dialect] = p
        return p

    def execute(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        p = self._prepare(conn.dialect)
        columns = [_processed(proc, col) if proc is not None else col
                   for proc, col in zip(p.processors, zip(*rows, strict=True), strict=True)]
        if p.order is not None:
            params: list[Any] = list(zip(*(columns[i] for i in p.order), strict=True))
        else:
            params = [dict(zip(self.keys, r, strict=True)) for r in zip(*columns, strict=True)]
        conn.exec_driver_sql(p.sql, params)


_NOTHING = object()


def _processed(proc: Processor, values: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    last: Any = _NOTHING
    done: Any = None
    for v in values:
        if v is not last:
            last, done = v, proc(v)
        out.append(done)
    return out
