"""JSON output: the findings document (:mod:`agent.report.document`) of a scan or a report.

A scan's document is built as the store records its results (:class:`ScanJson`): each entry is
serialised once, when its finding is recorded, and the store is not read back for it."""

from __future__ import annotations

import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

import orjson

from agent.core.model import Finding, Severity
from agent.report.common import meta_for
from agent.report.document import findings_document, iso_utc

_OPTIONS = orjson.OPT_NON_STR_KEYS
_EMPTY = b'"findings": []\n}'
_LABELS = {s: s.label for s in Severity}


class _Utc:
    """:func:`iso_utc` remembering its last answer (by identity: the datetime is held)."""

    __slots__ = ("when", "text")

    def __init__(self) -> None:
        self.when: datetime | None = None
        self.text: str | None = None

    def __call__(self, when: datetime | None) -> str | None:
        if when is not self.when:
            self.when, self.text = when, iso_utc(when)
        return self.text


class Entries:
    """Findings as the bytes of the document's ``findings`` elements: what
    ``orjson.dumps(finding_entry(f, lang), default=str, option=OPT_NON_STR_KEYS)`` gives, built
    without the intermediate dicts, each check's title, remediation and frameworks serialised
    once per document (the keys :func:`agent.report.common.finding_doc` appends last)."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.english = lang == "en"  # Finding.detail_in: the stored detail
        self._texts: dict[str, bytes] = {}
        # first and last sightings as ISO 8601 UTC, each the last one remembered (a scan's
        # results share its ``now``: formatted once)
        self._first, self._last = _Utc(), _Utc()

    def _meta(self, check_id: str) -> bytes:
        text = self._texts.get(check_id)
        if text is None:
            meta = meta_for(check_id)
            text = b"" if meta is None else b"," + orjson.dumps(
                {"title": meta.text("title", self.lang), "remediation": meta.text("remediation", self.lang),
                 "frameworks": {k: list(v) for k, v in meta.frameworks.items()}},
                default=str, option=_OPTIONS)[1:-1]
            self._texts[check_id] = text
        return text

    def __call__(self, f: Finding) -> bytes:
        r = f.resource
        doc = {
            # enum members as orjson writes them: their values
            "fingerprint": f.fingerprint, "check_id": f.check_id, "kind": f.kind, "status": f.status,
            "severity": _LABELS[f.severity], "state": f.state or None,
            "detail": f.detail if self.english or not f.message else f.detail_in(self.lang), "evidence": f.evidence, "first_seen": self._first(f.first_seen),
            "last_seen": self._last(f.last_seen), "mute_reason": f.mute_reason,
            "mute_expires": iso_utc(f.mute_expires),
            "sources": f.sources, "product_refs": f.refs,  # a tuple is written as the list it was
            "resource": {"provider": r.provider, "account": r.account, "region": r.region, "type": r.type, "id": r.id,
                         "name": r.name, "tags": r.tags if type(r.tags) is dict else dict(r.tags)},
        }
        return orjson.dumps(doc, default=str, option=_OPTIONS)[:-1] + self._meta(f.check_id) + b"}"


def _head(lang: str, extra: dict[str, Any]) -> bytes:
    head = orjson.dumps(findings_document((), lang, tenant=extra.get("tenant", ""), scan=extra.get("scan"),
                                          coverage=extra.get("coverage", ())),
                        default=str, option=_OPTIONS | orjson.OPT_INDENT_2)
    assert head.endswith(_EMPTY), "findings must stay the document's last key"
    return head[:-len(_EMPTY)] + b'"findings": ['


def _write_entries(fh: IO[bytes], head: bytes, entries: Iterator[bytes]) -> None:
    """``head``, then the entries one a line (a thousand to a write), then the document's end."""
    fh.write(head)
    first, part = True, list(islice(entries, 1000))
    while part:
        fh.write((b"\n    " if first else b",\n    ") + b",\n    ".join(part))
        first, part = False, list(islice(entries, 1000))
    fh.write(b"]\n}" if first else b"\n  ]\n}")


