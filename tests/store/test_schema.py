"""The tables declared in agent.store.tables are exactly what the Alembic revisions create, on
SQLite and PostgreSQL: moving a declaration never changes the stored schema unnoticed."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from agent.store import Store
from agent.store.tables import metadata


def test_declared_tables_match_the_migrations(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    # APScheduler's job tables are not ours; nothing else may differ.
    assert [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("ucs_jobs_"))] == []
    assert len(metadata.tables) == 19
