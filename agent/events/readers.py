"""Bytes of a monitoring-log file → JSON records, with malformed input counted, not fatal.

Accepted shapes (gzip-compressed or not, detected by the gzip magic bytes):
- one JSON document: CloudTrail's ``{"Records": [...]}``, an Azure diagnostic export's
  ``{"records": [...]}``, a Kubernetes ``{"items": [...]}`` list,
  a JSON array of records, or a single record object;
- JSON lines: one record (or one ``{"Records": [...]}`` document) per line; blank lines skipped.
A line that is not JSON, a line or item that is not an object (an array line included), and a
``Records`` item without a CloudTrail record's shape are *malformed*: counted by
:class:`~agent.events.normalise.Reason`, and the first few reported with ``name:line`` and why.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from agent.events.jsontext import loads
from agent.events.normalise import Malformed, Reason, check_cloudtrail, json_type

MAX_REPORTED = 5
MAX_DECOMPRESSED = 128 * 1024 * 1024  # a gzip file past this many bytes decompressed is refused


class TooLarge(Exception):
    """Decompressed data past the cap (a gzip bomb): the message says the limit."""


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Decompress every gzip member of ``data``, stopping (:class:`TooLarge`) as soon as the output
    passes ``limit`` bytes: memory is bounded by the cap, never by the compression ratio."""
    parts: list[bytes] = []  # joined once at the end: no reallocation doubling the peak on the way
    size = 0
    rest = data
    while rest:
        d = zlib.decompressobj(wbits=31)
        tail = rest
        while True:
            room = limit + 1 - size
            chunk = d.decompress(tail, min(room, 1024 * 1024))
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"decompressed data over the limit of {limit} bytes")
            if d.eof:
                break
            tail = d.unconsumed_tail
            if not tail and len(chunk) < min(room, 1024 * 1024):
                break  # all input used, output not held back: the stream was cut short
        if not d.eof:
            raise EOFError("compressed data ended before the end-of-stream marker")
        rest = d.unused_data.lstrip(b"\x00")  # members may be followed by zero padding
        if rest and rest[:2] != b"\x1f\x8b":
            raise OSError("trailing garbage after a gzip member")
    return b"".join(parts)


@dataclass(slots=True)
class Parsed:
    name: str = "<data>"
    records: list[dict[str, Any]] = field(default_factory=list)
    # where each record was: its line, or its item number when ``items`` (the items of one document)
    locations: list[int] = field(default_factory=list)
    items: bool = False
    malformed: int = 0
    errors: list[str] = field(default_factory=list)  # the first MAX_REPORTED, "name:line: why"
    reasons: dict[str, int] = field(default_factory=dict)  # malformed records by Reason

    def bad(self, where: str, reason: Reason, why: str) -> None:
        self.malformed += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(f"{where}: {why}")

    def where(self, i: int) -> str:
        """Where ``records[i]`` was: ``name:line`` or ``name:1 item n``."""
        return f"{self.name}:1 item {self.locations[i]}" if self.items else f"{self.name}:{self.locations[i]}"


def maybe_gunzip(data: bytes, name: str, parsed: Parsed, limit: int = MAX_DECOMPRESSED) -> bytes | None:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gunzip_capped(data, limit)
    except TooLarge as exc:
        parsed.bad(name, Reason.TOO_LARGE, str(exc))
        return None
    except (OSError, EOFError, zlib.error) as exc:
        parsed.bad(name, Reason.CORRUPT_GZIP, f"corrupt gzip data: {exc}")
        return None


def _add(parsed: Parsed, value: Any, line: int, document: bool) -> None:
    """Add one parsed JSON value: a record, a ``Records`` / ``items`` document, or (``document``:
    the whole input, not one line of it) an array of records."""
    where = f"{parsed.name}:{line}"
    if isinstance(value, dict):
        # CloudTrail's "Records", Azure diagnostic exports' "records", Kubernetes' *List "items"
        key = "Records" if "Records" in value else "records" if isinstance(value.get("records"), list) \
            else "items" if str(value.get("kind", "")).endswith("List") else None
        if key is None:
            parsed.records.append(value)
            parsed.locations.append(line)
            return
        items = value[key]
        if not isinstance(items, list):
            parsed.bad(where, Reason.WRONG_TYPE, f"{key} is {json_type(items)}, not an array")
            return
    elif isinstance(value, list) and document:
        items, key = value, None
    else:
        parsed.bad(where, Reason.NOT_AN_OBJECT, f"{json_type(value)} is not an event record")
        return
    for i, rec in enumerate(items):
        if not isinstance(rec, dict):
            parsed.bad(f"{where} item {i}", Reason.NOT_AN_OBJECT, "not a JSON object")
            continue
        if key == "Records":  # CloudTrail's envelope: every item is a CloudTrail record
            try:
                check_cloudtrail(rec)
            except Malformed as m:
                parsed.bad(f"{where} item {i}", m.reason, str(m))
                continue
        parsed.records.append(rec)
        parsed.locations.append(i if document else line)
    parsed.items = document