def write(findings: Iterable[Finding], path: Path, lang: str = "en", extra: dict[str, Any] | None = None) -> Path:
    """``extra``: ``tenant``, ``scan`` (id, status, trigger, started_at, finished_at), ``coverage``.

    Written a finding at a time (one per line inside ``findings``), so a scan's results can stream
    from the store: the document's head is the document with no findings, cut before its last key.
    orjson: a 50,000-finding document in a fraction of the time json.dump takes; UTF-8 kept as
    is, datetimes as ISO 8601."""
    head = _head(lang, extra or {})
    entry = Entries(lang)
    with path.open("wb") as fh:
        _write_entries(fh, head, iter(map(entry, findings)))
    return path


def _reader(spool: IO[bytes]) -> Callable[[int, int], bytes]:
    """Bytes [start, end) of the spool: ``os.pread`` where there is one, else seek and read."""
    if hasattr(os, "pread"):
        fd = spool.fileno()
        return lambda start, end: os.pread(fd, end - start, start)

    def read(start: int, end: int) -> bytes:
        spool.seek(start)
        return spool.read(end - start)

    return read


class ScanJson:
    """One scan's JSON document, built from its results as the store records them (the store's
    ``on_recorded`` hook: each finding as the store now holds it), in the order the store reads a
    scan's results back (:meth:`agent.store.findings.FindingOperations.scan_findings`: severity
    high first, then check id, resource id and fingerprint, text by code point as SQLite orders
    it).  An entry is serialised when its finding is recorded and spooled to a temporary file in
    ``directory`` (the output directory: the document's size, never held in memory); only its
    sort key stays in memory.  Whatever goes wrong while spooling (an entry that cannot be
    serialised, a directory that cannot be written) stops the spooling silently, and
    :meth:`write` then writes the document from ``fallback`` (the store read back) as before, so
    the scan's recording never fails because of its output."""

    def __init__(self, directory: str | Path, lang: str = "en") -> None:
        self.directory = Path(directory).expanduser()
        self.lang = lang
        self.failed = False
        self._entry = Entries(lang)
        self._file: IO[bytes] | None = None
        self._ends = array("q", [0])  # entry i is bytes [_ends[i], _ends[i + 1]) of the spool
        self._keys: list[tuple[int, str, str, str, int]] = []

    def add(self, findings: Iterable[Finding]) -> None:
        """Spool recorded findings (each fingerprint once, as the store records it)."""
        if self.failed:
            return
        try:
            if self._file is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                self._file = tempfile.TemporaryFile(  # noqa: SIM115 - kept open until write() or close()
                    dir=self.directory, prefix=".ucs-scan-", suffix=".json")
            parts: list[bytes] = []
            end, ends, keys = self._ends[-1], self._ends, self._keys
            for f in findings:
                e = self._entry(f)
                keys.append((-int(f.severity), f.check_id, f.resource.id, f.fingerprint, len(keys)))
                parts.append(e)
                end += len(e)
                ends.append(end)
            self._file.write(b"".join(parts))
        except Exception:  # noqa: BLE001 - the fallback writes the document (and raises what it raises)
            self._abandon()

    def _abandon(self) -> None:
        self.failed = True
        self._keys, self._ends = [], array("q", [0])
        if self._file is not None:
            self._file.close()
            self._file = None

    def write(self, path: Path, extra: dict[str, Any] | None = None,
              fallback: Callable[[], Iterable[Finding]] = lambda: ()) -> Path:
        keys, ends = self._keys, self._ends
        try:
            keys.sort()
        except TypeError:  # a resource id that is not text: the store orders what it stored
            self._abandon()
        if self.failed:
            return write(fallback(), path, self.lang, extra)
        head = _head(self.lang, extra or {})
        with path.open("wb") as fh:
            if self._file is None:
                _write_entries(fh, head, iter(()))
            else:
                self._file.flush()
                read = _reader(self._file)
                _write_entries(fh, head, (read(ends[k[4]], ends[k[4] + 1]) for k in keys))
        self.close()
        return path

    def close(self) -> None:
        self._abandon()
        self.failed = False

