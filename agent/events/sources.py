"""Where monitoring logs are read from: files and directories, S3 (CloudTrail's bucket layout),
and the CloudTrail LookupEvents API.  Each source remembers its position in the store, so a
restarted daemon goes on where it stopped and nothing is read twice.

- Files: per file, the bytes already consumed (a row per file, committed with that file's counts,
  so a poll that dies half-way re-reads none of the files it finished).  A plain JSON-lines file
  that grows is read from that offset up to its last complete line; any other file (gzip, one JSON
  document) is read whole once, and again only if it changes.
- S3: CloudTrail object keys sort by time within one account+region folder, so the position is
  the last key read per folder and the next poll lists each folder with ``StartAfter`` it.
- LookupEvents: the position is the newest event time seen and the event ids taken in the last
  ``overlap_minutes`` before it; the next poll starts that much earlier (CloudTrail can show an
  event minutes late) and skips those ids.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3

from agent.core.boundedio import LOG_LIMIT, FileRefused, read_capped
from agent.events.intake import BATCH, Intake, Taken
from agent.events.normalise import Reason
from agent.events.readers import Parsed, line_batches, parse_batches
from agent.settings.daemon import FileSource, LookupSource, S3Source
from agent.store.daemon_state import DaemonState, FilePosition, SourcePosition

log = logging.getLogger(__name__)

SUFFIXES = (".json", ".jsonl", ".ndjson", ".log", ".gz")


def _files(path: str) -> Iterator[Path]:
    p = Path(os.path.expanduser(path))
    if p.is_dir():
        yield from sorted(f for f in p.rglob("*") if f.is_file() and f.name.endswith(SUFFIXES))
    elif any(ch in path for ch in "*?["):
        yield from sorted(Path(f) for f in glob.glob(os.path.expanduser(path), recursive=True) if Path(f).is_file())
    elif p.is_file():
        yield p


def read_files(src: FileSource, intake: Intake, state: DaemonState | None) -> Taken:
    """Read what is new in a file/directory source, committing each file's position with its counts."""
    origin = src.source or f"file:{src.path}"
    key = f"files:{src.path}"
    seen = state.file_positions(intake.tenant, key) if state else {}
    total = Taken()
    for f in _files(src.path):
        st = f.stat()
        name = str(f)
        offset, mtime = seen.get(name, (0, 0))
        if offset == st.st_size and mtime == st.st_mtime_ns:
            continue
        try:
            data = read_capped(f, LOG_LIMIT)
        except FileRefused as exc:  # counted once; the position keeps it from being counted at every poll
            refused = Parsed(name)
            refused.bad(name, Reason.TOO_LARGE, str(exc))
            at = FilePosition(key, name, st.st_size, st.st_mtime_ns) if state else None
            total.add(intake.take_parsed(origin, refused, at))
            continue
        grew = 0 < offset < len(data) and data[:2] != b"\x1f\x8b" and data[offset - 1:offset] == b"\n"
        if grew:  # appended JSON lines: read only the complete new lines
            end = data.rfind(b"\n") + 1
            first_line = data.count(b"\n", 0, offset) + 1
            parts = line_batches(data[offset:end], name, BATCH, Parsed(), first_line)
            consumed = end
        else:
            parts = parse_batches(data, name, BATCH)
            consumed = len(data)
        at = FilePosition(key, name, consumed, st.st_mtime_ns) if state else None
        total.add(intake.take_stream(origin, parts, at))
    return total


def _session(profile: str | None) -> boto3.session.Session:
    return boto3.session.Session(profile_name=profile) if profile else boto3.session.Session()


# CloudTrail writes AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>: keys sort by
# time only *within* one account+region folder, so the position is kept per such folder.
_TRAIL_FOLDER = re.compile(r"/CloudTrail(-Insight)?/[a-z0-9-]+/$")
_MAX_DEPTH = 6


def _trail_folders(s3: Any, bucket: str, prefix: str) -> list[str]:
    """The account+region folders under ``prefix`` (walking down by "/"); ``[prefix]`` itself when
    the prefix is already inside one, or the bucket does not use CloudTrail's layout."""
    found: list[str] = []
    level = [prefix]
    for _ in range(_MAX_DEPTH):
        deeper: list[str] = []
        for p in level:
            if _TRAIL_FOLDER.search(p):
                found.append(p)
                continue
            if p.endswith("/CloudTrail-Digest/"):
                continue  # integrity digests, not events
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=p, Delimiter="/"):
                deeper.extend(c["Prefix"] for c in page.get("CommonPrefixes", []))
        if not deeper:
            break
        level = deeper
    return sorted(found) or [prefix]


