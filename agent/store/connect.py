"""Opening a store: the engine for a URL (SQLite pragmas, PostgreSQL pre-ping, JSON columns
through orjson) and the schema upgrade (Alembic, every head) that runs on open."""

from __future__ import annotations

import threading
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


def chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    """``items`` in slices small enough for an ``IN (…)`` list on every backend."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def inserted_id(res: CursorResult[Any]) -> int:
    """The primary key of the row a single-row INSERT added."""
    key = res.inserted_primary_key
    if key is None:
        raise RuntimeError("the INSERT returned no primary key")
    return int(key[0])
