"""Intake room: a position row per file read, malformed counts by reason.

Moves the files sources' positions from one JSON document per source (``intake_positions`` row
``files:<path>``: ``{file: [offset, mtime_ns]}``) to a row per file in ``intake_files``.

Revision ID: 0008_intake
Revises: 0004_daemon
"""

import json

import sqlalchemy as sa
from alembic import op

from agent.store.schema import UtcDateTime

revision = "0008_intake"
down_revision = "0004_daemon"
branch_labels = None
depends_on = None

_positions = sa.table("intake_positions", sa.column("tenant", sa.String), sa.column("source", sa.String),
                      sa.column("position", sa.Text), sa.column("updated_at", UtcDateTime))


def upgrade() -> None:
    files = op.create_table(
        "intake_files",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(256), primary_key=True),
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "intake_malformed",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(256), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("reason", sa.String(32), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )
    conn = op.get_bind()
    old = conn.execute(sa.select(_positions).where(_positions.c.source.like("files:%"))).mappings().all()
    for row in old:
        try:
            seen = json.loads(row["position"] or "{}")
        except ValueError:
            seen = {}
        rows = [{"tenant": row["tenant"], "source": row["source"], "path": path, "offset": int(pos[0]),
                 "mtime_ns": int(pos[1]), "updated_at": row["updated_at"]}
                for path, pos in seen.items() if isinstance(pos, list) and len(pos) == 2]
        if rows:
            conn.execute(files.insert(), rows)
        conn.execute(_positions.delete().where(_positions.c.tenant == row["tenant"],
                                               _positions.c.source == row["source"]))


def downgrade() -> None:
    conn = op.get_bind()
    files = sa.table("intake_files", sa.column("tenant", sa.String), sa.column("source", sa.String),
                     sa.column("path", sa.Text), sa.column("offset", sa.BigInteger),
                     sa.column("mtime_ns", sa.BigInteger), sa.column("updated_at", UtcDateTime))
    docs: dict[tuple[str, str], dict[str, list[int]]] = {}
    latest: dict[tuple[str, str], object] = {}
    for r in conn.execute(sa.select(files)).mappings():
        key = (r["tenant"], r["source"])
        docs.setdefault(key, {})[r["path"]] = [int(r["offset"]), int(r["mtime_ns"])]
        latest[key] = max(latest.get(key) or r["updated_at"], r["updated_at"])
    for (tenant, source), doc in docs.items():
        conn.execute(_positions.insert().values(tenant=tenant, source=source, position=json.dumps(doc),
                                                updated_at=latest[(tenant, source)]))
    op.drop_table("intake_malformed")
    op.drop_table("intake_files")
