"""Vulnerability rows imported from Trivy, ECR scans and Inspector2.

Revision ID: 0005_vulns
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import UtcDateTime

revision = "0005_vulns"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vulnerabilities",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("cve", sa.String(64), nullable=False),
        sa.Column("package", sa.Text, nullable=False),
        sa.Column("installed_version", sa.Text, nullable=False),
        sa.Column("fixed_version", sa.Text),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("cvss_score", sa.Float),
        sa.Column("cvss_vector", sa.Text),
        sa.Column("network", sa.Boolean, nullable=False),
        sa.Column("no_auth", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("image", sa.Text),
        sa.Column("image_digest", sa.String(80)),
        sa.Column("target", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("first_seen", UtcDateTime, nullable=False),
        sa.Column("last_seen", UtcDateTime, nullable=False),
    )
    op.create_index("ix_vulns_tenant_digest", "vulnerabilities", ["tenant", "image_digest"])


def downgrade() -> None:
    op.drop_table("vulnerabilities")
