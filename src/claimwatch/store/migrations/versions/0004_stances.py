"""Stances: an article's and its speakers' stance toward a claim, with the statement that
decided each speaker's; the check-worthiness model that scored each claim.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("scored_by", sa.String(128)))
    op.create_table(
        "stances",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("claim_key", sa.String(32), nullable=False),
        sa.Column("claim_text", sa.Text, nullable=False),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("statement_id", sa.String(32)),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_type", sa.String(32)),
        sa.Column("speaker_entity_id", sa.String(32), sa.ForeignKey("entities.id")),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("component", sa.String(128), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_stances_claim", "stances", ["claim_key"])
    op.create_index("ix_stances_article", "stances", ["article_id"])


def downgrade() -> None:
    op.drop_table("stances")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("scored_by")
