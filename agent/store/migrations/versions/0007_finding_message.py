"""Findings keep the message id of their detail, so reports render it in the reader's language.

Revision ID: 0007_finding_message
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_finding_message"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER a table in place for every change
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("message", sa.String(160), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("message")
