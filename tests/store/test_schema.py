"""The tables declared in agent.store.tables are exactly what the Alembic revisions create, on
SQLite and PostgreSQL: moving a declaration never changes the stored schema unnoticed."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from agent.store import Store
from agent.store.tables import metadata


def _ours(name: str | None, type_: str, _: object) -> bool:
    """APScheduler's job tables (``ucs_jobs_<tenant>``, made by daemon tests) are not the store's."""
    return not (type_ == "table" and name is not None and name.startswith("ucs_jobs_"))


def test_declared_tables_match_the_migrations(store: Store) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": _ours})
        assert compare_metadata(ctx, metadata) == []
    assert len(metadata.tables) >= 32  # compare_metadata above proves the two agree table by table
