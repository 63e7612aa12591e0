"""Art. 13 by keys: investigators and their public keys, raw values sealed to them, the chained
audit; ``threat_identities.raw_value`` becomes nullable (no new raw value is stored in the clear;
the ones already there are sealed and cleared when the first investigator is added).

Revision ID: 0010_threat_investigators
Revises: 0006_threats
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import UtcDateTime

revision = "0010_threat_investigators"
down_revision = "0006_threats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "threat_investigators",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("added_at", UtcDateTime, nullable=False),
        sa.UniqueConstraint("tenant", "public_key", name="uq_threat_investigators_key"),
    )
    op.create_table(
        "threat_sealed",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("pseudonym", sa.String(96), primary_key=True),
        sa.Column("investigator", sa.String(128), primary_key=True),
        sa.Column("box", sa.Text, nullable=False),
    )
    op.create_table(
        "threat_audit",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("actor_key", sa.String(64), nullable=True),
        sa.Column("subject", sa.String(256), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("granted", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=True),
    )
    with op.batch_alter_table("threat_identities") as batch:
        batch.alter_column("raw_value", existing_type=sa.Text, nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("threat_identities") as batch:
        batch.alter_column("raw_value", existing_type=sa.Text, nullable=False)
    op.drop_table("threat_audit")
    op.drop_table("threat_sealed")
    op.drop_table("threat_investigators")
