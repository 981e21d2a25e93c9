"""Links: claim vectors, canonical claims, fact-checks and their matches, stories.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fk(column: str, target: str, **kw: object) -> sa.Column:
    return sa.Column(column, sa.String(32), sa.ForeignKey(target, ondelete="CASCADE"), **kw)


def upgrade() -> None:
    tz = sa.DateTime(timezone=True)
    op.create_table(
        "link_state",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    op.create_table(
        "claim_vectors",
        _fk("claim_id", "claims.id", primary_key=True),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "canonical_claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("first_claim_id", sa.String(32), nullable=False),
        sa.Column("first_seen", tz),
        sa.Column("last_seen", tz),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("denials", sa.Integer, nullable=False),
        sa.Column("checkworthiness", sa.Float),
        sa.Column("component", sa.String(128), nullable=False),
    )
    op.create_index("ix_canonical_claims_articles", "canonical_claims", ["articles"])
    op.create_table(
        "claim_links",
        _fk("claim_id", "claims.id", primary_key=True),
        _fk("canonical_id", "canonical_claims.id", nullable=False),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_index("ix_claim_links_canonical", "claim_links", ["canonical_id"])
    op.create_table(
        "fact_checks",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("claim", sa.Text, nullable=False),
        sa.Column("rating", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("reviewed", tz),
        sa.Column("claimant", sa.Text),
        sa.Column("claim_date", tz),
        sa.Column("title", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("appearances", sa.JSON, nullable=False),
        sa.Column("source_format", sa.String(16), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("vector", sa.LargeBinary),
        sa.Column("model", sa.String(64)),
        sa.Column("imported_at", tz, nullable=False),
    )
    op.create_table(
        "fact_check_matches",
        _fk("canonical_id", "canonical_claims.id", primary_key=True),
        _fk("fact_check_id", "fact_checks.id", primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("first_published", tz),
        sa.Column("last_published", tz),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("component", sa.String(128), nullable=False),
    )
    op.create_table(
        "story_articles",
        _fk("article_id", "articles.id", primary_key=True),
        _fk("story_id", "stories.id", nullable=False),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_index("ix_story_articles_story", "story_articles", ["story_id"])


def downgrade() -> None:
    for table in (
        "story_articles",
        "stories",
        "fact_check_matches",
        "fact_checks",
        "claim_links",
        "canonical_claims",
        "claim_vectors",
        "link_state",
    ):
        op.drop_table(table)
