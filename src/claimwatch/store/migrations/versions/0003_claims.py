"""Claims: statements and reported claims in self-contained words, with their
check-worthiness once scored.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(32), nullable=False),
        sa.Column("act", sa.String(16), nullable=False),
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_type", sa.String(32)),
        sa.Column("speaker_entity_id", sa.String(32), sa.ForeignKey("entities.id")),
        sa.Column("antecedent_start", sa.Integer),
        sa.Column("antecedent_end", sa.Integer),
        sa.Column("checkworthiness", sa.Float),
        sa.Column("component", sa.String(128), nullable=False),
    )
    op.create_index("ix_claims_article", "claims", ["article_id"])
    op.create_index("ix_claims_checkworthiness", "claims", ["checkworthiness"])


def downgrade() -> None:
    op.drop_table("claims")
