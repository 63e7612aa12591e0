"""Opening a store: the engine for a URL (SQLite pragmas, PostgreSQL pre-ping, JSON columns
through orjson) and the schema upgrade (Alembic, every head) that runs on open."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, CursorResult, Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite

from agent.store.bulk import json_dumps, json_loads

_migrate_lock = threading.Lock()


def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, json_serializer=json_dumps, json_deserializer=json_loads)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True, json_serializer=json_dumps, json_deserializer=json_loads)


_HEADS: set[str] = set()  # the revision heads of this installation, read once per process


def migrate(engine: Engine) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", "agent.store:migrations")
    with _migrate_lock, engine.begin() as conn:
        if not _HEADS:
            _HEADS.update(ScriptDirectory.from_config(cfg).get_heads())
        if set(MigrationContext.configure(conn).get_current_heads()) == _HEADS:
            return  # already at every head: loading the revision scripts again costs ~0.1 s per open
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def upsert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT, which has ``on_conflict_do_update`` on both SQLite and PostgreSQL."""
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


# The page cache of a connection while it records a scan (SQLite, KiB): the indexes its inserts
# update in fingerprint order, at random, stay in memory instead of going back and forth to the
# write-ahead log (10,000 AWS resources, 176,000 results: about a tenth of the recording's CPU).
RECORDING_CACHE_KIB = 16_000


@contextmanager
def recording_cache(conn: Connection) -> Iterator[None]:
    """On SQLite, :data:`RECORDING_CACHE_KIB` of page cache for ``conn`` for the block, then its
    own again (the pool's other uses keep the default); elsewhere nothing."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    assert raw is not None
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size=-{RECORDING_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size={int(before)}")


def chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    """``items`` in slices small enough for an ``IN (…)`` list on every backend."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def inserted_id(res: CursorResult[Any]) -> int:
    """The primary key of the row a single-row INSERT added."""
    key = res.inserted_primary_key
    if key is None:
        raise RuntimeError("the INSERT returned no primary key")
    return int(key[0])
