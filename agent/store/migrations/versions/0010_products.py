"""Findings say who reports them (``sources``: "ucs" and/or cloud security products) and keep each
product's own reference (``product_refs``: id, link, status there, control refs).

Revision ID: 0010_products
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import Json

revision = "0010_products"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable: rows written before are ours alone (agent.store.rows.sources_of reads None as "ucs")
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("sources", Json, nullable=True))
        batch.add_column(sa.Column("product_refs", Json, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("product_refs")
        batch.drop_column("sources")