_TEXT = re.compile(rb"\S")  # bytes.strip()'s whitespace is what \s matches in a bytes pattern


def parse_bytes(data: bytes, name: str = "<data>") -> Parsed:
    parsed = Parsed(name)
    raw = maybe_gunzip(data, name, parsed)
    if raw is None:
        return parsed
    if _is_document(raw, name, parsed):
        return parsed
    parse_lines(raw, name, parsed)
    return parsed


def parse_batches(data: bytes, name: str = "<data>", size: int = 2000) -> Iterator[Parsed]:
    """:func:`parse_bytes` in slices: JSON lines are read ``size`` records at a time (the slices
    hold exactly the records ``parse_bytes`` would, in order, cut every ``size``), so a large file
    never has all its records in memory at once; one document comes as one slice."""
    parsed = Parsed(name)
    raw = maybe_gunzip(data, name, parsed)
    if raw is None or _is_document(raw, name, parsed):
        yield parsed
        return
    yield from line_batches(raw, name, size, parsed)


def _is_document(raw: bytes, name: str, parsed: Parsed) -> bool:
    """Read ``raw`` as one JSON document into ``parsed`` if it is one (True); False: JSON lines.

    A first line that is a whole JSON value with more text after it settles it without parsing
    (and copying) the whole input once only to fail."""
    first = _TEXT.search(raw)  # (not raw.lstrip(): that copies the input)
    if first is None or raw[first.start():first.start() + 1] not in (b"{", b"["):
        return False
    end = raw.find(b"\n")
    if end > 0 and raw[:end].strip() and _TEXT.search(raw, end + 1):
        try:
            loads(raw[:end])
            return False  # a value, then more: JSON lines (one document would not parse)
        except (ValueError, RecursionError):
            pass  # a document spread over lines, or a bad first line: decided below
    try:
        doc = loads(raw)
    except ValueError:
        return False  # not one document: read it as JSON lines
    except RecursionError:
        parsed.bad(name, Reason.TOO_DEEP, "JSON nested too deeply")
        return True
    _add(parsed, doc, 1, document=True)
    return True


def parse_lines(raw: bytes, name: str, parsed: Parsed, first_line: int = 1) -> Parsed:
    for _ in line_batches(raw, name, 0, parsed, first_line):
        pass
    return parsed


def line_batches(raw: bytes, name: str, size: int, parsed: Parsed, first_line: int = 1) -> Iterator[Parsed]:
    """JSON lines into ``parsed``; with ``size``, yields a slice of it each time it holds ``size``
    records (and the rest at the end), else yields it once, complete."""
    parsed.name = name
    records, locations = parsed.records, parsed.locations
    fast = orjson.loads
    for n, line in enumerate(io.BytesIO(raw), first_line):  # a line at a time: no copy of the whole input
        if line.isspace():
            continue  # (a line from BytesIO is never empty)
        try:
            value = fast(line)  # the line with its newline, whitespace to JSON: no copy to cut it
        except orjson.JSONDecodeError:
            if line[-1:] == b"\n":
                line = line[:-1]
            try:
                value = loads(line)  # what orjson refuses, read as loads() reads it (or why not)
            except RecursionError:
                parsed.bad(f"{name}:{n}", Reason.TOO_DEEP, "JSON nested too deeply")
                continue
            except ValueError as exc:
                parsed.bad(f"{name}:{n}", Reason.NOT_JSON, f"not valid JSON ({str(exc).split(':')[0]})")
                continue
        if type(value) is dict and "Records" not in value and "records" not in value:
            records.append(value)  # the common case, kept cheap
            locations.append(n)
        else:
            _add(parsed, value, n, document=False)
        while size and len(records) >= size:
            part = Parsed(name, records[:size], locations[:size], False, parsed.malformed, parsed.errors,
                          parsed.reasons)
            del records[:size], locations[:size]
            parsed.malformed, parsed.errors, parsed.reasons = 0, [], {}
            yield part
    yield parsed