def read_s3(src: S3Source, intake: Intake, state: DaemonState | None, client: Any = None,
            max_objects: int = 1000, should_stop: Callable[[], bool] = lambda: False) -> Taken:
    """Read CloudTrail objects added since the last poll, per account+region folder (at most
    ``max_objects`` per call, so one poll never runs unbounded; ``should_stop`` ends it early
    between objects).  The position ({folder: last key read}) is committed with every object's counts."""
    origin = src.source or f"s3://{src.bucket}/{src.prefix}"
    key = f"s3:{src.bucket}/{src.prefix}"
    s3 = client or _session(src.profile).client("s3", region_name=src.region, endpoint_url=src.endpoint_url)
    stored = (state.position(intake.tenant, key) if state else None) or "{}"
    last: dict[str, str] = json.loads(stored) if stored.startswith("{") else {src.prefix: stored}
    total = Taken()
    done = 0
    for folder in _trail_folders(s3, src.bucket, src.prefix):
        # a key remembered for an enclosing folder (older position format) still bounds this one
        after = max((k for f, k in last.items() if folder.startswith(f) and k.startswith(folder)), default="")
        kwargs: dict[str, Any] = {"Bucket": src.bucket, "Prefix": folder}
        if after:
            kwargs["StartAfter"] = after
        for page in s3.get_paginator("list_objects_v2").paginate(**kwargs):
            for obj in page.get("Contents", []):
                name = f"s3://{src.bucket}/{obj['Key']}"
                last[folder] = obj["Key"]
                at = SourcePosition(key, json.dumps(last, sort_keys=True)) if state else None
                if int(obj.get("Size") or 0) > LOG_LIMIT:  # not fetched: counted once, the position moves past it
                    refused = Parsed(name)
                    refused.bad(name, Reason.TOO_LARGE, f"object is {obj['Size']} bytes, over the limit of {LOG_LIMIT}")
                    total.add(intake.take_parsed(origin, refused, at))
                else:
                    body = s3.get_object(Bucket=src.bucket, Key=obj["Key"])["Body"].read(LOG_LIMIT + 1)
                    total.add(intake.take_bytes(origin, body, name, at))
                done += 1
                if done >= max_objects or should_stop():
                    return total
    return total


def read_lookup_events(src: LookupSource, intake: Intake, state: DaemonState | None, client: Any = None,
                       now: datetime | None = None) -> Taken:
    """Read management events from CloudTrail LookupEvents since the last poll.

    CloudTrail may make an event visible minutes after its event time, so each poll looks back
    ``overlap_minutes`` before the newest event seen and skips the event ids it already took there.
    """
    origin = src.source or f"cloudtrail-lookup:{src.region}"
    key = f"lookup:{src.region}:{src.endpoint_url or ''}"
    ct = client or _session(src.profile).client("cloudtrail", region_name=src.region, endpoint_url=src.endpoint_url)
    now = now or datetime.now(UTC)
    pos = json.loads((state.position(intake.tenant, key) if state else None) or "{}")
    overlap = timedelta(minutes=src.overlap_minutes)
    newest = datetime.fromisoformat(pos["time"]) if pos.get("time") else now - timedelta(minutes=src.lookback_minutes)
    seen: dict[str, str] = dict(pos.get("seen", {}))  # event id -> event time, within the overlap
    start = newest - overlap if pos.get("time") else newest
    records: list[dict[str, Any]] = []
    for page in ct.get_paginator("lookup_events").paginate(StartTime=start, EndTime=now):
        for ev in page.get("Events", []):
            event_id = ev.get("EventId")
            if event_id in seen:
                continue  # taken by an earlier poll
            at = ev.get("EventTime")
            if at is not None and at.tzinfo is None:
                at = at.replace(tzinfo=UTC)
            try:
                records.append(json.loads(ev["CloudTrailEvent"]))
            except (KeyError, TypeError, ValueError):
                records.append(ev)  # still an event: the summary fields are kept as the record
            if at is not None:
                newest = max(newest, at)
                if event_id:
                    seen[event_id] = at.isoformat()
    keep_from = newest - overlap
    seen = {i: t for i, t in seen.items() if datetime.fromisoformat(t) >= keep_from}
    at = SourcePosition(key, json.dumps({"time": newest.isoformat(), "seen": seen}, sort_keys=True)) if state else None
    return intake.take_records(origin, records, at)
